/* Error reporting shared by the native binaries.
 * Contract: functions return 0 on success or a negative errno; before returning an error they call
 * wh_error() once with a message naming the failing syscall/path. The message is kept in a per-process
 * buffer (wh_last_error) so the caller decides where it goes (stderr, a --log file, a sync socket). */
#ifndef WH_ERROR_H
#define WH_ERROR_H
#include <errno.h>

#define WH_ERR_MAX 1024

/* Records "<formatted message>: <strerror(err)>" (err > 0) or just the message (err == 0); returns -err
 * (or -EINVAL when err == 0) so callers can write `return wh_error(errno, "mount %s", p);`. */
int wh_error(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *wh_last_error(void);
void wh_clear_error(void);

/* Log sink configured from the command line (--log, --log-format). NULL path = stderr only. */
void wh_log_open(const char *prog, const char *path, const char *format);
/* Writes one log record: a JSON line {"level","msg","time"} with --log-format json, else "prog: msg". */
void wh_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports the last recorded error (stderr always; the --log file too) and returns exit status 1. */
int wh_fail(void);
#endif
