/* kill [--all] ID [SIGNAL]  (runc kill; runtime.md#kill). SIGNAL defaults to SIGTERM. */
#include "container.h"
#include "runtime.h"
#include "signals.h"
#include "wh-error.h"
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

int cmd_kill(int argc, char **argv) {
  static const struct option opts[] = {{"all", no_argument, 0, 'a'}, {0, 0, 0, 0}};
  bool all = false;
  int c;
  while ((c = getopt_long(argc, argv, "+a", opts, NULL)) != -1) {
    if (c == 'a') all = true;
    else { wh_error(0, "kill: bad option"); return wh_fail(); }
  }
  if (optind != argc - 1 && optind != argc - 2) { wh_error(0, "kill: usage: kill [--all] ID [SIGNAL]"); return wh_fail(); }
  const char *id = argv[optind];
  int sig = optind == argc - 2 ? signal_parse(argv[optind + 1]) : SIGTERM;
  if (sig < 0) return wh_fail();
  struct wr_state st;
  if (state_load(id, &st) < 0) return wh_fail();
  const char *status = state_status(&st);
  if (strcmp(status, "stopped") == 0) { wh_error(0, "container \"%s\" is not running", id); return wh_fail(); }
  if (all) {
    pid_t *pids;
    size_t n;
    if (cgroup_pids(&st.cgroup, &pids, &n) < 0) return wh_fail();
    for (size_t i = 0; i < n; i++) kill(pids[i], sig);
    free(pids);
  } else if (kill(st.pid, sig) < 0) {
    wh_error(errno, "kill %d", st.pid);
    return wh_fail();
  }
  /* Frozen tasks only act on SIGKILL once thawed. */
  if (sig == SIGKILL && strcmp(status, "paused") == 0) cgroup_set_frozen(&st.cgroup, false);
  return 0;
}
