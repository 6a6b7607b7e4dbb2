/* pause ID / resume ID: freeze or thaw the container's cgroup (freezer on v1, cgroup.freeze on v2). */
#include "container.h"
#include "runtime.h"
#include "wh-error.h"
#include <string.h>

static int set_paused(int argc, char **argv, bool paused) {
  if (argc != 2) { wh_error(0, "%s: expected exactly one container ID", argv[0]); return wh_fail(); }
  struct wr_state st;
  if (state_load(argv[1], &st) < 0) return wh_fail();
  const char *status = state_status(&st);
  const char *want = paused ? "running" : "paused";
  if (strcmp(status, want) != 0) {
    wh_error(0, "cannot %s container \"%s\": it is %s, not %s", argv[0], argv[1], status, want);
    return wh_fail();
  }
  if (cgroup_set_frozen(&st.cgroup, paused) < 0) return wh_fail();
  return 0;
}

int cmd_pause(int argc, char **argv) { return set_paused(argc, argv, true); }
int cmd_resume(int argc, char **argv) { return set_paused(argc, argv, false); }
