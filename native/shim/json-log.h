/* Docker's json-file log driver format: one JSON object per line,
 *   {"log":"hi\n","stream":"stdout","time":"2026-11-23T12:00:00.123456789Z"}
 * A line is written when a newline arrives; a partial line when its buffer (16 KiB, dockerd's size) is full or
 * the stream ends, in which case "log" has no trailing newline. With a TTY everything is "stdout". */
#ifndef WHARF_SHIM_JSON_LOG_H
#define WHARF_SHIM_JSON_LOG_H

#include <stddef.h>

#define JSON_LOG_LINE_MAX 16384

enum log_stream { LOG_STDOUT = 1, LOG_STDERR = 2 };

struct json_log {
  int fd;
  const char *path;
  long long max_size; /* 0: never rotate */
  long long size;
  char *scratch;      /* one escaped entry */
  struct { char buf[JSON_LOG_LINE_MAX]; size_t len; } pending[3];
};

/* Opens (creates, appends) path. *created tells whether the file did not exist before. */
int json_log_open(struct json_log *l, const char *path, long long max_size, int *created);
/* Appends output of one stream; complete lines are written at once. */
int json_log_write(struct json_log *l, enum log_stream s, const char *data, size_t n);
/* Writes the stream's partial line (if any) as an entry without a trailing newline. */
int json_log_flush(struct json_log *l, enum log_stream s);
void json_log_close(struct json_log *l);

#endif
