/* The last steps of a container process (runtime-spec config.md#process), shared by create and exec:
 * rlimits, user/groups, capabilities, noNewPrivileges, seccomp, cwd, then execve. */
#ifndef WR_PROCESS_H
#define WR_PROCESS_H
#include "seccomp.h"
#include "spec.h"
/* Resolves args[0] against PATH from the process env (in the current mount namespace) into out. */
int process_find_executable(const struct wr_process *p, char *out, size_t cap);
int process_set_rlimits(const struct wr_process *p);
/* Switches identity and privileges, loads seccomp. Order (as runc): bounding set; seccomp first when
 * noNewPrivileges is off (needs CAP_SYS_ADMIN); keepcaps + setgroups/setresgid/setresuid; capset +
 * ambient; no_new_privs; seccomp last when noNewPrivileges is on. */
int process_finalize(const struct wr_process *p, struct wr_seccomp *filter);
/* Marks every fd from 3 + preserve_fds up close-on-exec, so the process gets stdio plus the preserved fds
 * only (runc's --preserve-fds contract); nothing the runtime or its caller holds leaks into the container. */
int process_close_fds_on_exec(int preserve_fds);
/* execve of the resolved path; returns only on failure. */
int process_exec(const struct wr_process *p, const char *path);
#endif
