#include "console.h"
#include "wh-error.h"
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

int console_connect(const char *path) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) return wh_error(ENAMETOOLONG, "console socket %s", path);
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return wh_error(errno, "socket");
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    int e = errno;
    close(fd);
    return wh_error(e, "connect console socket %s", path);
  }
  return fd;
}

static int send_fd(int sock, int fd, const char *name) {
  char cbuf[CMSG_SPACE(sizeof(int))];
  memset(cbuf, 0, sizeof cbuf);
  struct iovec iov = {(void *)name, strlen(name)};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof(int));
  if (sendmsg(sock, &msg, 0) < 0) return wh_error(errno, "sendmsg console socket");
  return 0;
}

int console_receive(int sock) {
  char name[256], cbuf[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {name, sizeof name};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
  ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (!c || c->cmsg_type != SCM_RIGHTS) return wh_error(n < 0 ? errno : 0, "receive pty master");
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof fd);
  return fd;
}

static bool copy_once(int from, int to) {
  char buf[8192];
  ssize_t r = read(from, buf, sizeof buf);
  if (r <= 0) return r < 0 && errno == EINTR;
  for (ssize_t off = 0; off < r;) {
    ssize_t w = write(to, buf + off, (size_t)(r - off));
    if (w < 0 && errno != EINTR) return false;
    if (w > 0) off += w;
  }
  return true;
}

void console_proxy(int master) {
  struct termios saved, raw;
  bool tty = tcgetattr(0, &saved) == 0;
  if (tty) {
    struct winsize ws;
    if (ioctl(0, TIOCGWINSZ, &ws) == 0) ioctl(master, TIOCSWINSZ, &ws);
    raw = saved;
    cfmakeraw(&raw);
    tcsetattr(0, TCSANOW, &raw);
  }
  struct pollfd fds[2] = {{master, POLLIN, 0}, {0, POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) { if (errno == EINTR) continue; break; }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!copy_once(master, 1)) break; /* EIO: every slave fd is closed, the container is gone */
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!copy_once(0, master)) fds[1].fd = -1; /* our stdin ended; keep relaying output */
    }
  }
  if (tty) tcsetattr(0, TCSANOW, &saved);
}

int console_setup(int sock, const struct winsize *size) {
  int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) return wh_error(errno, "open /dev/ptmx");
  char name[64];
  /* Sized before the process runs, so its first `stty size` already sees the client's terminal. */
  if (size && size->ws_row && size->ws_col && ioctl(master, TIOCSWINSZ, size) < 0)
    return wh_error(errno, "ioctl TIOCSWINSZ on the new PTY");
  if (unlockpt(master) < 0) return wh_error(errno, "unlockpt");
  if (ptsname_r(master, name, sizeof name) != 0) return wh_error(errno, "ptsname");
  int slave = open(name, O_RDWR | O_NOCTTY);
  if (slave < 0) return wh_error(errno, "open %s", name);
  int err = send_fd(sock, master, name);
  close(master);
  close(sock);
  if (err) return err;
  if (setsid() < 0 && errno != EPERM) return wh_error(errno, "setsid");
  if (ioctl(slave, TIOCSCTTY, 0) < 0) return wh_error(errno, "ioctl TIOCSCTTY %s", name);
  for (int i = 0; i < 3; i++)
    if (dup2(slave, i) < 0) return wh_error(errno, "dup2 %s", name);
  if (slave > 2) close(slave);
  return 0;
}
