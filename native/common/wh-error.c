#include "wh-error.h"
#include "wh-json.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

static char last_error[WH_ERR_MAX];
static const char *log_prog = "wharf";
static int log_fd = -1;
static int log_json;

int wh_error(int err, const char *fmt, ...) {
  char msg[WH_ERR_MAX]; /* formatted apart: arguments may point into last_error (wrapping a message) */
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (err > 0 && n >= 0 && (size_t)n < sizeof msg) snprintf(msg + n, sizeof msg - n, ": %s", strerror(err));
  memcpy(last_error, msg, sizeof msg);
  return err > 0 ? -err : -EINVAL;
}

const char *wh_last_error(void) { return last_error[0] ? last_error : "unknown error"; }
void wh_clear_error(void) { last_error[0] = 0; }

void wh_log_open(const char *prog, const char *path, const char *format) {
  log_prog = prog;
  log_json = format && strcmp(format, "json") == 0;
  if (path) log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

static void write_record(const char *level, const char *msg) {
  if (log_fd < 0) return;
  char line[WH_ERR_MAX * 2 + 128];
  if (log_json) {
    char t[64];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t k = strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(t + k, sizeof t - k, ".%09ldZ", ts.tv_nsec);
    char esc[WH_ERR_MAX * 2];
    wh_json_escape(esc, sizeof esc, msg);
    snprintf(line, sizeof line, "{\"level\":\"%s\",\"msg\":\"%s\",\"time\":\"%s\"}\n", level, esc, t);
  } else {
    snprintf(line, sizeof line, "%s: %s: %s\n", log_prog, level, msg);
  }
  ssize_t r = write(log_fd, line, strlen(line));
  (void)r;
}

void wh_log(const char *level, const char *fmt, ...) {
  char msg[WH_ERR_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  write_record(level, msg);
}

int wh_fail(void) {
  fprintf(stderr, "%s: %s\n", log_prog, wh_last_error());
  write_record("error", wh_last_error());
  return 1;
}
