/* Errors and the shim's own structured log.
 *
 * Contract: a function that fails returns a negative errno and has recorded one message naming the syscall and
 * the path (or object) that failed, e.g. `open "/x/log.json": No such file or directory`. The caller reads it
 * with shim_error_message() and either reports it (launcher stderr, attach reply) or logs it. */
#ifndef WHARF_SHIM_ERROR_H
#define WHARF_SHIM_ERROR_H

#include <stddef.h>

#define SHIM_ERROR_MAX 4096

/* Records "<formatted>: strerror(err)" (or just the text when err == 0) and returns -err (or -EINVAL when 0). */
int shim_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The last recorded message ("" when none). */
const char *shim_error_message(void);

/* Structured log: one JSON object per line {"time":..,"level":..,"id":..,"msg":..} to fd (-1 = nowhere). */
void shim_log_open(int fd, const char *container_id);
void shim_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Formats `ts` as RFC 3339 UTC with nanoseconds, "2026-11-23T12:00:00.123456789Z" (out needs 31 bytes). */
struct timespec;
void format_rfc3339_nano(const struct timespec *ts, char out[40]);

#endif
