#include "runtime-command.h"
#include "console-socket.h"
#include "shim-error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Appends what is readable now on fd to the call's message (keeps the first RUNTIME_MESSAGE_MAX-1 bytes).
 * Returns 1 at EOF, 0 otherwise. */
static int drain_message(struct runtime_call *c, size_t *len) {
  char buf[4096];
  for (;;) {
    ssize_t n = read(c->message_fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return 0;
    if (n == 0) return 1;
    size_t room = RUNTIME_MESSAGE_MAX - 1 - *len;
    size_t take = (size_t)n < room ? (size_t)n : room;
    memcpy(c->message + *len, buf, take);
    *len += take;
  }
}

static void exec_runtime(const struct shim_options *o, const struct runtime_call *c) {
  const char *argv[64];
  size_t n = 0;
  argv[n++] = o->runtime;
  if (o->runtime_root) argv[n++] = "--root", argv[n++] = o->runtime_root;
  for (size_t i = 0; c->args[i] && n < 62; i++) argv[n++] = c->args[i];
  argv[n] = NULL;
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int i = 0; i < 3; i++) {
    int fd = c->stdio[i] >= 0 ? c->stdio[i] : devnull;
    if (fd < 0 || dup2(fd, i) < 0) _exit(127);
  }
  /* Give the child a clean signal state: the shim blocks SIGCHLD for its signalfd and ignores SIGPIPE, SIGHUP and
   * SIGINT — ignored dispositions survive exec, so without this the container's processes (through the runtime)
   * would ignore ^C on their terminal and a hang-up. */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGPIPE, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  execv(o->runtime, (char *const *)argv);
  dprintf(2, "exec runtime \"%s\": %s\n", o->runtime, strerror(errno));
  _exit(127);
}

int run_runtime(const struct shim_options *o, struct runtime_call *c) {
  c->pty_master = -1;
  c->message[0] = '\0';
  c->wait_status = 0;
  size_t mlen = 0;
  if (c->message_fd >= 0 && fcntl(c->message_fd, F_SETFL, fcntl(c->message_fd, F_GETFL) | O_NONBLOCK) < 0)
    return shim_fail(errno, "fcntl O_NONBLOCK on the runtime's output pipe");
  pid_t pid = fork();
  if (pid < 0) return shim_fail(errno, "fork for \"%s %s\"", o->runtime, c->args[0]);
  if (pid == 0) exec_runtime(o, c);
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (pidfd < 0) {
    int err = errno;
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return shim_fail(err, "pidfd_open of the runtime (pid %d)", pid);
  }
  long long deadline = now_ms() + RUNTIME_TIMEOUT_MS;
  bool timed_out = false;
  int message_fd = c->message_on_failure ? -1 : c->message_fd; /* set to -1 at EOF so poll does not spin */
  for (;;) {
    struct pollfd p[3] = {{pidfd, POLLIN, 0}, {message_fd, POLLIN, 0}, {-1, POLLIN, 0}};
    if (c->console_listen_fd >= 0 && c->pty_master < 0) p[2].fd = c->console_listen_fd;
    long long left = deadline - now_ms();
    if (left <= 0) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    int r = poll(p, 3, (int)left);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int err = errno;
      kill(pid, SIGKILL);
      waitpid(pid, NULL, 0);
      close(pidfd);
      return shim_fail(err, "poll while running \"%s %s\"", o->runtime, c->args[0]);
    }
    if (p[1].revents && drain_message(c, &mlen)) message_fd = -1;
    if (p[1].revents & (POLLHUP | POLLERR) && !(p[1].revents & POLLIN)) message_fd = -1;
    if ((p[2].revents & POLLIN) && receive_pty_master(c->console_listen_fd, &c->pty_master) < 0)
      shim_log("warn", "%s", shim_error_message());
    if (p[0].revents & POLLIN) break;
  }
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  close(pidfd);
  c->wait_status = st;
  bool ok = !timed_out && WIFEXITED(st) && WEXITSTATUS(st) == 0;
  if (c->message_fd >= 0 && (!c->message_on_failure || !ok)) drain_message(c, &mlen);
  /* The runtime may have handed over the PTY master just before exiting. */
  if (c->console_listen_fd >= 0 && c->pty_master < 0) {
    struct pollfd p = {c->console_listen_fd, POLLIN, 0};
    if (poll(&p, 1, 0) > 0 && receive_pty_master(c->console_listen_fd, &c->pty_master) < 0)
      shim_log("warn", "%s", shim_error_message());
  }
  while (mlen > 0 && (c->message[mlen - 1] == '\n' || c->message[mlen - 1] == ' ' || c->message[mlen - 1] == '\r'))
    mlen--;
  c->message[mlen] = '\0';
  if (timed_out)
    return shim_fail(ETIMEDOUT, "\"%s %s\" did not finish within %d ms", o->runtime, c->args[0], RUNTIME_TIMEOUT_MS);
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return 0;
  if (WIFSIGNALED(st))
    return shim_fail(0, "\"%s %s\" was killed by signal %d: %s", o->runtime, c->args[0], WTERMSIG(st), c->message);
  return shim_fail(0, "\"%s %s\" failed (exit status %d): %s", o->runtime, c->args[0], WEXITSTATUS(st),
                   c->message[0] ? c->message : "(no output)");
}

int run_runtime_simple(const struct shim_options *o, const char *verb, const char *flag) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return shim_fail(errno, "pipe for \"%s %s\"", o->runtime, verb);
  const char *args[] = {verb, flag ? flag : o->id, flag ? o->id : NULL, NULL};
  struct runtime_call c = {.args = args, .stdio = {-1, p[1], p[1]}, .message_fd = p[0], .console_listen_fd = -1};
  /* The child gets p[1] through dup2 (which clears O_CLOEXEC on the copy); our copy must close so we see EOF. */
  int r = run_runtime(o, &c);
  close(p[0]);
  close(p[1]);
  return r;
}
