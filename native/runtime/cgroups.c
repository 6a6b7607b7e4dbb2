#include "cgroups.h"
#include "wh-error.h"
#include "wh-fs.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define CGROUP_ROOT "/sys/fs/cgroup"
#define CGROUP2_MAGIC 0x63677270

/* v1 hierarchies a container joins when they are mounted; limits are written to the first five. */
static const char *const v1_controllers[] = {"memory", "cpu", "cpuset", "pids", "freezer", "cpuacct",
                                             "blkio", "devices", "systemd"};
#define N_V1 (sizeof v1_controllers / sizeof *v1_controllers)

bool cgroup_is_v2(void) {
  static int cached = -1;
  if (cached < 0) {
    struct statfs sf;
    cached = statfs(CGROUP_ROOT, &sf) == 0 && sf.f_type == CGROUP2_MAGIC;
  }
  return cached;
}

void cgroup_init(struct wr_cgroup *cg, const char *cgroups_path, const char *id) {
  cg->v2 = cgroup_is_v2();
  if (cgroups_path && cgroups_path[0] == '/') snprintf(cg->path, sizeof cg->path, "%s", cgroups_path);
  else if (cgroups_path && *cgroups_path) snprintf(cg->path, sizeof cg->path, "/%s", cgroups_path);
  else snprintf(cg->path, sizeof cg->path, "/%s", id); /* runc's default: no parent left behind */
}

static void dir_of(const struct wr_cgroup *cg, const char *controller, char *out, size_t cap) {
  if (cg->v2) snprintf(out, cap, CGROUP_ROOT "%s", cg->path);
  else snprintf(out, cap, CGROUP_ROOT "/%s%s", controller, cg->path);
}

static bool mounted(const char *controller) {
  char p[256];
  snprintf(p, sizeof p, CGROUP_ROOT "/%s/cgroup.procs", controller);
  return access(p, F_OK) == 0;
}

static int set(const char *dir, const char *file, const char *value) {
  char p[2400];
  snprintf(p, sizeof p, "%s/%s", dir, file);
  return wh_write_knob(p, value);
}

/* cgroup v1 cpuset: a new cgroup starts with empty cpus/mems and refuses tasks; copy them down each level. */
static int init_cpuset_v1(const char *path) {
  char dir[2400], parent[2400], val[1024];
  size_t base = strlen(CGROUP_ROOT "/cpuset");
  snprintf(dir, sizeof dir, "%s", path);
  for (char *p = dir + base + 1; ; p++) {
    if (*p != '/' && *p != 0) continue;
    char saved = *p;
    *p = 0;
    for (int k = 0; k < 2; k++) {
      const char *file = k ? "cpuset.mems" : "cpuset.cpus";
      char cur[2500], up[2500];
      snprintf(cur, sizeof cur, "%s/%s", dir, file);
      if (wh_read_line(cur, val, sizeof val) == 0 && val[0]) continue;
      snprintf(parent, sizeof parent, "%s", dir);
      *strrchr(parent, '/') = 0;
      snprintf(up, sizeof up, "%s/%s", parent, file);
      int err = wh_read_line(up, val, sizeof val);
      if (!err) err = wh_write_knob(cur, val);
      if (err) return err;
    }
    *p = saved;
    if (!saved) break;
  }
  return 0;
}

/* Device access rules (config-linux.md#allowed-device-list) on the v1 devices controller, in order, followed
 * by the devices every container gets (the defaults runc appends): mknod of anything, the default device
 * nodes, /dev/pts/N, /dev/ptmx, /dev/console and /dev/net/tun. */
static int write_devices_v1(const struct wr_cgroup *cg, const struct wr_resources *r) {
  static const char *const defaults[] = {"c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm",
                                         "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm"};
  char dir[2400], rule[128];
  int err;
  if (!r->devices || !mounted("devices")) return 0;
  dir_of(cg, "devices", dir, sizeof dir);
  for (size_t i = 0; i < wh_json_count(r->devices); i++) {
    const wh_json *d = wh_json_at(r->devices, i);
    const char *type = wh_json_str(wh_json_get(d, "type"), "a");
    const wh_json *maj = wh_json_get(d, "major"), *min = wh_json_get(d, "minor");
    char majs[24] = "*", mins[24] = "*";
    if (maj && maj->type == WH_JSON_NUMBER && maj->integer >= 0) snprintf(majs, sizeof majs, "%lld", (long long)maj->integer);
    if (min && min->type == WH_JSON_NUMBER && min->integer >= 0) snprintf(mins, sizeof mins, "%lld", (long long)min->integer);
    if (type[0] == 'a') snprintf(rule, sizeof rule, "a");
    else snprintf(rule, sizeof rule, "%s %s:%s %s", type, majs, mins, wh_json_str(wh_json_get(d, "access"), "rwm"));
    bool allow = wh_json_bool(wh_json_get(d, "allow"), false);
    if ((err = set(dir, allow ? "devices.allow" : "devices.deny", rule))) return err;
  }
  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
    if ((err = set(dir, "devices.allow", defaults[i]))) return err;
  return 0;
}

