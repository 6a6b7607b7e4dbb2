/* Container cgroups on cgroup v1 (one hierarchy per controller) or v2 (unified), detected at run time by
 * statfs(/sys/fs/cgroup) == CGROUP2_SUPER_MAGIC. The same relative path (linux.cgroupsPath, default
 * /<id>, relative paths are taken from the hierarchy root, as runc does) is used under every v1 controller or under the v2 root. */
#ifndef WR_CGROUPS_H
#define WR_CGROUPS_H
#include "spec.h"
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct wr_cgroup { bool v2; char path[2048]; };

bool cgroup_is_v2(void);
/* Fills cg from the config path (absolute, or relative to the hierarchy root; default /<id>) for container `id`. */
void cgroup_init(struct wr_cgroup *cg, const char *cgroups_path, const char *id);
/* Creates the cgroup directories and writes the resource limits (config-linux.md#control-groups). */
int cgroup_create(const struct wr_cgroup *cg, const struct wr_resources *r);
int cgroup_add_pid(const struct wr_cgroup *cg, pid_t pid);
int cgroup_set_frozen(const struct wr_cgroup *cg, bool frozen);
bool cgroup_is_frozen(const struct wr_cgroup *cg);
/* Host pids in the container's cgroup (malloc'd array). */
int cgroup_pids(const struct wr_cgroup *cg, pid_t **pids, size_t *n);
/* Removes the directories, waiting briefly for exiting tasks; missing directories are fine. */
int cgroup_destroy(const struct wr_cgroup *cg);
/* Writes the "data" object of runc's stats event: cpu, memory, pids. */
void cgroup_write_stats(const struct wr_cgroup *cg, FILE *out);
#endif
