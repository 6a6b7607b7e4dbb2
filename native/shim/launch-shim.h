/* The detached shim process: set-up (state dir, log, sockets, `RUNTIME create`), readiness, supervision. */
#ifndef WHARF_SHIM_LAUNCH_SHIM_H
#define WHARF_SHIM_LAUNCH_SHIM_H

#include "options.h"

/* Runs in the detached grandchild. Writes "ok <pid>\n" or "error <message>" to ready_fd (then closes it) and,
 * on success, supervises the container until it exits. Returns the process exit code. On failure nothing is
 * left: no runtime container, no files it created, no state dir it created. */
int run_shim(const struct shim_options *o, int ready_fd);

#endif
