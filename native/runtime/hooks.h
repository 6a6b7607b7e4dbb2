/* OCI hooks (runtime-spec config.md#posix-platform-hooks): each runs with the state JSON on stdin; a hook
 * that fails (non-zero exit, signal, timeout) fails the operation for prestart/createRuntime/createContainer/
 * startContainer, and is only logged for poststart/poststop. */
#ifndef WR_HOOKS_H
#define WR_HOOKS_H
#include "spec.h"
int hooks_run(const struct wr_spec *spec, int kind, const char *state_json);
#endif