static int write_limits_v1(const struct wr_cgroup *cg, const struct wr_resources *r) {
  char dir[2400], v[64];
  int err = write_devices_v1(cg, r);
  if (err) return err;
  dir_of(cg, "memory", dir, sizeof dir);
  if (r->memory_limit != -2) {
    snprintf(v, sizeof v, "%lld", (long long)r->memory_limit);
    if ((err = set(dir, "memory.limit_in_bytes", v))) return err;
  }
  if (r->memory_swap != -2) {
    snprintf(v, sizeof v, "%lld", (long long)r->memory_swap);
    if ((err = set(dir, "memory.memsw.limit_in_bytes", v))) return err;
  }
  dir_of(cg, "cpu", dir, sizeof dir);
  if (r->cpu_shares) { snprintf(v, sizeof v, "%llu", (unsigned long long)r->cpu_shares); if ((err = set(dir, "cpu.shares", v))) return err; }
  if (r->cpu_period) { snprintf(v, sizeof v, "%llu", (unsigned long long)r->cpu_period); if ((err = set(dir, "cpu.cfs_period_us", v))) return err; }
  if (r->cpu_quota) { snprintf(v, sizeof v, "%lld", (long long)r->cpu_quota); if ((err = set(dir, "cpu.cfs_quota_us", v))) return err; }
  dir_of(cg, "cpuset", dir, sizeof dir);
  if (r->cpuset_cpus && (err = set(dir, "cpuset.cpus", r->cpuset_cpus))) return err;
  if (r->cpuset_mems && (err = set(dir, "cpuset.mems", r->cpuset_mems))) return err;
  dir_of(cg, "pids", dir, sizeof dir);
  if (r->pids_limit) {
    if (r->pids_limit < 0) snprintf(v, sizeof v, "max"); else snprintf(v, sizeof v, "%lld", (long long)r->pids_limit);
    if ((err = set(dir, "pids.max", v))) return err;
  }
  return 0;
}

/* cgroup v2 (Documentation/admin-guide/cgroup-v2.rst): enable controllers down the path, then write knobs. */
static int write_limits_v2(const struct wr_cgroup *cg, const struct wr_resources *r) {
  char dir[2400], v[128];
  int err;
  dir_of(cg, NULL, dir, sizeof dir);
  char walk[2400];
  snprintf(walk, sizeof walk, "%s", dir);
  for (char *p = walk + strlen(CGROUP_ROOT); p && *p; p = strchr(p + 1, '/')) {
    char saved = *p;
    *p = 0;
    char ctl[2500];
    snprintf(ctl, sizeof ctl, "%s/cgroup.subtree_control", walk);
    static const char *const want[] = {"+memory", "+cpu", "+cpuset", "+pids"};
    for (size_t i = 0; i < 4; i++) (void)wh_write_knob(ctl, want[i]); /* missing controllers are reported below */
    *p = saved;
  }
  if (r->memory_limit != -2) {
    if (r->memory_limit < 0) snprintf(v, sizeof v, "max"); else snprintf(v, sizeof v, "%lld", (long long)r->memory_limit);
    if ((err = set(dir, "memory.max", v))) return err;
  }
  if (r->memory_swap != -2) {
    /* OCI swap is memory+swap (v1 semantics); v2's memory.swap.max is swap alone. */
    if (r->memory_swap < 0) snprintf(v, sizeof v, "max");
    else snprintf(v, sizeof v, "%lld", (long long)(r->memory_swap - (r->memory_limit > 0 ? r->memory_limit : 0)));
    if ((err = set(dir, "memory.swap.max", v))) return err;
  }
  if (r->cpu_shares) {
    snprintf(v, sizeof v, "%llu", (unsigned long long)(1 + ((r->cpu_shares - 2) * 9999) / 262142));
    if ((err = set(dir, "cpu.weight", v))) return err;
  }
  if (r->cpu_quota || r->cpu_period) {
    if (r->cpu_quota > 0) snprintf(v, sizeof v, "%lld %llu", (long long)r->cpu_quota, (unsigned long long)(r->cpu_period ? r->cpu_period : 100000));
    else snprintf(v, sizeof v, "max %llu", (unsigned long long)(r->cpu_period ? r->cpu_period : 100000));
    if ((err = set(dir, "cpu.max", v))) return err;
  }
  if (r->cpuset_cpus && (err = set(dir, "cpuset.cpus", r->cpuset_cpus))) return err;
  if (r->cpuset_mems && (err = set(dir, "cpuset.mems", r->cpuset_mems))) return err;
  if (r->pids_limit) {
    if (r->pids_limit < 0) snprintf(v, sizeof v, "max"); else snprintf(v, sizeof v, "%lld", (long long)r->pids_limit);
    if ((err = set(dir, "pids.max", v))) return err;
  }
  return 0;
}

