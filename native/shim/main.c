/* wharf-shim: the per-container supervisor (README.md in this folder documents the command line, the launch
 * handshake, the state directory and the attach protocol).
 *
 * Launch: the calling process (the engine) runs wharf-shim and waits for it to exit. wharf-shim forks, the
 * child calls setsid(2) and forks the shim proper, which detaches (stdio to /dev/null), becomes a child
 * subreaper (prctl(2) PR_SET_CHILD_SUBREAPER) and runs `RUNTIME create`. Only then does it answer the
 * launcher over a pipe: the launcher prints the container's init pid on stdout and exits 0, or prints the
 * error on stderr and exits 1 after the shim has removed everything it made and exited (the launcher is a
 * subreaper, so the failed shim is reparented to it and waited for). */
#include "launch-shim.h"
#include "options.h"
#include "shim-error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
    "usage: wharf-shim --id ID --bundle DIR --state-dir DIR --runtime PATH [--runtime-root DIR]\n"
    "                  --log-path FILE [--tty] [--stdin] [--log-max-size N]\n"
    "       wharf-shim exec --id ID --process FILE --state-dir DIR --runtime PATH [--runtime-root DIR]\n"
    "                  [--tty] [--stdin]\n";

/* Waits for the shim's readiness message: "ok <pid>" or "error <message>". */
static int wait_for_shim(int ready_fd, pid_t middle) {
  char msg[SHIM_ERROR_MAX + 32];
  size_t len = 0;
  for (;;) {
    ssize_t n = read(ready_fd, msg + len, sizeof msg - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || (len += (size_t)n) == sizeof msg - 1) break;
  }
  msg[len] = '\0';
  int st;
  while (waitpid(middle, &st, 0) < 0 && errno == EINTR) {
  }
  if (strncmp(msg, "ok ", 3) == 0) {
    fputs(msg + 3, stdout);
    return 0;
  }
  /* Failure: the shim was reparented to us (we are a subreaper); wait until it is gone so that, when we
   * return, no process of this launch is left. */
  while (waitpid(-1, &st, 0) > 0 || errno == EINTR) {
  }
  if (strncmp(msg, "error ", 6) == 0) {
    fprintf(stderr, "wharf-shim: %s\n", msg + 6);
    return 1;
  }
  fprintf(stderr, "wharf-shim: the shim exited before reporting readiness\n");
  return 1;
}

int main(int argc, char **argv) {
  struct shim_options o;
  if (parse_options(argc, argv, &o) < 0) {
    fprintf(stderr, "wharf-shim: %s\n%s", shim_error_message(), usage);
    return 2;
  }
  /* Orphans of this launch come back to us, so a failed launch can be waited for to the end. */
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
    fprintf(stderr, "wharf-shim: prctl PR_SET_CHILD_SUBREAPER: %s\n", strerror(errno));
    return 1;
  }
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) < 0) {
    fprintf(stderr, "wharf-shim: pipe: %s\n", strerror(errno));
    return 1;
  }
  fflush(NULL);
  pid_t middle = fork();
  if (middle < 0) {
    fprintf(stderr, "wharf-shim: fork: %s\n", strerror(errno));
    return 1;
  }
  if (middle > 0) {
    close(ready[1]);
    return wait_for_shim(ready[0], middle);
  }
  close(ready[0]);
  if (setsid() < 0) {
    dprintf(ready[1], "error setsid: %s", strerror(errno));
    _exit(1);
  }
  pid_t shim = fork();
  if (shim < 0) {
    dprintf(ready[1], "error fork: %s", strerror(errno));
    _exit(1);
  }
  if (shim > 0) _exit(0);
  _exit(run_shim(&o, ready[1]));
}
