#include "shim-error.h"
#include "json-escape.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char last_error[SHIM_ERROR_MAX];
static int log_fd = -1;
static const char *log_id = "";

int shim_fail(int err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  if (err != 0 && n >= 0 && (size_t)n < sizeof last_error)
    snprintf(last_error + n, sizeof last_error - (size_t)n, ": %s", strerror(err));
  return err != 0 ? -err : -EINVAL;
}

const char *shim_error_message(void) { return last_error; }

void shim_log_open(int fd, const char *container_id) {
  log_fd = fd;
  log_id = container_id ? container_id : "";
}

void format_rfc3339_nano(const struct timespec *ts, char out[40]) {
  struct tm tm;
  time_t sec = ts->tv_sec;
  gmtime_r(&sec, &tm);
  size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + n, 40 - n, ".%09ldZ", (long)ts->tv_nsec);
}

void shim_log(const char *level, const char *fmt, ...) {
  if (log_fd < 0) return;
  char msg[SHIM_ERROR_MAX], esc_msg[SHIM_ERROR_MAX * 6 + 1], esc_id[1024], now[40];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  format_rfc3339_nano(&ts, now);
  size_t ml = json_escape(esc_msg, msg, strlen(msg));
  esc_msg[ml] = '\0';
  size_t il = json_escape(esc_id, log_id, strnlen(log_id, 160));
  esc_id[il] = '\0';
  char line[sizeof esc_msg + 1200];
  int n = snprintf(line, sizeof line, "{\"time\":\"%s\",\"level\":\"%s\",\"id\":\"%s\",\"msg\":\"%s\"}\n", now, level,
                   esc_id, esc_msg);
  if (n > 0) {
    ssize_t w = write(log_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    (void)w; /* best effort: the shim's own log never stops supervision */
  }
}
