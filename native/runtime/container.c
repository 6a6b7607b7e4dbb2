#include "container.h"
#include "cgroups.h"
#include "console.h"
#include "hooks.h"
#include "runtime.h"
#include "seccomp.h"
#include "sync.h"
#include "wh-error.h"
#include "wh-fs.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void container_timestamp(char *out, size_t cap) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t k = strftime(out, cap, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + k, cap - k, ".%09ldZ", ts.tv_nsec);
}

static void state_path(const char *id, const char *file, char *out, size_t cap) {
  char dir[4096];
  state_dir(id, dir, sizeof dir);
  snprintf(out, cap, "%s/%s", dir, file);
}

static int write_id_maps(pid_t pid, const struct wr_spec *spec) {
  char p[64];
  snprintf(p, sizeof p, "/proc/%d/uid_map", pid);
  int err = wh_write_knob(p, spec->uid_map);
  if (err) return err;
  snprintf(p, sizeof p, "/proc/%d/gid_map", pid);
  return wh_write_knob(p, spec->gid_map);
}

static int write_pid_file(const char *path, pid_t pid) {
  char tmp[4200], v[32];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  snprintf(v, sizeof v, "%d", pid);
  int err = wh_write_file(tmp, v, strlen(v), O_CREAT | O_TRUNC, 0644);
  if (err) return err;
  if (rename(tmp, path) < 0) return wh_error(errno, "rename %s", path);
  return 0;
}

static int clone_flags(const struct wr_spec *spec) {
  int flags = 0;
  for (size_t i = 0; i < spec->n_namespaces; i++)
    if (!spec->namespaces[i].path && spec->namespaces[i].type != CLONE_NEWCGROUP) flags |= spec->namespaces[i].type;
  return flags;
}

/* Joining an existing pid namespace only affects children (pid_namespaces(7)), so the runtime does it. */
static int join_pid_namespace(const struct wr_spec *spec) {
  const char *path = NULL;
  if (!spec_has_namespace(spec, CLONE_NEWPID, &path) || !path) return 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return wh_error(errno, "open namespace %s", path);
  int r = setns(fd, CLONE_NEWPID);
  int e = errno;
  close(fd);
  return r < 0 ? wh_error(e, "setns %s", path) : 0;
}

/* Waits for the next handshake message; an 'E' or EOF becomes the error. */
static int expect(int sync, char want, char *payload, size_t cap) {
  int tag = sync_recv(sync, payload, cap);
  if (tag == want) return 0;
  if (tag == 'E') return wh_error(0, "%s", payload);
  if (tag <= 0) return wh_error(0, "container process exited during setup");
  return wh_error(0, "unexpected handshake message '%c'", tag);
}

int container_create(const struct wr_create_opts *o, struct wr_spec *spec, struct wr_state *st) {
  int err, fds[2] = {-1, -1}, fifo = -1, console = -1;
  struct wr_seccomp *filter = NULL;
  pid_t pid = -1;
  bool made_dir = false, made_cgroup = false;
  char path[4200], payload[4096];
  memset(st, 0, sizeof *st);
  if ((err = state_check_id(o->id))) return err;
  if ((err = spec_load(spec, o->bundle, NULL))) return err;
  if ((err = seccomp_build(spec->seccomp, &filter))) return err;
  if (spec->process.terminal && !o->console_socket && o->console_fd < 0)
    return wh_error(0, "process.terminal is true: --console-socket is required");
  if ((err = state_create_dir(o->id))) return err;
  made_dir = true;
  snprintf(st->id, sizeof st->id, "%s", o->id);
  snprintf(st->bundle, sizeof st->bundle, "%s", spec->bundle);
  container_timestamp(st->created, sizeof st->created);
  state_path(o->id, "config.json", path, sizeof path);
  if ((err = wh_write_file(path, spec->raw, spec->raw_len, O_CREAT | O_TRUNC, 0600))) goto fail;
  state_path(o->id, "exec.fifo", path, sizeof path);
  if (mkfifo(path, 0600) < 0) { err = wh_error(errno, "mkfifo %s", path); goto fail; }
  if ((fifo = open(path, O_RDWR | O_CLOEXEC)) < 0) { err = wh_error(errno, "open %s", path); goto fail; }
  cgroup_init(&st->cgroup, spec->cgroups_path, o->id);
  made_cgroup = true;
  if ((err = cgroup_create(&st->cgroup, &spec->resources))) goto fail;
  if (o->console_socket && spec->process.terminal && (console = err = console_connect(o->console_socket)) < 0) goto fail;
  if (!o->console_socket && spec->process.terminal && (console = fcntl(o->console_fd, F_DUPFD_CLOEXEC, 3)) < 0) {
    err = wh_error(errno, "dup console socket");
    goto fail;
  }
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0) { err = wh_error(errno, "socketpair"); goto fail; }
  if ((err = join_pid_namespace(spec))) goto fail;

  int flags = clone_flags(spec);
  pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0) { err = wh_error(errno, "clone"); goto fail; }
  if (pid == 0) {
    close(fds[0]);
    struct wr_init_args a = {spec, fds[1], fifo, console, filter, (flags & CLONE_NEWUSER) != 0, o->preserve_fds};
    container_init(&a);
  }
  close(fds[1]);
  fds[1] = -1;
  if (console >= 0) { close(console); console = -1; }
  st->pid = pid;
  st->start_time = state_process_start_time(pid);
  if ((flags & CLONE_NEWUSER) && (err = write_id_maps(pid, spec))) goto fail;
  if ((err = cgroup_add_pid(&st->cgroup, pid))) goto fail;
  if (spec->process.has_oom_score_adj) {
    char p[64], v[32];
    snprintf(p, sizeof p, "/proc/%d/oom_score_adj", pid);
    snprintf(v, sizeof v, "%d", spec->process.oom_score_adj);
    if ((err = wh_write_knob(p, v))) goto fail;
  }
  if ((err = sync_send(fds[0], 'G', NULL))) goto fail;
  if ((err = expect(fds[0], 'N', payload, sizeof payload))) goto fail;
  char *annotations = spec->annotations ? wh_json_dump(spec->annotations) : strdup("{}");
  char *json = state_to_json(st, "creating", annotations, false);
  free(annotations);
  if (!(err = hooks_run(spec, HOOK_PRESTART, json))) err = hooks_run(spec, HOOK_CREATE_RUNTIME, json);
  if (!err) err = sync_send(fds[0], 'G', json);
  free(json);
  if (err) goto fail;
  if ((err = expect(fds[0], 'R', payload, sizeof payload))) goto fail;
  close(fds[0]);
  close(fifo);
  if ((err = state_save(st))) goto fail;
  if (o->pid_file && (err = write_pid_file(o->pid_file, pid))) goto fail;
  return 0;

