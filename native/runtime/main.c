/* wharf-runtime: an OCI runtime with runc's command line.
 *   wharf-runtime [--root DIR] [--log FILE] [--log-format text|json] [--debug] VERB [options] [ID] [args]
 * Global flags come before the verb, as with runc; each verb is implemented in cmd-<verb>.c. */
#include "runtime.h"
#include "wh-error.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

struct wr_globals wr_globals = {WR_DEFAULT_ROOT, NULL, "text"};

static const struct { const char *name; int (*fn)(int, char **); const char *help; } verbs[] = {
  {"create", cmd_create, "create a container from a bundle"},
  {"start", cmd_start, "start a created container"},
  {"run", cmd_run, "create and start a container"},
  {"state", cmd_state, "print the state of a container"},
  {"kill", cmd_kill, "send a signal to a container's init (or all) processes"},
  {"delete", cmd_delete, "delete a container"},
  {"exec", cmd_exec, "run a new process inside a container"},
  {"pause", cmd_pause, "freeze all processes of a container"},
  {"resume", cmd_resume, "thaw a paused container"},
  {"ps", cmd_ps, "list the processes of a container"},
  {"events", cmd_events, "print container statistics (--stats)"},
  {"features", cmd_features, "print the features this runtime supports"},
  {"list", cmd_list, "list containers"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: wharf-runtime [--root DIR] [--log FILE] [--log-format text|json] COMMAND [options] ID\n\ncommands:\n");
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) fprintf(f, "  %-10s %s\n", verbs[i].name, verbs[i].help);
}

int main(int argc, char **argv) {
  static const struct option opts[] = {
    {"root", required_argument, 0, 'r'}, {"log", required_argument, 0, 'l'},
    {"log-format", required_argument, 0, 'f'}, {"debug", no_argument, 0, 'd'},
    {"systemd-cgroup", no_argument, 0, 's'}, {"criu", required_argument, 0, 'c'},
    {"rootless", required_argument, 0, 'R'}, {"version", no_argument, 0, 'v'}, {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
    switch (c) {
      case 'r': wr_globals.root = optarg; break;
      case 'l': wr_globals.log = optarg; break;
      case 'f': wr_globals.log_format = optarg; break;
      case 'v':
        printf("wharf-runtime version %s\nspec: %s\n", WR_VERSION, WR_OCI_VERSION);
        return 0;
      case 'h': usage(stdout); return 0;
      case 'd': case 's': case 'c': case 'R': break; /* accepted for runc compatibility */
      default: usage(stderr); return 1;
    }
  }
  wh_log_open("wharf-runtime", wr_globals.log, wr_globals.log_format);
  if (optind >= argc) { usage(stderr); return 1; }
  const char *verb = argv[optind];
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
    if (strcmp(verb, verbs[i].name) != 0) continue;
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    optind = 0; /* glibc: full getopt reset for the verb's own options */
    return verbs[i].fn(sub_argc, sub_argv);
  }
  wh_error(0, "unknown command \"%s\"", verb);
  return wh_fail();
}
