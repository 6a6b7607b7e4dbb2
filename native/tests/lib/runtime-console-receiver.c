/* Test helper: the receiving end of --console-socket, as containerd's shim implements it.
 *   runtime-console-receiver SOCKET_PATH
 * Listens on SOCKET_PATH, accepts one connection, receives one SCM_RIGHTS message and prints
 * "name: <payload>" and "isatty: <0|1>", then copies everything read from the received pty master to stdout
 * until the container side closes (EIO/EOF). Exits 2 when no fd arrives. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s SOCKET_PATH\n", argv[0]); return 1; }
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  if (srv < 0 || bind(srv, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(srv, 1) < 0) { perror("listen"); return 1; }
  int conn = accept(srv, NULL, NULL);
  if (conn < 0) { perror("accept"); return 1; }
  char name[4096] = "", cbuf[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {name, sizeof name - 1};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
  ssize_t n = recvmsg(conn, &msg, 0);
  struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (!c || c->cmsg_type != SCM_RIGHTS) { fprintf(stderr, "no fd received\n"); return 2; }
  name[n] = 0;
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof fd);
  printf("name: %s\nisatty: %d\n", name, isatty(fd));
  fflush(stdout);
  char buf[4096];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    fwrite(buf, 1, (size_t)r, stdout);
    fflush(stdout);
  }
  unlink(argv[1]);
  return 0;
}
