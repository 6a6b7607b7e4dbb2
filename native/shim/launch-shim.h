/* The detached shim process: set-up (state dir, log, sockets, `RUNTIME create`), readiness, supervision. */
#ifndef WHARF_SHIM_LAUNCH_SHIM_H
#define WHARF_SHIM_LAUNCH_SHIM_H

#include "options.h"

/* Runs in the detached grandchild. Writes "ok <pid>\n" or "error <message>" to ready_fd (then closes it) and,
 * on success, supervises the container until it exits. Returns the process exit code. On failure nothing is
 * left: no runtime container, no files it created, no state dir it created. */
int run_shim(const struct shim_options *o, int ready_fd);

struct shim;
/* Exec mode, on START: runs `RUNTIME exec --detach ...` with the exec's stdio (pipes or the received PTY master)
 * and fills s->init_pid, s->out_fd, s->stdin_fd, s->pty_master. Returns 0, or a negative errno with a message
 * quoting the runtime; on failure no fd or pid file of the attempt is left. */
int start_exec_process(struct shim *s);

#endif
