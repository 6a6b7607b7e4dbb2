/* Files the shim keeps in --state-dir (README.md, "State directory"). */
#ifndef WHARF_SHIM_STATE_FILES_H
#define WHARF_SHIM_STATE_FILES_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#define STATE_SHIM_PID "shim.pid"
#define STATE_INIT_PID "init.pid"
#define STATE_ATTACH_SOCK "attach.sock"
#define STATE_CONSOLE_SOCK "console.sock"
#define STATE_EXIT_JSON "exit.json"
#define STATE_SHIM_LOG "shim.log"

/* Joins dir and name into out (PATH_MAX); fails with ENAMETOOLONG. */
int state_path(char *out, size_t size, const char *dir, const char *name);
/* Writes data to dir/name atomically: dir/.name.tmp, fsync, rename, fsync(dir). */
int write_file_atomically(const char *dir, const char *name, const char *data, size_t n);
/* Reads a decimal pid from path. */
int read_pid_file(const char *path, pid_t *pid);
/* Renders exit.json for a wait(2) status: {"exitCode":N,"signal":S,"exitedAt":"RFC3339Nano"}; exitCode is
 * 128+signal when the process was killed by a signal (what Docker reports), signal 0 when it exited. */
int format_exit_json(char *out, size_t size, int wait_status, const struct timespec *exited_at);

#endif
