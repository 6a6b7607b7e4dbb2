/* create --bundle B [--pid-file P] [--console-socket S] ID  (runc create; runtime.md#create) */
#include "container.h"
#include "runtime.h"
#include "wh-error.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_create(int argc, char **argv) {
  static const struct option opts[] = {
    {"bundle", required_argument, 0, 'b'}, {"pid-file", required_argument, 0, 'p'},
    {"console-socket", required_argument, 0, 'c'}, {"no-pivot", no_argument, 0, 'n'},
    {"no-new-keyring", no_argument, 0, 'k'}, {"preserve-fds", required_argument, 0, 'f'}, {0, 0, 0, 0}};
  struct wr_create_opts o = {.bundle = ".", .console_fd = -1};
  int c;
  while ((c = getopt_long(argc, argv, "+b:", opts, NULL)) != -1) {
    if (c == 'b') o.bundle = optarg;
    else if (c == 'p') o.pid_file = optarg;
    else if (c == 'c') o.console_socket = optarg;
    else if (c == 'f') o.preserve_fds = atoi(optarg);
    else if (c == '?') { wh_error(0, "create: bad option"); return wh_fail(); }
  }
  if (optind != argc - 1) { wh_error(0, "create: expected exactly one container ID"); return wh_fail(); }
  o.id = argv[optind];
  struct wr_spec spec;
  struct wr_state st;
  if (container_create(&o, &spec, &st) < 0) return wh_fail();
  return 0;
}
