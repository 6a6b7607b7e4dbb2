/* The container state kept under <root>/<id>/ (runtime-spec runtime.md#state):
 *   state.json  - our record: pid, its start time (to detect pid reuse), bundle, cgroup, creation time
 *   config.json - the config the container was created from (poststop hooks and cgroups at delete)
 *   exec.fifo   - exists while the container is "created"; `start` writes one byte into it
 * Status is derived, never stored: stopped if the pid is gone, a zombie or reused; created while exec.fifo
 * exists; paused if the cgroup is frozen; running otherwise. */
#ifndef WR_STATE_H
#define WR_STATE_H
#include "cgroups.h"
#include <stdbool.h>
#include <sys/types.h>

struct wr_state {
  char id[256];
  pid_t pid;
  unsigned long long start_time;
  char bundle[4096];
  char created[64];
  struct wr_cgroup cgroup;
};

/* Validates a container ID (letters, digits, _ + - .; no "/" or leading "."), recording an error. */
int state_check_id(const char *id);
void state_dir(const char *id, char *out, size_t cap);
/* Creates <root>/<id> exclusively: fails with "container X already exists" when present. */
int state_create_dir(const char *id);
int state_save(const struct wr_state *st);
/* Loads a container's state; fails with "container X does not exist". */
int state_load(const char *id, struct wr_state *st);
int state_remove(const char *id);
const char *state_status(const struct wr_state *st);
bool state_process_alive(pid_t pid, unsigned long long start_time);
unsigned long long state_process_start_time(pid_t pid);
/* The runtime-spec state JSON (malloc'd): ociVersion, id, status, pid, bundle, annotations. */
char *state_to_json(const struct wr_state *st, const char *status, const char *annotations_json, bool pretty);
/* Reads the stored config's annotations as compact JSON ("{}" when none); malloc'd. */
char *state_annotations(const char *id);
#endif
