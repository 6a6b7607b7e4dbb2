#include "json-log.h"
#include "json-escape.h"
#include "shim-error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ENTRY_MAX (JSON_LOG_LINE_MAX * 6 + 128)

int json_log_open(struct json_log *l, const char *path, long long max_size, int *created) {
  memset(l, 0, sizeof *l);
  l->fd = -1;
  l->path = path;
  l->max_size = max_size;
  l->scratch = malloc(ENTRY_MAX);
  if (l->scratch == NULL) return shim_fail(ENOMEM, "allocate log buffer");
  *created = 0;
  int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_CREAT | O_EXCL, 0640);
  if (fd >= 0) *created = 1;
  else if (errno == EEXIST) fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return shim_fail(errno, "open log \"%s\"", path);
  struct stat st;
  if (fstat(fd, &st) < 0) {
    int err = errno;
    close(fd);
    return shim_fail(err, "fstat log \"%s\"", path);
  }
  l->fd = fd;
  l->size = st.st_size;
  return 0;
}

/* Keeps one rotated file, PATH.1 (dockerd's json-file with max-file=2). */
static int rotate_log(struct json_log *l) {
  char old[4096];
  if (snprintf(old, sizeof old, "%s.1", l->path) >= (int)sizeof old) return shim_fail(ENAMETOOLONG, "%s.1", l->path);
  if (rename(l->path, old) < 0) return shim_fail(errno, "rename \"%s\" to \"%s\"", l->path, old);
  int fd = open(l->path, O_WRONLY | O_APPEND | O_CLOEXEC | O_CREAT | O_TRUNC, 0640);
  if (fd < 0) return shim_fail(errno, "open log \"%s\"", l->path);
  close(l->fd);
  l->fd = fd;
  l->size = 0;
  return 0;
}

static int write_entry(struct json_log *l, enum log_stream s, const char *data, size_t n) {
  struct timespec ts;
  char now[40];
  clock_gettime(CLOCK_REALTIME, &ts);
  format_rfc3339_nano(&ts, now);
  char *p = l->scratch;
  memcpy(p, "{\"log\":\"", 8);
  p += 8;
  p += json_escape(p, data, n);
  p += sprintf(p, "\",\"stream\":\"%s\",\"time\":\"%s\"}\n", s == LOG_STDERR ? "stderr" : "stdout", now);
  size_t len = (size_t)(p - l->scratch);
  if (l->max_size > 0 && l->size > 0 && l->size + (long long)len > l->max_size) {
    int r = rotate_log(l);
    if (r < 0) return r;
  }
  for (size_t off = 0; off < len;) {
    ssize_t w = write(l->fd, l->scratch + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      return shim_fail(errno, "write log \"%s\"", l->path);
    }
    off += (size_t)w;
  }
  l->size += (long long)len;
  return 0;
}

int json_log_write(struct json_log *l, enum log_stream s, const char *data, size_t n) {
  int rc = 0;
  while (n > 0) {
    size_t room = JSON_LOG_LINE_MAX - l->pending[s].len;
    const char *nl = memchr(data, '\n', n < room ? n : room);
    if (nl != NULL) {
      size_t take = (size_t)(nl - data) + 1;
      memcpy(l->pending[s].buf + l->pending[s].len, data, take);
      l->pending[s].len += take;
      int r = write_entry(l, s, l->pending[s].buf, l->pending[s].len);
      if (r < 0) rc = r;
      l->pending[s].len = 0;
      data += take;
      n -= take;
      continue;
    }
    size_t take = n < room ? n : room;
    memcpy(l->pending[s].buf + l->pending[s].len, data, take);
    l->pending[s].len += take;
    data += take;
    n -= take;
    if (l->pending[s].len == JSON_LOG_LINE_MAX) {
      /* Buffer full without a newline: write a partial entry, split on a UTF-8 character boundary. */
      size_t cut = utf8_complete_prefix(l->pending[s].buf, JSON_LOG_LINE_MAX);
      if (cut == 0) cut = JSON_LOG_LINE_MAX;
      int r = write_entry(l, s, l->pending[s].buf, cut);
      if (r < 0) rc = r;
      memmove(l->pending[s].buf, l->pending[s].buf + cut, JSON_LOG_LINE_MAX - cut);
      l->pending[s].len = JSON_LOG_LINE_MAX - cut;
    }
  }
  return rc;
}

int json_log_flush(struct json_log *l, enum log_stream s) {
  if (l->pending[s].len == 0) return 0;
  int r = write_entry(l, s, l->pending[s].buf, l->pending[s].len);
  l->pending[s].len = 0;
  return r;
}

void json_log_close(struct json_log *l) {
  if (l->fd >= 0) close(l->fd);
  l->fd = -1;
  free(l->scratch);
  l->scratch = NULL;
}
