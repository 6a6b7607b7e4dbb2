/* wharf-init: a minimal init for containers (`docker run --init`), mounted at /sbin/docker-init and run as PID 1
 * in front of the container's command, the job tini does for dockerd:
 *
 *   docker-init [--] CMD [ARG...]
 *
 * - runs CMD as its only direct child, in its own process group which, on a terminal, becomes the foreground group
 *   (so ^C from `docker run -it --init` reaches CMD as it would without an init);
 * - forwards every signal it can receive to that child (SIGTERM from `docker stop` ends CMD, not just the init —
 *   a PID 1 without a handler would ignore it);
 * - reaps every process that gets reparented to it (orphans of daemonising children), so no zombies pile up;
 * - exits when CMD exits, with CMD's exit status, or 128 + signal number when CMD was killed by a signal.
 * If CMD cannot be run it exits 127 (not found) or 126 (not executable), as a shell does.
 *
 * Built static (`make -C native build/wharf-init`) so it runs in any image, with or without a libc inside. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define NAME "docker-init"

/* Signals that are about the init itself or that cannot be caught: never forwarded. */
static int is_own_signal(int sig) {
  switch (sig) {
    case SIGCHLD: case SIGKILL: case SIGSTOP: case SIGFPE: case SIGILL: case SIGSEGV: case SIGBUS: case SIGABRT:
    case SIGTRAP: case SIGSYS: case SIGTTIN: case SIGTTOU:
      return 1;
    default:
      return 0;
  }
}

static void run_child(char **argv, const sigset_t *original_mask) {
  /* Its own process group, in the terminal's foreground when there is one (tini's "isolate child"). */
  if (setpgid(0, 0) < 0) fprintf(stderr, NAME ": setpgid: %s\n", strerror(errno));
  if (isatty(STDIN_FILENO)) {
    signal(SIGTTOU, SIG_IGN); /* tcsetpgrp from a background group would stop us otherwise */
    if (tcsetpgrp(STDIN_FILENO, getpgrp()) < 0 && errno != ENOTTY)
      fprintf(stderr, NAME ": tcsetpgrp: %s\n", strerror(errno));
    signal(SIGTTOU, SIG_DFL);
  }
  sigprocmask(SIG_SETMASK, original_mask, NULL);
  execvp(argv[0], argv);
  int err = errno;
  fprintf(stderr, NAME ": exec %s: %s\n", argv[0], strerror(err));
  _exit(err == ENOENT ? 127 : 126);
}

int main(int argc, char **argv) {
  int first = 1;
  if (first < argc && strcmp(argv[first], "--") == 0) first++;
  if (first >= argc) {
    fprintf(stderr, "usage: " NAME " [--] COMMAND [ARG...]\n");
    return 2;
  }
  /* Not PID 1 (e.g. run by hand): still reap orphans of the child. */
  if (getpid() != 1) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

  /* Every catchable signal is blocked and taken synchronously with sigwaitinfo, so none is lost between fork and
   * the wait loop, and forwarding never races a handler. */
  sigset_t all, original;
  sigfillset(&all);
  for (int sig = 1; sig < NSIG; sig++)
    if (is_own_signal(sig) && sig != SIGCHLD) sigdelset(&all, sig);
  sigprocmask(SIG_SETMASK, &all, &original);

  pid_t child = fork();
  if (child < 0) {
    fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
    return 1;
  }
  if (child == 0) run_child(argv + first, &original);

  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&all, &info);
    if (sig < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, NAME ": sigwaitinfo: %s\n", strerror(errno));
      return 1;
    }
    if (sig != SIGCHLD) {
      if (kill(child, sig) < 0 && errno != ESRCH) fprintf(stderr, NAME ": forward signal %d: %s\n", sig, strerror(errno));
      continue;
    }
    /* Reap everything that has exited: the child and any orphan reparented to us. */
    for (;;) {
      int status;
      pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) break;
      if (pid != child) continue;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    }
  }
}
