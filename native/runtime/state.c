#include "state.h"
#include "runtime.h"
#include "wh-error.h"
#include "wh-fs.h"
#include "wh-json.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int state_check_id(const char *id) {
  if (!id || !*id) return wh_error(0, "container ID is required");
  if (strlen(id) > 200 || id[0] == '.') return wh_error(0, "invalid container ID \"%s\"", id);
  for (const char *c = id; *c; c++)
    if (!(*c >= 'a' && *c <= 'z') && !(*c >= 'A' && *c <= 'Z') && !(*c >= '0' && *c <= '9') && !strchr("_+-.", *c))
      return wh_error(0, "invalid container ID \"%s\": only letters, digits, _ + - . are allowed", id);
  return 0;
}

void state_dir(const char *id, char *out, size_t cap) { snprintf(out, cap, "%s/%s", wr_globals.root, id); }

int state_create_dir(const char *id) {
  char dir[4096];
  int err = wh_mkdir_p(wr_globals.root, 0700);
  if (err) return err;
  state_dir(id, dir, sizeof dir);
  if (mkdir(dir, 0700) < 0) {
    if (errno == EEXIST) return wh_error(0, "container \"%s\" already exists", id);
    return wh_error(errno, "mkdir %s", dir);
  }
  return 0;
}

int state_save(const struct wr_state *st) {
  char dir[4096], tmp[4200], final[4200], bundle[8200];
  state_dir(st->id, dir, sizeof dir);
  snprintf(tmp, sizeof tmp, "%s/state.json.tmp", dir);
  snprintf(final, sizeof final, "%s/state.json", dir);
  wh_json_escape(bundle, sizeof bundle, st->bundle);
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);
  fprintf(f, "{\"id\":\"%s\",\"pid\":%d,\"startTime\":%llu,\"bundle\":\"%s\",\"created\":\"%s\","
             "\"cgroupV2\":%s,\"cgroupPath\":\"%s\"}\n",
          st->id, st->pid, st->start_time, bundle, st->created, st->cgroup.v2 ? "true" : "false", st->cgroup.path);
  fclose(f);
  int err = wh_write_file(tmp, body, len, O_CREAT | O_TRUNC, 0600);
  free(body);
  if (err) return err;
  if (rename(tmp, final) < 0) return wh_error(errno, "rename %s", final);
  return 0;
}

int state_load(const char *id, struct wr_state *st) {
  char path[4200], *raw;
  int err = state_check_id(id);
  if (err) return err;
  memset(st, 0, sizeof *st);
  state_dir(id, path, sizeof path);
  strncat(path, "/state.json", sizeof path - strlen(path) - 1);
  if (wh_read_file(path, &raw, NULL) < 0) return wh_error(0, "container \"%s\" does not exist", id);
  wh_json *j = wh_json_parse(raw, strlen(raw));
  free(raw);
  if (!j) return wh_error(0, "container \"%s\": corrupt state file %s", id, path);
  snprintf(st->id, sizeof st->id, "%s", id);
  st->pid = (pid_t)wh_json_int(wh_json_get(j, "pid"), 0);
  st->start_time = (unsigned long long)wh_json_int(wh_json_get(j, "startTime"), 0);
  snprintf(st->bundle, sizeof st->bundle, "%s", wh_json_str(wh_json_get(j, "bundle"), ""));
  snprintf(st->created, sizeof st->created, "%s", wh_json_str(wh_json_get(j, "created"), ""));
  st->cgroup.v2 = wh_json_bool(wh_json_get(j, "cgroupV2"), false);
  snprintf(st->cgroup.path, sizeof st->cgroup.path, "%s", wh_json_str(wh_json_get(j, "cgroupPath"), ""));
  wh_json_free(j);
  return 0;
}

static int remove_tree(const char *path) {
  DIR *d = opendir(path);
  if (!d) return errno == ENOENT ? 0 : wh_error(errno, "opendir %s", path);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char child[4400];
    snprintf(child, sizeof child, "%s/%s", path, e->d_name);
    if (e->d_type == DT_DIR) remove_tree(child); else unlink(child);
  }
  closedir(d);
  if (rmdir(path) < 0 && errno != ENOENT) return wh_error(errno, "rmdir %s", path);
  return 0;
}

int state_remove(const char *id) {
  char dir[4096];
  state_dir(id, dir, sizeof dir);
  return remove_tree(dir);
}

unsigned long long state_process_start_time(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  if (wh_read_line(path, buf, sizeof buf) < 0) return 0;
  char *p = strrchr(buf, ')');
  if (!p) return 0;
  /* fields after "comm)": 3=state ... 22=starttime */
  unsigned long long v = 0;
  char state = 0;
  int field = 2;
  for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
    field++;
    if (field == 3) state = tok[0];
    if (field == 22) { v = strtoull(tok, NULL, 10); break; }
  }
  if (state == 'Z' || state == 'X') return 0;
  return v;
}

bool state_process_alive(pid_t pid, unsigned long long start_time) {
  if (pid <= 0) return false;
  unsigned long long now = state_process_start_time(pid);
  return now != 0 && now == start_time;
}

const char *state_status(const struct wr_state *st) {
  if (!state_process_alive(st->pid, st->start_time)) return "stopped";
  char fifo[4200];
  state_dir(st->id, fifo, sizeof fifo);
  strncat(fifo, "/exec.fifo", sizeof fifo - strlen(fifo) - 1);
  if (access(fifo, F_OK) == 0) return "created";
  if (cgroup_is_frozen(&st->cgroup)) return "paused";
  return "running";
}

char *state_annotations(const char *id) {
  char path[4200], *raw;
  state_dir(id, path, sizeof path);
  strncat(path, "/config.json", sizeof path - strlen(path) - 1);
  if (wh_read_file(path, &raw, NULL) < 0) return strdup("{}");
  wh_json *j = wh_json_parse(raw, strlen(raw));
  free(raw);
  const wh_json *a = wh_json_get(j, "annotations");
  char *out = a && a->type == WH_JSON_OBJECT ? wh_json_dump(a) : strdup("{}");
  wh_json_free(j);
  return out;
}

char *state_to_json(const struct wr_state *st, const char *status, const char *annotations_json, bool pretty) {
  char bundle[8200];
  wh_json_escape(bundle, sizeof bundle, st->bundle);
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  const char *nl = pretty ? "\n  " : "", *sp = pretty ? " " : "";
  pid_t pid = strcmp(status, "stopped") == 0 ? 0 : st->pid;
  fprintf(f, "{%s\"ociVersion\":%s\"%s\",%s\"id\":%s\"%s\",%s\"status\":%s\"%s\",%s\"pid\":%s%d,%s\"bundle\":%s\"%s\",",
          nl, sp, WR_OCI_VERSION, nl, sp, st->id, nl, sp, status, nl, sp, pid, nl, sp, bundle);
  fprintf(f, "%s\"created\":%s\"%s\",%s\"annotations\":%s%s%s}",
          nl, sp, st->created, nl, sp, annotations_json ? annotations_json : "{}", pretty ? "\n" : "");
  fclose(f);
  return out;
}