int cgroup_create(const struct wr_cgroup *cg, const struct wr_resources *r) {
  char dir[2400];
  int err;
  if (cg->v2) {
    dir_of(cg, NULL, dir, sizeof dir);
    if ((err = wh_mkdir_p(dir, 0755))) return err;
    return write_limits_v2(cg, r);
  }
  for (size_t i = 0; i < N_V1; i++) {
    if (!mounted(v1_controllers[i])) continue;
    dir_of(cg, v1_controllers[i], dir, sizeof dir);
    if ((err = wh_mkdir_p(dir, 0755))) return err;
    if (strcmp(v1_controllers[i], "cpuset") == 0 && (err = init_cpuset_v1(dir))) return err;
  }
  return write_limits_v1(cg, r);
}

int cgroup_add_pid(const struct wr_cgroup *cg, pid_t pid) {
  char dir[2400], v[32];
  int err;
  snprintf(v, sizeof v, "%d", pid);
  if (cg->v2) { dir_of(cg, NULL, dir, sizeof dir); return set(dir, "cgroup.procs", v); }
  for (size_t i = 0; i < N_V1; i++) {
    if (!mounted(v1_controllers[i])) continue;
    dir_of(cg, v1_controllers[i], dir, sizeof dir);
    if ((err = set(dir, "cgroup.procs", v))) return err;
  }
  return 0;
}

bool cgroup_is_frozen(const struct wr_cgroup *cg) {
  char dir[2400], p[2500], buf[256];
  if (!cg->path[0]) return false;
  if (cg->v2) {
    dir_of(cg, NULL, dir, sizeof dir);
    snprintf(p, sizeof p, "%s/cgroup.freeze", dir);
    return wh_read_line(p, buf, sizeof buf) == 0 && buf[0] == '1';
  }
  dir_of(cg, "freezer", dir, sizeof dir);
  snprintf(p, sizeof p, "%s/freezer.state", dir);
  return wh_read_line(p, buf, sizeof buf) == 0 && strcmp(buf, "THAWED") != 0;
}

int cgroup_set_frozen(const struct wr_cgroup *cg, bool frozen) {
  char dir[2400], p[2500], buf[256];
  int err;
  if (cg->v2) {
    dir_of(cg, NULL, dir, sizeof dir);
    if ((err = set(dir, "cgroup.freeze", frozen ? "1" : "0"))) return err;
    snprintf(p, sizeof p, "%s/cgroup.events", dir);
  } else {
    dir_of(cg, "freezer", dir, sizeof dir);
    if ((err = set(dir, "freezer.state", frozen ? "FROZEN" : "THAWED"))) return err;
    snprintf(p, sizeof p, "%s/freezer.state", dir);
  }
  /* Wait until the kernel reports the transition complete (v1 FREEZING -> FROZEN; v2 "frozen 1"). */
  for (int i = 0; i < 1000; i++) {
    if (cg->v2) {
      char *raw;
      if (wh_read_file(p, &raw, NULL) == 0) {
        bool done = strstr(raw, frozen ? "frozen 1" : "frozen 0") != NULL;
        free(raw);
        if (done) return 0;
      }
    } else if (wh_read_line(p, buf, sizeof buf) == 0 && strcmp(buf, frozen ? "FROZEN" : "THAWED") == 0) {
      return 0;
    }
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
    if (!cg->v2 && frozen) (void)set(dir, "freezer.state", "FROZEN");
  }
  return wh_error(ETIMEDOUT, "%s %s", frozen ? "freeze" : "thaw", dir);
}

