/* start ID  (runc start; runtime.md#start) */
#include "container.h"
#include "runtime.h"
#include "wh-error.h"

int cmd_start(int argc, char **argv) {
  if (argc != 2) { wh_error(0, "start: expected exactly one container ID"); return wh_fail(); }
  if (container_start(argv[1]) < 0) return wh_fail();
  return 0;
}
