#include "wh-fs.h"
#include "wh-error.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int wh_mkdir_p(const char *path, mode_t mode) {
  char buf[4096];
  size_t l = strlen(path);
  if (l >= sizeof buf) return wh_error(ENAMETOOLONG, "mkdir %s", path);
  memcpy(buf, path, l + 1);
  for (char *p = buf + 1; ; p++) {
    if (*p == '/' || *p == 0) {
      char saved = *p;
      *p = 0;
      if (mkdir(buf, mode) < 0 && errno != EEXIST) return wh_error(errno, "mkdir %s", buf);
      *p = saved;
      if (!saved) break;
    }
  }
  return 0;
}

int wh_read_file(const char *path, char **out, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return wh_error(errno, "open %s", path);
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  for (;;) {
    if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0) { int e = errno; close(fd); free(buf); return wh_error(e, "read %s", path); }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = 0;
  *out = buf;
  if (len) *len = n;
  return 0;
}

int wh_write_file(const char *path, const char *data, size_t len, int flags, mode_t mode) {
  int fd = open(path, O_WRONLY | O_CLOEXEC | flags, mode);
  if (fd < 0) return wh_error(errno, "open %s", path);
  while (len) {
    ssize_t w = write(fd, data, len);
    if (w < 0) { int e = errno; close(fd); return wh_error(e, "write %s", path); }
    data += w;
    len -= (size_t)w;
  }
  if (close(fd) < 0) return wh_error(errno, "close %s", path);
  return 0;
}

int wh_write_knob(const char *path, const char *value) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return wh_error(errno, "open %s", path);
  ssize_t w = write(fd, value, strlen(value));
  int e = errno;
  close(fd);
  if (w < 0) return wh_error(e, "write %s to %s", value, path);
  return 0;
}

int wh_read_line(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return wh_error(errno, "open %s", path);
  ssize_t r = read(fd, buf, cap - 1);
  int e = errno;
  close(fd);
  if (r < 0) return wh_error(e, "read %s", path);
  buf[r] = 0;
  char *nl = strchr(buf, '\n');
  if (nl) *nl = 0;
  return 0;
}
