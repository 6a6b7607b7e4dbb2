#include "hooks.h"
#include "wh-error.h"
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run_one(const struct wr_hook *h, const char *kind, const char *state_json) {
  int in[2];
  if (pipe2(in, O_CLOEXEC) < 0) return wh_error(errno, "pipe for %s hook", kind);
  pid_t pid = fork();
  if (pid < 0) return wh_error(errno, "fork %s hook", kind);
  if (pid == 0) {
    dup2(in[0], 0);
    char *default_args[] = {(char *)h->path, NULL};
    execve(h->path, h->args && h->args[0] ? h->args : default_args, h->env ? h->env : (char *[]){NULL});
    _exit(127);
  }
  close(in[0]);
  signal(SIGPIPE, SIG_IGN);
  ssize_t w = write(in[1], state_json, strlen(state_json));
  (void)w;
  close(in[1]);
  int status = 0;
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    pid_t r = waitpid(pid, &status, h->timeout > 0 ? WNOHANG : 0);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) return wh_error(errno, "wait %s hook %s", kind, h->path);
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long elapsed_ms = (now.tv_sec - start.tv_sec) * 1000LL + (now.tv_nsec - start.tv_nsec) / 1000000;
    if (h->timeout > 0 && elapsed_ms >= h->timeout * 1000LL) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return wh_error(0, "%s hook %s: timed out after %d s", kind, h->path, h->timeout);
    }
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return wh_error(0, "%s hook %s: could not execute", kind, h->path);
  if (WIFEXITED(status)) return wh_error(0, "%s hook %s: exit status %d", kind, h->path, WEXITSTATUS(status));
  return wh_error(0, "%s hook %s: killed by signal %d", kind, h->path, WTERMSIG(status));
}

int hooks_run(const struct wr_spec *spec, int kind, const char *state_json) {
  for (size_t i = 0; i < spec->n_hooks[kind]; i++) {
    int err = run_one(&spec->hooks[kind][i], hook_kind_names[kind], state_json);
    if (err) return err;
  }
  return 0;
}