fail:
  if (pid > 0) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); }
  if (made_cgroup) cgroup_destroy(&st->cgroup);
  if (made_dir) state_remove(o->id);
  for (int i = 0; i < 2; i++) if (fds[i] >= 0) close(fds[i]);
  if (fifo >= 0) close(fifo);
  if (console >= 0) close(console);
  return err;
}

static int load_stored_spec(const char *id, struct wr_spec *spec, const struct wr_state *st) {
  char path[4200];
  state_path(id, "config.json", path, sizeof path);
  return spec_load(spec, st->bundle, path);
}

int container_start(const char *id) {
  struct wr_state st;
  char path[4200];
  int err = state_load(id, &st);
  if (err) return err;
  const char *status = state_status(&st);
  if (strcmp(status, "created") != 0)
    return wh_error(0, "cannot start container \"%s\": it is %s, not created", id, status);
  state_path(id, "exec.fifo", path, sizeof path);
  int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return wh_error(errno == ENXIO ? 0 : errno, "cannot start container \"%s\": %s", id, errno == ENXIO ? "its process is gone" : path);
  ssize_t w = write(fd, "0", 1);
  int e = errno;
  close(fd);
  if (w != 1) return wh_error(e, "write %s", path);
  unlink(path);
  struct wr_spec spec;
  if (load_stored_spec(id, &spec, &st) == 0 && spec.n_hooks[HOOK_POSTSTART]) {
    char *ann = state_annotations(id), *json = state_to_json(&st, "running", ann, false);
    if (hooks_run(&spec, HOOK_POSTSTART, json) < 0) wh_log("warning", "%s", wh_last_error());
    free(ann);
    free(json);
  }
  return 0;
}

static void kill_all(const struct wr_state *st, int sig) {
  pid_t *pids;
  size_t n;
  if (cgroup_pids(&st->cgroup, &pids, &n) == 0) {
    for (size_t i = 0; i < n; i++) kill(pids[i], sig);
    free(pids);
  }
  if (state_process_alive(st->pid, st->start_time)) kill(st->pid, sig);
}

int container_delete(const char *id, bool force) {
  struct wr_state st;
  int err = state_load(id, &st);
  if (err) return err;
  const char *status = state_status(&st);
  if (strcmp(status, "stopped") != 0 && strcmp(status, "created") != 0 && !force)
    return wh_error(0, "cannot delete container \"%s\" that is not stopped: %s (use --force)", id, status);
  if (strcmp(status, "stopped") != 0) {
    kill_all(&st, SIGKILL);
    if (strcmp(status, "paused") == 0) cgroup_set_frozen(&st.cgroup, false);
    for (int i = 0; i < 2000 && state_process_alive(st.pid, st.start_time); i++) {
      struct timespec ts = {0, 1000000};
      nanosleep(&ts, NULL);
      waitpid(st.pid, NULL, WNOHANG);
    }
  }
  struct wr_spec spec;
  if (load_stored_spec(id, &spec, &st) == 0 && spec.n_hooks[HOOK_POSTSTOP]) {
    char *ann = state_annotations(id), *json = state_to_json(&st, "stopped", ann, false);
    if (hooks_run(&spec, HOOK_POSTSTOP, json) < 0) wh_log("warning", "%s", wh_last_error());
    free(ann);
    free(json);
  }
  if ((err = cgroup_destroy(&st.cgroup))) return err;
  return state_remove(id);
}