int cgroup_pids(const struct wr_cgroup *cg, pid_t **pids, size_t *n) {
  char dir[2400], p[2500], *raw;
  dir_of(cg, cg->v2 ? NULL : "pids", dir, sizeof dir);
  if (!cg->v2 && !mounted("pids")) dir_of(cg, "memory", dir, sizeof dir);
  snprintf(p, sizeof p, "%s/cgroup.procs", dir);
  *n = 0;
  *pids = NULL;
  int err = wh_read_file(p, &raw, NULL);
  if (err) return err;
  size_t cap = 16;
  *pids = malloc(cap * sizeof **pids);
  for (char *tok = strtok(raw, "\n"); tok; tok = strtok(NULL, "\n")) {
    if (*n == cap) *pids = realloc(*pids, (cap *= 2) * sizeof **pids);
    (*pids)[(*n)++] = (pid_t)atoi(tok);
  }
  free(raw);
  return 0;
}

static int remove_dir(const char *dir) {
  for (int i = 0; i < 500; i++) {
    if (rmdir(dir) == 0 || errno == ENOENT) return 0;
    if (errno != EBUSY) return wh_error(errno, "rmdir %s", dir);
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
  }
  return wh_error(EBUSY, "rmdir %s", dir);
}

int cgroup_destroy(const struct wr_cgroup *cg) {
  char dir[2400];
  int err = 0;
  if (!cg->path[0] || strcmp(cg->path, "/") == 0) return 0;
  if (cg->v2) { dir_of(cg, NULL, dir, sizeof dir); return remove_dir(dir); }
  for (size_t i = 0; i < N_V1; i++) {
    if (!mounted(v1_controllers[i])) continue;
    dir_of(cg, v1_controllers[i], dir, sizeof dir);
    int e = remove_dir(dir);
    if (e && !err) err = e;
  }
  return err;
}

static long long read_number(const char *dir, const char *file) {
  char p[2500], buf[128];
  snprintf(p, sizeof p, "%s/%s", dir, file);
  if (wh_read_line(p, buf, sizeof buf) < 0) return 0;
  if (strcmp(buf, "max") == 0) return 0;
  return atoll(buf);
}

static long long read_keyed(const char *dir, const char *file, const char *key) {
  char p[2500], *raw;
  long long v = 0;
  snprintf(p, sizeof p, "%s/%s", dir, file);
  if (wh_read_file(p, &raw, NULL) < 0) return 0;
  size_t kl = strlen(key);
  for (char *line = strtok(raw, "\n"); line; line = strtok(NULL, "\n"))
    if (strncmp(line, key, kl) == 0 && line[kl] == ' ') v = atoll(line + kl + 1);
  free(raw);
  return v;
}

void cgroup_write_stats(const struct wr_cgroup *cg, FILE *out) {
  char dir[2400];
  long long cpu_total, cpu_user, cpu_kernel, mem_usage, mem_max, mem_limit, pids_current, pids_limit;
  if (cg->v2) {
    dir_of(cg, NULL, dir, sizeof dir);
    cpu_total = read_keyed(dir, "cpu.stat", "usage_usec") * 1000;
    cpu_user = read_keyed(dir, "cpu.stat", "user_usec") * 1000;
    cpu_kernel = read_keyed(dir, "cpu.stat", "system_usec") * 1000;
    mem_usage = read_number(dir, "memory.current");
    mem_max = read_number(dir, "memory.peak");
    mem_limit = read_number(dir, "memory.max");
    pids_current = read_number(dir, "pids.current");
    pids_limit = read_number(dir, "pids.max");
  } else {
    dir_of(cg, "cpuacct", dir, sizeof dir);
    cpu_total = read_number(dir, "cpuacct.usage");
    cpu_user = read_keyed(dir, "cpuacct.stat", "user") * (1000000000LL / sysconf(_SC_CLK_TCK));
    cpu_kernel = read_keyed(dir, "cpuacct.stat", "system") * (1000000000LL / sysconf(_SC_CLK_TCK));
    dir_of(cg, "memory", dir, sizeof dir);
    mem_usage = read_number(dir, "memory.usage_in_bytes");
    mem_max = read_number(dir, "memory.max_usage_in_bytes");
    mem_limit = read_number(dir, "memory.limit_in_bytes");
    dir_of(cg, "pids", dir, sizeof dir);
    pids_current = read_number(dir, "pids.current");
    pids_limit = read_number(dir, "pids.max");
  }
  fprintf(out,
          "{\"cpu\":{\"usage\":{\"total\":%lld,\"user\":%lld,\"kernel\":%lld}},"
          "\"memory\":{\"usage\":{\"usage\":%lld,\"max\":%lld,\"limit\":%lld}},"
          "\"pids\":{\"current\":%lld,\"limit\":%lld}}",
          cpu_total, cpu_user, cpu_kernel, mem_usage, mem_max, mem_limit, pids_current, pids_limit);
}
