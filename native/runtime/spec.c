#include "spec.h"
#include "caps.h"
#include "wh-error.h"
#include "wh-fs.h"
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

const char *const hook_kind_names[HOOK_KIND_COUNT] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};

static const struct { const char *name; int type; } ns_types[] = {
  {"pid", CLONE_NEWPID}, {"network", CLONE_NEWNET}, {"mount", CLONE_NEWNS}, {"ipc", CLONE_NEWIPC},
  {"uts", CLONE_NEWUTS}, {"user", CLONE_NEWUSER}, {"cgroup", CLONE_NEWCGROUP}, {"time", 0x80 /* CLONE_NEWTIME */},
};

static const struct { const char *name; int resource; } rlimit_names[] = {
  {"RLIMIT_AS", RLIMIT_AS}, {"RLIMIT_CORE", RLIMIT_CORE}, {"RLIMIT_CPU", RLIMIT_CPU},
  {"RLIMIT_DATA", RLIMIT_DATA}, {"RLIMIT_FSIZE", RLIMIT_FSIZE}, {"RLIMIT_LOCKS", RLIMIT_LOCKS},
  {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
  {"RLIMIT_NOFILE", RLIMIT_NOFILE}, {"RLIMIT_NPROC", RLIMIT_NPROC}, {"RLIMIT_RSS", RLIMIT_RSS},
  {"RLIMIT_RTPRIO", RLIMIT_RTPRIO}, {"RLIMIT_RTTIME", RLIMIT_RTTIME}, {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
  {"RLIMIT_STACK", RLIMIT_STACK},
};

static const struct { const char *name; bool clear; unsigned long flag; } mount_flags[] = {
  {"ro", false, MS_RDONLY}, {"rw", true, MS_RDONLY}, {"nosuid", false, MS_NOSUID}, {"suid", true, MS_NOSUID},
  {"nodev", false, MS_NODEV}, {"dev", true, MS_NODEV}, {"noexec", false, MS_NOEXEC}, {"exec", true, MS_NOEXEC},
  {"sync", false, MS_SYNCHRONOUS}, {"async", true, MS_SYNCHRONOUS}, {"dirsync", false, MS_DIRSYNC},
  {"remount", false, MS_REMOUNT}, {"mand", false, MS_MANDLOCK}, {"nomand", true, MS_MANDLOCK},
  {"atime", true, MS_NOATIME}, {"noatime", false, MS_NOATIME}, {"diratime", true, MS_NODIRATIME},
  {"nodiratime", false, MS_NODIRATIME}, {"relatime", false, MS_RELATIME}, {"norelatime", true, MS_RELATIME},
  {"strictatime", false, MS_STRICTATIME}, {"nostrictatime", true, MS_STRICTATIME},
  {"defaults", false, 0},
};

static const struct { const char *name; unsigned long flag; } propagation_flags[] = {
  {"private", MS_PRIVATE}, {"rprivate", MS_PRIVATE | MS_REC}, {"shared", MS_SHARED},
  {"rshared", MS_SHARED | MS_REC}, {"slave", MS_SLAVE}, {"rslave", MS_SLAVE | MS_REC},
  {"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

static unsigned long propagation_from_name(const char *s) {
  for (size_t i = 0; i < sizeof propagation_flags / sizeof *propagation_flags; i++)
    if (strcmp(s, propagation_flags[i].name) == 0) return propagation_flags[i].flag;
  return 0;
}

int spec_parse_mount_options(const wh_json *options, struct wr_mount *m) {
  size_t cap = 1, used = 0;
  for (size_t i = 0; i < wh_json_count(options); i++) cap += strlen(wh_json_str(wh_json_at(options, i), "")) + 1;
  m->data = calloc(1, cap);
  for (size_t i = 0; i < wh_json_count(options); i++) {
    const char *o = wh_json_str(wh_json_at(options, i), NULL);
    if (!o) return wh_error(0, "mount %s: options must be strings", m->destination);
    bool known = false;
    if (strcmp(o, "bind") == 0 || strcmp(o, "rbind") == 0) {
      m->bind = true;
      m->flags |= MS_BIND | (o[0] == 'r' ? MS_REC : 0);
      continue;
    }
    for (size_t k = 0; k < sizeof mount_flags / sizeof *mount_flags && !known; k++) {
      if (strcmp(o, mount_flags[k].name) != 0) continue;
      known = true;
      if (mount_flags[k].clear) m->flags &= ~mount_flags[k].flag; else m->flags |= mount_flags[k].flag;
    }
    unsigned long prop = propagation_from_name(o);
    if (prop) { m->propagation = prop; known = true; }
    if (known) continue;
    used += (size_t)sprintf(m->data + used, "%s%s", used ? "," : "", o);
  }
  return 0;
}

static char **parse_string_array(const wh_json *a, const char *what, int *err) {
  size_t n = wh_json_count(a);
  char **out = calloc(n + 1, sizeof *out);
  for (size_t i = 0; i < n; i++) {
    out[i] = (char *)wh_json_str(wh_json_at(a, i), NULL);
    if (!out[i]) { *err = wh_error(0, "%s[%zu] must be a string", what, i); return out; }
  }
  return out;
}

static int parse_caps(const wh_json *caps, struct wr_process *out) {
  static const char *const sets[CAPSET_COUNT] = {"bounding", "effective", "inheritable", "permitted", "ambient"};
  out->has_caps = caps != NULL;
  for (int s = 0; s < CAPSET_COUNT; s++) {
    const wh_json *list = wh_json_get(caps, sets[s]);
    for (size_t i = 0; i < wh_json_count(list); i++) {
      const char *name = wh_json_str(wh_json_at(list, i), "");
      int c = caps_from_name(name);
      if (c < 0) { /* runc and crun ignore unknown names too, so configs for newer kernels still run */
        wh_log("warning", "process.capabilities.%s: ignoring unknown capability %s", sets[s], name);
        continue;
      }
      if (c > caps_last_cap()) continue; /* not supported by this kernel: ignored, as runc does */
      out->caps[s] |= 1ULL << c;
    }
  }
  return 0;
}

int spec_parse_process(const wh_json *p, struct wr_process *out) {
  int err = 0;
  memset(out, 0, sizeof *out);
  if (!p || p->type != WH_JSON_OBJECT) return wh_error(0, "process: missing or not an object");
  out->terminal = wh_json_bool(wh_json_get(p, "terminal"), false);
  const wh_json *size = wh_json_get(p, "consoleSize");
  out->console_height = (unsigned short)wh_json_int(wh_json_get(size, "height"), 0);
  out->console_width = (unsigned short)wh_json_int(wh_json_get(size, "width"), 0);
  out->no_new_privileges = wh_json_bool(wh_json_get(p, "noNewPrivileges"), false);
  const wh_json *user = wh_json_get(p, "user");
  out->uid = (uid_t)wh_json_int(wh_json_get(user, "uid"), 0);
  out->gid = (gid_t)wh_json_int(wh_json_get(user, "gid"), 0);
  out->umask = (int)wh_json_int(wh_json_get(user, "umask"), -1);
  const wh_json *gids = wh_json_get(user, "additionalGids");
  out->n_additional_gids = wh_json_count(gids);
  out->additional_gids = calloc(out->n_additional_gids + 1, sizeof(gid_t));
  for (size_t i = 0; i < out->n_additional_gids; i++)
    out->additional_gids[i] = (gid_t)wh_json_int(wh_json_at(gids, i), 0);
  out->cwd = wh_json_str(wh_json_get(p, "cwd"), NULL);
  if (!out->cwd || out->cwd[0] != '/') return wh_error(0, "process.cwd: must be an absolute path");
  out->args = parse_string_array(wh_json_get(p, "args"), "process.args", &err);
  if (err) return err;
  if (!out->args[0]) return wh_error(0, "process.args: must not be empty");
  out->env = parse_string_array(wh_json_get(p, "env"), "process.env", &err);
  if (err) return err;
  if ((err = parse_caps(wh_json_get(p, "capabilities"), out))) return err;
  const wh_json *rl = wh_json_get(p, "rlimits");
  out->n_rlimits = wh_json_count(rl);
  out->rlimits = calloc(out->n_rlimits + 1, sizeof *out->rlimits);
  for (size_t i = 0; i < out->n_rlimits; i++) {
    const wh_json *r = wh_json_at(rl, i);
    const char *type = wh_json_str(wh_json_get(r, "type"), "");
    out->rlimits[i].resource = -1;
    for (size_t k = 0; k < sizeof rlimit_names / sizeof *rlimit_names; k++)
      if (strcmp(type, rlimit_names[k].name) == 0) out->rlimits[i].resource = rlimit_names[k].resource;
    if (out->rlimits[i].resource < 0) return wh_error(0, "process.rlimits: unknown type %s", type);
    const wh_json *soft = wh_json_get(r, "soft"), *hard = wh_json_get(r, "hard");
    if (!soft || !hard || soft->type != WH_JSON_NUMBER || hard->type != WH_JSON_NUMBER)
      return wh_error(0, "process.rlimits: %s needs numeric soft and hard", type);
    out->rlimits[i].soft = soft->number >= 1.8e19 ? UINT64_MAX : (uint64_t)soft->number;
    out->rlimits[i].hard = hard->number >= 1.8e19 ? UINT64_MAX : (uint64_t)hard->number;
  }
  const wh_json *oom = wh_json_get(p, "oomScoreAdj");
  out->has_oom_score_adj = oom != NULL;
  out->oom_score_adj = (int)wh_json_int(oom, 0);
  return 0;
}

static char *parse_id_map(const wh_json *maps) {
  size_t n = wh_json_count(maps);
  if (!n) return NULL;
  char *out = calloc(n, 64);
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    const wh_json *m = wh_json_at(maps, i);
    used += (size_t)sprintf(out + used, "%lld %lld %lld\n", (long long)wh_json_int(wh_json_get(m, "containerID"), 0),
                            (long long)wh_json_int(wh_json_get(m, "hostID"), 0),
                            (long long)wh_json_int(wh_json_get(m, "size"), 0));
  }
  return out;
}

static int parse_hooks(struct wr_spec *spec) {
  const wh_json *hooks = wh_json_get(spec->json, "hooks");
  for (int k = 0; k < HOOK_KIND_COUNT; k++) {
    const wh_json *list = wh_json_get(hooks, hook_kind_names[k]);
    spec->n_hooks[k] = wh_json_count(list);
    spec->hooks[k] = calloc(spec->n_hooks[k] + 1, sizeof(struct wr_hook));
    for (size_t i = 0; i < spec->n_hooks[k]; i++) {
      const wh_json *h = wh_json_at(list, i);
      struct wr_hook *hook = &spec->hooks[k][i];
      int err = 0;
      hook->path = wh_json_str(wh_json_get(h, "path"), NULL);
      if (!hook->path || hook->path[0] != '/')
        return wh_error(0, "hooks.%s[%zu].path: must be an absolute path", hook_kind_names[k], i);
      hook->args = parse_string_array(wh_json_get(h, "args"), "hook args", &err);
      if (!err) hook->env = parse_string_array(wh_json_get(h, "env"), "hook env", &err);
      if (err) return err;
      hook->timeout = (int)wh_json_int(wh_json_get(h, "timeout"), 0);
    }
  }
  return 0;
}

static int parse_linux(struct wr_spec *spec) {
  const wh_json *linux_ = wh_json_get(spec->json, "linux");
  const wh_json *nss = wh_json_get(linux_, "namespaces");
  spec->n_namespaces = wh_json_count(nss);
  spec->namespaces = calloc(spec->n_namespaces + 1, sizeof *spec->namespaces);
  for (size_t i = 0; i < spec->n_namespaces; i++) {
    const wh_json *ns = wh_json_at(nss, i);
    const char *type = wh_json_str(wh_json_get(ns, "type"), "");
    int t = -1;
    for (size_t k = 0; k < sizeof ns_types / sizeof *ns_types; k++)
      if (strcmp(type, ns_types[k].name) == 0) t = ns_types[k].type;
    if (t < 0) return wh_error(0, "linux.namespaces[%zu]: unknown type \"%s\"", i, type);
    for (size_t j = 0; j < i; j++)
      if (spec->namespaces[j].type == t) return wh_error(0, "linux.namespaces: duplicate type %s", type);
    spec->namespaces[i].type = t;
    spec->namespaces[i].path = wh_json_str(wh_json_get(ns, "path"), NULL);
  }
  if (!spec_has_namespace(spec, CLONE_NEWNS, NULL))
    return wh_error(0, "linux.namespaces: a mount namespace is required");
  spec->uid_map = parse_id_map(wh_json_get(linux_, "uidMappings"));
  spec->gid_map = parse_id_map(wh_json_get(linux_, "gidMappings"));
  const char *ns_path = NULL;
  if (spec_has_namespace(spec, CLONE_NEWUSER, &ns_path) && !ns_path && (!spec->uid_map || !spec->gid_map))
    return wh_error(0, "linux.uidMappings/gidMappings: required with a new user namespace");

  const wh_json *devs = wh_json_get(linux_, "devices");
  spec->n_devices = wh_json_count(devs);
  spec->devices = calloc(spec->n_devices + 1, sizeof *spec->devices);
  for (size_t i = 0; i < spec->n_devices; i++) {
    const wh_json *d = wh_json_at(devs, i);
    struct wr_device *dev = &spec->devices[i];
    const char *type = wh_json_str(wh_json_get(d, "type"), "");
    dev->type = type[0];
    dev->path = wh_json_str(wh_json_get(d, "path"), NULL);
    if (!dev->path || dev->path[0] != '/' || !strchr("cbup", dev->type) || strlen(type) != 1)
      return wh_error(0, "linux.devices[%zu]: needs an absolute path and type c, b, u or p", i);
    dev->major = (long)wh_json_int(wh_json_get(d, "major"), 0);
    dev->minor = (long)wh_json_int(wh_json_get(d, "minor"), 0);
    dev->mode = (mode_t)wh_json_int(wh_json_get(d, "fileMode"), 0666);
    dev->uid = (uid_t)wh_json_int(wh_json_get(d, "uid"), 0);
    dev->gid = (gid_t)wh_json_int(wh_json_get(d, "gid"), 0);
  }
  spec->masked_paths = wh_json_get(linux_, "maskedPaths");
  spec->readonly_paths = wh_json_get(linux_, "readonlyPaths");
  spec->sysctl = wh_json_get(linux_, "sysctl");
  spec->seccomp = wh_json_get(linux_, "seccomp");
  spec->cgroups_path = wh_json_str(wh_json_get(linux_, "cgroupsPath"), NULL);
  const char *prop = wh_json_str(wh_json_get(linux_, "rootfsPropagation"), NULL);
  if (prop && !(spec->rootfs_propagation = propagation_from_name(prop)))
    return wh_error(0, "linux.rootfsPropagation: unknown value %s", prop);

  const wh_json *res = wh_json_get(linux_, "resources");
  struct wr_resources *r = &spec->resources;
  const wh_json *mem = wh_json_get(res, "memory");
  r->memory_limit = wh_json_int(wh_json_get(mem, "limit"), -2);
  r->memory_swap = wh_json_int(wh_json_get(mem, "swap"), -2);
  const wh_json *cpu = wh_json_get(res, "cpu");
  r->cpu_shares = (uint64_t)wh_json_int(wh_json_get(cpu, "shares"), 0);
  r->cpu_quota = wh_json_int(wh_json_get(cpu, "quota"), 0);
  r->cpu_period = (uint64_t)wh_json_int(wh_json_get(cpu, "period"), 0);
  r->cpuset_cpus = wh_json_str(wh_json_get(cpu, "cpus"), NULL);
  r->cpuset_mems = wh_json_str(wh_json_get(cpu, "mems"), NULL);
  r->pids_limit = wh_json_int(wh_json_path(res, "pids.limit"), 0);
  r->devices = wh_json_get(res, "devices");
  for (size_t i = 0; i < wh_json_count(r->devices); i++) {
    const wh_json *d = wh_json_at(r->devices, i);
    const char *type = wh_json_str(wh_json_get(d, "type"), "a"), *access = wh_json_str(wh_json_get(d, "access"), "rwm");
    if (!wh_json_get(d, "allow") || strlen(type) != 1 || !strchr("abc", type[0]) || strspn(access, "rwm") != strlen(access))
      return wh_error(0, "linux.resources.devices[%zu]: needs allow, type a|b|c and access from rwm", i);
  }
  if (r->pids_limit < 0) r->pids_limit = -1;
  return 0;
}

static int parse_mounts(struct wr_spec *spec) {
  const wh_json *mounts = wh_json_get(spec->json, "mounts");
  spec->n_mounts = wh_json_count(mounts);
  spec->mounts = calloc(spec->n_mounts + 1, sizeof *spec->mounts);
  for (size_t i = 0; i < spec->n_mounts; i++) {
    const wh_json *mj = wh_json_at(mounts, i);
    struct wr_mount *m = &spec->mounts[i];
    m->destination = wh_json_str(wh_json_get(mj, "destination"), NULL);
    if (!m->destination || m->destination[0] != '/')
      return wh_error(0, "mounts[%zu].destination: must be an absolute path", i);
    m->type = wh_json_str(wh_json_get(mj, "type"), NULL);
    m->source = wh_json_str(wh_json_get(mj, "source"), NULL);
    int err = spec_parse_mount_options(wh_json_get(mj, "options"), m);
    if (err) return err;
    if (m->type && strcmp(m->type, "bind") == 0) m->bind = true, m->flags |= MS_BIND;
    if (!m->bind && !m->type) return wh_error(0, "mounts[%zu] (%s): missing type", i, m->destination);
    if (!m->source && m->bind) return wh_error(0, "mounts[%zu] (%s): a bind mount needs a source", i, m->destination);
  }
  return 0;
}

bool spec_has_namespace(const struct wr_spec *spec, int type, const char **path) {
  for (size_t i = 0; i < spec->n_namespaces; i++) {
    if (spec->namespaces[i].type != type) continue;
    if (path) *path = spec->namespaces[i].path;
    return true;
  }
  return false;
}

int spec_load(struct wr_spec *spec, const char *bundle, const char *path) {
  char config[4200];
  int err;
  memset(spec, 0, sizeof *spec);
  if (!realpath(bundle, spec->bundle)) return wh_error(errno, "bundle %s", bundle);
  snprintf(config, sizeof config, "%s/config.json", spec->bundle);
  if ((err = wh_read_file(path ? path : config, &spec->raw, &spec->raw_len))) return err;
  spec->json = wh_json_parse(spec->raw, spec->raw_len);
  if (!spec->json) {
    char why[WH_ERR_MAX];
    snprintf(why, sizeof why, "%s", wh_last_error());
    return wh_error(0, "%s: %s", path ? path : config, why);
  }
  if (spec->json->type != WH_JSON_OBJECT) return wh_error(0, "%s: not a JSON object", config);
  if (!wh_json_str(wh_json_get(spec->json, "ociVersion"), NULL)) return wh_error(0, "ociVersion: missing");
  const char *root = wh_json_str(wh_json_path(spec->json, "root.path"), NULL);
  if (!root) return wh_error(0, "root.path: missing");
  char joined[8300];
  snprintf(joined, sizeof joined, "%s/%s", spec->bundle, root);
  if (!realpath(root[0] == '/' ? root : joined, spec->rootfs)) return wh_error(errno, "root.path %s", root);
  struct stat st;
  if (stat(spec->rootfs, &st) < 0 || !S_ISDIR(st.st_mode)) return wh_error(ENOTDIR, "root.path %s", spec->rootfs);
  spec->root_readonly = wh_json_bool(wh_json_path(spec->json, "root.readonly"), false);
  spec->hostname = wh_json_str(wh_json_get(spec->json, "hostname"), NULL);
  spec->domainname = wh_json_str(wh_json_get(spec->json, "domainname"), NULL);
  spec->annotations = wh_json_get(spec->json, "annotations");
  if ((err = spec_parse_process(wh_json_get(spec->json, "process"), &spec->process))) return err;
  if ((err = parse_mounts(spec))) return err;
  if ((err = parse_linux(spec))) return err;
  if ((err = parse_hooks(spec))) return err;
  if (spec->hostname && !spec_has_namespace(spec, CLONE_NEWUTS, NULL))
    return wh_error(0, "hostname: needs a uts namespace");
  return 0;
}
