/* ps [--format table|json] ID: the host pids in the container's cgroup (json: an array, as runc). */
#include "container.h"
#include "runtime.h"
#include "wh-error.h"
#include "wh-fs.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_ps(int argc, char **argv) {
  static const struct option opts[] = {{"format", required_argument, 0, 'f'}, {0, 0, 0, 0}};
  bool json = false;
  int c;
  while ((c = getopt_long(argc, argv, "+f:", opts, NULL)) != -1) {
    if (c == 'f') json = strcmp(optarg, "json") == 0;
    else { wh_error(0, "ps: bad option"); return wh_fail(); }
  }
  if (optind != argc - 1) { wh_error(0, "ps: expected exactly one container ID"); return wh_fail(); }
  struct wr_state st;
  if (state_load(argv[optind], &st) < 0) return wh_fail();
  pid_t *pids;
  size_t n;
  if (cgroup_pids(&st.cgroup, &pids, &n) < 0) return wh_fail();
  if (json) {
    putchar('[');
    for (size_t i = 0; i < n; i++) printf("%s%d", i ? "," : "", pids[i]);
    puts("]");
  } else {
    printf("%-8s %s\n", "PID", "CMD");
    for (size_t i = 0; i < n; i++) {
      char path[64], cmd[256] = "";
      snprintf(path, sizeof path, "/proc/%d/comm", pids[i]);
      wh_read_line(path, cmd, sizeof cmd);
      printf("%-8d %s\n", pids[i], cmd);
    }
  }
  free(pids);
  return 0;
}
