/* run [--bundle B] [--pid-file P] [--console-socket S] [--detach] ID: create + start. In the foreground it
 * waits for the container, deletes it and exits with its status (128 + signal when killed, e.g. 137). */
#include "container.h"
#include "runtime.h"
#include "wait-child.h"
#include "wh-error.h"
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

int cmd_run(int argc, char **argv) {
  static const struct option opts[] = {
    {"bundle", required_argument, 0, 'b'}, {"pid-file", required_argument, 0, 'p'},
    {"console-socket", required_argument, 0, 'c'}, {"detach", no_argument, 0, 'd'},
    {"no-pivot", no_argument, 0, 'n'}, {"no-new-keyring", no_argument, 0, 'k'},
    {"keep", no_argument, 0, 'K'}, {"preserve-fds", required_argument, 0, 'f'}, {0, 0, 0, 0}};
  struct wr_create_opts o = {.bundle = ".", .foreground = true};
  bool detach = false, keep = false;
  int c;
  while ((c = getopt_long(argc, argv, "+b:d", opts, NULL)) != -1) {
    if (c == 'b') o.bundle = optarg;
    else if (c == 'p') o.pid_file = optarg;
    else if (c == 'c') o.console_socket = optarg;
    else if (c == 'f') o.preserve_fds = atoi(optarg);
    else if (c == 'd') detach = true;
    else if (c == 'K') keep = true;
    else if (c == '?') { wh_error(0, "run: bad option"); return wh_fail(); }
  }
  if (optind != argc - 1) { wh_error(0, "run: expected exactly one container ID"); return wh_fail(); }
  o.id = argv[optind];
  struct wr_spec spec;
  struct wr_state st;
  if (container_create(&o, &spec, &st) < 0) return wh_fail();
  if (container_start(o.id) < 0) {
    int rc = wh_fail();
    container_delete(o.id, true);
    return rc;
  }
  if (detach) return 0;
  int status = wait_child_forwarding(st.pid);
  if (!keep && container_delete(o.id, true) < 0) wh_fail();
  return status;
}
