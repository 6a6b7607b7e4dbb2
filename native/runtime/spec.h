/* The parsed OCI runtime configuration (runtime-spec config.md, config-linux.md).
 * Contract: spec_load() validates everything that can be checked before a process exists (required fields,
 * capability and signal names, namespace types, mount options), so a bad config fails `create` before any
 * state, cgroup or process is made. Strings point into malloc'd memory owned by the spec. */
#ifndef WR_SPEC_H
#define WR_SPEC_H
#include "wh-json.h"
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum { CAPSET_BOUNDING, CAPSET_EFFECTIVE, CAPSET_INHERITABLE, CAPSET_PERMITTED, CAPSET_AMBIENT, CAPSET_COUNT };
enum { HOOK_PRESTART, HOOK_CREATE_RUNTIME, HOOK_CREATE_CONTAINER, HOOK_START_CONTAINER, HOOK_POSTSTART,
       HOOK_POSTSTOP, HOOK_KIND_COUNT };
extern const char *const hook_kind_names[HOOK_KIND_COUNT];

struct wr_mount {
  const char *destination, *type, *source;
  unsigned long flags;       /* MS_* flags except propagation */
  unsigned long propagation; /* MS_PRIVATE/MS_SHARED/... with MS_REC, or 0 */
  char *data;                /* filesystem-specific options, comma-joined */
  bool bind;
};

struct wr_namespace { int type; const char *path; };
struct wr_device { char type; const char *path; long major, minor; mode_t mode; uid_t uid; gid_t gid; };
struct wr_rlimit { int resource; uint64_t soft, hard; };
struct wr_hook { const char *path; char **args; char **env; int timeout; };

struct wr_process {
  bool terminal, no_new_privileges, has_caps, has_oom_score_adj;
  uid_t uid;
  gid_t gid;
  gid_t *additional_gids;
  size_t n_additional_gids;
  int umask; /* -1 = unchanged */
  const char *cwd;
  char **args, **env;
  uint64_t caps[CAPSET_COUNT];
  struct wr_rlimit *rlimits;
  size_t n_rlimits;
  int oom_score_adj;
  unsigned short console_height, console_width; /* process.consoleSize; 0 = not given */
};

struct wr_resources {
  int64_t memory_limit, memory_swap; /* -2 = unset */
  uint64_t cpu_shares, cpu_period;   /* 0 = unset */
  int64_t cpu_quota;                 /* 0 = unset */
  const char *cpuset_cpus, *cpuset_mems;
  int64_t pids_limit;                /* 0 = unset, -1 = max */
  const wh_json *devices;            /* linux.resources.devices rules, in order */
};

struct wr_spec {
  wh_json *json;
  char *raw;
  size_t raw_len;
  char bundle[4096], rootfs[4096];
  bool root_readonly;
  const char *hostname, *domainname;
  struct wr_process process;
  struct wr_mount *mounts;
  size_t n_mounts;
  struct wr_namespace *namespaces;
  size_t n_namespaces;
  char *uid_map, *gid_map; /* "inside outside count\n" lines, NULL if none */
  struct wr_device *devices;
  size_t n_devices;
  const wh_json *masked_paths, *readonly_paths, *sysctl, *seccomp, *annotations;
  struct wr_resources resources;
  const char *cgroups_path;
  unsigned long rootfs_propagation;
  struct wr_hook *hooks[HOOK_KIND_COUNT];
  size_t n_hooks[HOOK_KIND_COUNT];
};

/* Reads <bundle>/config.json (or a stored copy at `path` when non-NULL) and validates it. */
int spec_load(struct wr_spec *spec, const char *bundle, const char *path);
/* Parses a runtime-spec "process" object (config.json's, or an exec --process file). */
int spec_parse_process(const wh_json *p, struct wr_process *out);
bool spec_has_namespace(const struct wr_spec *spec, int type, const char **path);
/* Converts mount option strings into flags/propagation/data (runtime-spec config.md#mounts). */
int spec_parse_mount_options(const wh_json *options, struct wr_mount *m);
#endif
