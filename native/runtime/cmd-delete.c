/* delete [--force] ID  (runc delete; runtime.md#delete) */
#include "container.h"
#include "runtime.h"
#include "wh-error.h"
#include <getopt.h>

int cmd_delete(int argc, char **argv) {
  static const struct option opts[] = {{"force", no_argument, 0, 'f'}, {0, 0, 0, 0}};
  bool force = false;
  int c;
  while ((c = getopt_long(argc, argv, "+f", opts, NULL)) != -1) {
    if (c == 'f') force = true;
    else { wh_error(0, "delete: bad option"); return wh_fail(); }
  }
  if (optind != argc - 1) { wh_error(0, "delete: expected exactly one container ID"); return wh_fail(); }
  if (container_delete(argv[optind], force) < 0) return wh_fail();
  return 0;
}
