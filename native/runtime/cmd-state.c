/* state ID: the runtime-spec state JSON (runtime.md#state) on stdout. */
#include "container.h"
#include "runtime.h"
#include "wh-error.h"
#include <stdio.h>
#include <stdlib.h>

int cmd_state(int argc, char **argv) {
  if (argc != 2) { wh_error(0, "state: expected exactly one container ID"); return wh_fail(); }
  struct wr_state st;
  if (state_load(argv[1], &st) < 0) return wh_fail();
  char *ann = state_annotations(argv[1]);
  char *json = state_to_json(&st, state_status(&st), ann, true);
  puts(json);
  free(json);
  free(ann);
  return 0;
}
