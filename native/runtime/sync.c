#include "sync.h"
#include "wh-error.h"
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

int sync_send(int fd, char tag, const char *payload) {
  struct iovec iov[2] = {{&tag, 1}, {(void *)(payload ? payload : ""), payload ? strlen(payload) : 0}};
  struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
  if (sendmsg(fd, &msg, MSG_NOSIGNAL) < 0) return wh_error(errno, "sync send");
  return 0;
}

int sync_recv(int fd, char *payload, size_t cap) {
  char tag = 0;
  struct iovec iov[2] = {{&tag, 1}, {payload, cap - 1}};
  struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
  ssize_t n;
  do n = recvmsg(fd, &msg, 0); while (n < 0 && errno == EINTR);
  if (n < 0) return wh_error(errno, "sync receive");
  if (n == 0) { payload[0] = 0; return 0; }
  payload[n - 1] = 0;
  return (unsigned char)tag;
}
