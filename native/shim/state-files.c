#include "state-files.h"
#include "shim-error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int state_path(char *out, size_t size, const char *dir, const char *name) {
  int n = snprintf(out, size, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= size) return shim_fail(ENAMETOOLONG, "path \"%s/%s\"", dir, name);
  return 0;
}

int write_file_atomically(const char *dir, const char *name, const char *data, size_t n) {
  char tmp[4096], final[4096];
  char tmpname[256];
  snprintf(tmpname, sizeof tmpname, ".%s.tmp", name);
  int r = state_path(tmp, sizeof tmp, dir, tmpname);
  if (r < 0 || (r = state_path(final, sizeof final, dir, name)) < 0) return r;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return shim_fail(errno, "open \"%s\"", tmp);
  for (size_t off = 0; off < n;) {
    ssize_t w = write(fd, data + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      int err = errno;
      close(fd);
      unlink(tmp);
      return shim_fail(err, "write \"%s\"", tmp);
    }
    off += (size_t)w;
  }
  if (fsync(fd) < 0) {
    int err = errno;
    close(fd);
    unlink(tmp);
    return shim_fail(err, "fsync \"%s\"", tmp);
  }
  if (close(fd) < 0) {
    int err = errno;
    unlink(tmp);
    return shim_fail(err, "close \"%s\"", tmp);
  }
  if (rename(tmp, final) < 0) {
    int err = errno;
    unlink(tmp);
    return shim_fail(err, "rename \"%s\" to \"%s\"", tmp, final);
  }
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return shim_fail(errno, "open directory \"%s\"", dir);
  int rc = fsync(dfd) < 0 ? shim_fail(errno, "fsync directory \"%s\"", dir) : 0;
  close(dfd);
  return rc;
}

int read_pid_file(const char *path, pid_t *pid) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return shim_fail(errno, "open pid file \"%s\"", path);
  char buf[32];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  int err = errno;
  close(fd);
  if (n < 0) return shim_fail(err, "read pid file \"%s\"", path);
  buf[n] = '\0';
  char *end;
  long v = strtol(buf, &end, 10);
  if (end == buf || v <= 0) return shim_fail(0, "pid file \"%s\" holds no pid (\"%s\")", path, buf);
  *pid = (pid_t)v;
  return 0;
}

int format_exit_json(char *out, size_t size, int wait_status, const struct timespec *exited_at) {
  char when[40];
  format_rfc3339_nano(exited_at, when);
  int code = 0, sig = 0;
  if (WIFEXITED(wait_status)) code = WEXITSTATUS(wait_status);
  else if (WIFSIGNALED(wait_status)) sig = WTERMSIG(wait_status), code = 128 + sig;
  int n = snprintf(out, size, "{\"exitCode\":%d,\"signal\":%d,\"exitedAt\":\"%s\"}\n", code, sig, when);
  return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : n;
}
