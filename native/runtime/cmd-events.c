/* events --stats ID: one runc-style stats event {"type":"stats","id":...,"data":{cpu,memory,pids}}.
 * Without --stats, prints a stats event every --interval seconds (default 5) until the container stops. */
#include "container.h"
#include "runtime.h"
#include "wh-error.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_events(int argc, char **argv) {
  static const struct option opts[] = {{"stats", no_argument, 0, 's'}, {"interval", required_argument, 0, 'i'}, {0, 0, 0, 0}};
  bool once = false;
  int interval = 5, c;
  while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
    if (c == 's') once = true;
    else if (c == 'i') interval = atoi(optarg) > 0 ? atoi(optarg) : 5;
    else { wh_error(0, "events: bad option"); return wh_fail(); }
  }
  if (optind != argc - 1) { wh_error(0, "events: expected exactly one container ID"); return wh_fail(); }
  struct wr_state st;
  if (state_load(argv[optind], &st) < 0) return wh_fail();
  do {
    if (strcmp(state_status(&st), "stopped") == 0) {
      wh_error(0, "container \"%s\" is not running", st.id);
      return wh_fail();
    }
    printf("{\"type\":\"stats\",\"id\":\"%s\",\"data\":", st.id);
    cgroup_write_stats(&st.cgroup, stdout);
    puts("}");
    fflush(stdout);
    if (!once) sleep((unsigned)interval);
  } while (!once);
  return 0;
}
