/* run [--bundle B] [--pid-file P] [--console-socket S] [--detach] ID: create + start. In the foreground it
 * waits for the container, deletes it and exits with its status (128 + signal when killed, e.g. 137). */
#include "console.h"
#include "container.h"
#include "runtime.h"
#include "wait-child.h"
#include "wh-error.h"
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int cmd_run(int argc, char **argv) {
  static const struct option opts[] = {
    {"bundle", required_argument, 0, 'b'}, {"pid-file", required_argument, 0, 'p'},
    {"console-socket", required_argument, 0, 'c'}, {"detach", no_argument, 0, 'd'},
    {"no-pivot", no_argument, 0, 'n'}, {"no-new-keyring", no_argument, 0, 'k'},
    {"keep", no_argument, 0, 'K'}, {"preserve-fds", required_argument, 0, 'f'}, {0, 0, 0, 0}};
  struct wr_create_opts o = {.bundle = ".", .foreground = true, .console_fd = -1};
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
  /* In the foreground without --console-socket, a terminal is ours to relay (as runc does). */
  int pair[2] = {-1, -1};
  if (!detach && !o.console_socket) {
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) { wh_error(errno, "socketpair"); return wh_fail(); }
    o.console_fd = pair[1];
  }
  struct wr_spec spec;
  struct wr_state st;
  if (container_create(&o, &spec, &st) < 0) return wh_fail();
  int master = -1;
  if (pair[0] >= 0) {
    close(pair[1]);
    if (spec.process.terminal && (master = console_receive(pair[0])) < 0) {
      int rc = wh_fail();
      container_delete(o.id, true);
      return rc;
    }
    close(pair[0]);
  }
  if (container_start(o.id) < 0) {
    int rc = wh_fail();
    container_delete(o.id, true);
    return rc;
  }
  if (detach) return 0;
  if (master >= 0) console_proxy(master);
  int status = wait_child_forwarding(st.pid);
  if (!keep && container_delete(o.id, true) < 0) wh_fail();
  return status;
}
