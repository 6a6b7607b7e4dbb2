#include "console-socket.h"
#include "shim-error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int listen_unix_socket(const char *path, int backlog) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path)
    return shim_fail(ENAMETOOLONG, "socket path \"%s\" (max %zu bytes)", path, sizeof addr.sun_path - 1);
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return shim_fail(errno, "socket for \"%s\"", path);
  if (unlink(path) < 0 && errno != ENOENT) {
    int err = errno;
    close(fd);
    return shim_fail(err, "unlink stale socket \"%s\"", path);
  }
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    int err = errno;
    close(fd);
    return shim_fail(err, "bind \"%s\"", path);
  }
  if (chmod(path, 0600) < 0 || listen(fd, backlog) < 0) {
    int err = errno;
    close(fd);
    unlink(path);
    return shim_fail(err, "listen on \"%s\"", path);
  }
  return fd;
}

int receive_pty_master(int listen_fd, int *master) {
  int conn = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0) return shim_fail(errno, "accept on the console socket");
  char data[256];
  struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int))];
  } control;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                       .msg_controllen = sizeof control.buf};
  ssize_t n;
  do n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  int err = errno;
  close(conn);
  if (n < 0) return shim_fail(err, "recvmsg on the console socket");
  struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
  if (cm == NULL || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
      cm->cmsg_len != CMSG_LEN(sizeof(int)))
    return shim_fail(EPROTO, "console socket message carried no file descriptor");
  int fd;
  memcpy(&fd, CMSG_DATA(cm), sizeof fd);
  if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
    err = errno;
    close(fd);
    return shim_fail(err, "fcntl O_NONBLOCK on the PTY master");
  }
  *master = fd;
  return 0;
}
