/* Running the OCI runtime's command line (runc's: `RUNTIME [--root R] VERB ... ID`). */
#ifndef WHARF_SHIM_RUNTIME_COMMAND_H
#define WHARF_SHIM_RUNTIME_COMMAND_H

#include "options.h"

#include <stdbool.h>
#include <sys/types.h>

#define RUNTIME_MESSAGE_MAX 4096
#define RUNTIME_TIMEOUT_MS 60000

struct runtime_call {
  const char *const *args; /* verb and its arguments, NULL-terminated (the global --root is added here) */
  int stdio[3];            /* fds for the runtime's stdin/stdout/stderr; -1 = /dev/null */
  int message_fd;          /* read (non-blocking) while and after it runs into message; -1 = none */
  bool message_on_failure; /* read message_fd only if the runtime failed: it is the stderr of an exec'd process,
                              whose own output must stay in the pipe for the supervisor */
  int console_listen_fd;   /* listening console socket to accept a PTY master from; -1 = none */
  /* results */
  int wait_status;
  int pty_master;          /* received PTY master, or -1 */
  char message[RUNTIME_MESSAGE_MAX]; /* what it printed on message_fd, trimmed (its error on failure) */
};

/* Runs the runtime and waits (at most RUNTIME_TIMEOUT_MS, then SIGKILL). Returns 0 when it exited 0; a
 * negative errno with a message naming the verb and quoting the runtime's own output otherwise. */
int run_runtime(const struct shim_options *o, struct runtime_call *call);

/* Convenience: RUNTIME VERB [FLAG] ID with stdio to /dev/null and the output captured. */
int run_runtime_simple(const struct shim_options *o, const char *verb, const char *flag);

#endif
