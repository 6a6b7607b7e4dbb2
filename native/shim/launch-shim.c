#include "launch-shim.h"
#include "console-socket.h"
#include "runtime-command.h"
#include "shim-error.h"
#include "state-files.h"
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

/* What set-up has made so far, so a failure can remove exactly that. */
struct setup {
  bool state_dir_created, log_created, create_ran, state_dir_claimed, shim_log_created;
  int shim_log_fd;
  int stdin_pipe[2], stdout_pipe[2], stderr_pipe[2], message_pipe[2];
  int console_fd;
  char attach_path[4096], console_path[4096], pid_path[4096], shim_pid_path[4096], shim_log_path[4096];
};

#define SETUP_INIT                                                                                              \
  {.shim_log_fd = -1, .console_fd = -1, .stdin_pipe = {-1, -1}, .stdout_pipe = {-1, -1}, .stderr_pipe = {-1, -1},  \
   .message_pipe = {-1, -1}}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static int detach_stdio(void) {
  int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd < 0) return shim_fail(errno, "open \"/dev/null\"");
  for (int i = 0; i < 3; i++)
    if (dup2(fd, i) < 0) {
      int err = errno;
      close(fd);
      return shim_fail(err, "dup2 /dev/null to fd %d", i);
    }
  close(fd);
  return 0;
}

static int make_pipe(int p[2], const char *what) {
  if (pipe2(p, O_CLOEXEC) < 0) return shim_fail(errno, "pipe for the container's %s", what);
  return 0;
}

static int state_paths(const struct shim_options *o, struct setup *st) {
  int r;
  if ((r = state_path(st->attach_path, sizeof st->attach_path, o->state_dir, STATE_ATTACH_SOCK)) < 0 ||
      (r = state_path(st->console_path, sizeof st->console_path, o->state_dir, STATE_CONSOLE_SOCK)) < 0 ||
      (r = state_path(st->pid_path, sizeof st->pid_path, o->state_dir, STATE_INIT_PID)) < 0 ||
      (r = state_path(st->shim_pid_path, sizeof st->shim_pid_path, o->state_dir, STATE_SHIM_PID)) < 0 ||
      (r = state_path(st->shim_log_path, sizeof st->shim_log_path, o->state_dir, STATE_SHIM_LOG)) < 0)
    return r;
  return 0;
}

static int prepare_state_dir(const struct shim_options *o, struct setup *st) {
  if (mkdir(o->state_dir, 0711) == 0) st->state_dir_created = true;
  else if (errno != EEXIST) return shim_fail(errno, "mkdir state dir \"%s\"", o->state_dir);
  struct stat sb;
  if (stat(o->state_dir, &sb) < 0) return shim_fail(errno, "stat state dir \"%s\"", o->state_dir);
  if (!S_ISDIR(sb.st_mode)) return shim_fail(ENOTDIR, "state dir \"%s\"", o->state_dir);
  int r = state_paths(o, st);
  if (r < 0) return r;
  if (access(st->shim_pid_path, F_OK) == 0 || access(st->attach_path, F_OK) == 0)
    return shim_fail(EEXIST, "state dir \"%s\" is in use by another shim (shim.pid or attach.sock exists)",
                     o->state_dir);
  st->state_dir_claimed = true; /* from here on, the state files are ours to remove on failure */
  /* A previous run's exit status must not be mistaken for this one's. */
  char exit_path[4096];
  if ((r = state_path(exit_path, sizeof exit_path, o->state_dir, STATE_EXIT_JSON)) < 0) return r;
  if (unlink(exit_path) < 0 && errno != ENOENT) return shim_fail(errno, "unlink \"%s\"", exit_path);
  st->shim_log_fd = open(st->shim_log_path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (st->shim_log_fd >= 0) st->shim_log_created = true;
  else if (errno == EEXIST) st->shim_log_fd = open(st->shim_log_path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (st->shim_log_fd < 0) return shim_fail(errno, "open \"%s\"", st->shim_log_path);
  shim_log_open(st->shim_log_fd, o->id);
  return 0;
}

/* Runs the runtime verb that makes the supervised process, with its stdio (pipes or a PTY) set up here:
 *   container: RUNTIME create --bundle B --pid-file P [--console-socket S] ID   (the init waits for start)
 *   exec mode: RUNTIME exec --detach --process F --pid-file P [--console-socket S] ID   (running at once)
 * With --detach the runtime exits once the process runs, and the process is reparented to us (a subreaper),
 * exactly like a container init, so the rest of the shim cannot tell the two apart. */
static int create_process(const struct shim_options *o, struct setup *st, struct shim *s) {
  int r;
  const char *args[12];
  size_t n = 0;
  if (o->exec_mode) {
    args[n++] = "exec", args[n++] = "--detach";
    args[n++] = "--process", args[n++] = o->process;
  } else {
    args[n++] = "create";
    args[n++] = "--bundle", args[n++] = o->bundle;
  }
  args[n++] = "--pid-file", args[n++] = st->pid_path;
  struct runtime_call call = {.console_listen_fd = -1};
  if (o->tty) {
    if ((st->console_fd = listen_unix_socket(st->console_path, 1)) < 0) return st->console_fd;
    if ((r = make_pipe(st->message_pipe, "runtime messages")) < 0) return r;
    args[n++] = "--console-socket", args[n++] = st->console_path;
    call.stdio[0] = -1, call.stdio[1] = call.stdio[2] = st->message_pipe[1];
    call.message_fd = st->message_pipe[0];
    call.console_listen_fd = st->console_fd;
  } else {
    /* Without a TTY the runtime passes its own stdio to the container (runc "pass-through" mode), so the
     * runtime's error message, if any, arrives on the container's stderr pipe. */
    if (o->stdin_open && (r = make_pipe(st->stdin_pipe, "stdin")) < 0) return r;
    if ((r = make_pipe(st->stdout_pipe, "stdout")) < 0 || (r = make_pipe(st->stderr_pipe, "stderr")) < 0) return r;
    call.stdio[0] = st->stdin_pipe[0], call.stdio[1] = st->stdout_pipe[1], call.stdio[2] = st->stderr_pipe[1];
    call.message_fd = st->stderr_pipe[0];
    /* An exec'd process runs before the runtime exits: what it writes to stderr is its output. */
    call.message_on_failure = o->exec_mode;
  }
  args[n++] = o->id;
  args[n] = NULL;
  call.args = args;
  st->create_ran = true;
  r = run_runtime(o, &call);
  /* The container holds its ends now; ours must go so that EOF is seen when it closes them. */
  close_fd(&st->stdin_pipe[0]);
  close_fd(&st->stdout_pipe[1]);
  close_fd(&st->stderr_pipe[1]);
  close_fd(&st->message_pipe[0]);
  close_fd(&st->message_pipe[1]);
  if (st->console_fd >= 0) {
    close_fd(&st->console_fd);
    unlink(st->console_path);
  }
  if (r < 0) {
    if (call.pty_master >= 0) close(call.pty_master);
    return r;
  }
  if (!o->tty && call.message[0]) shim_log("warn", "runtime %s said: %s", args[0], call.message);
  if (o->tty && call.pty_master < 0)
    return shim_fail(EPROTO, "\"%s %s\" succeeded but sent no PTY master to \"%s\"", o->runtime, args[0],
                     st->console_path);
  if ((r = read_pid_file(st->pid_path, &s->init_pid)) < 0) return r;
  if (o->tty) {
    s->pty_master = call.pty_master;
    s->out_fd[1] = s->pty_master;
    if (o->stdin_open && (s->stdin_fd = fcntl(s->pty_master, F_DUPFD_CLOEXEC, 3)) < 0)
      return shim_fail(errno, "dup the PTY master");
  } else {
    s->out_fd[1] = st->stdout_pipe[0], st->stdout_pipe[0] = -1;
    s->out_fd[2] = st->stderr_pipe[0], st->stderr_pipe[0] = -1;
    s->stdin_fd = st->stdin_pipe[1], st->stdin_pipe[1] = -1;
    for (int i = 1; i <= 2; i++)
      if (fcntl(s->out_fd[i], F_SETFL, O_NONBLOCK) < 0) return shim_fail(errno, "fcntl O_NONBLOCK on an output pipe");
    if (s->stdin_fd >= 0 && fcntl(s->stdin_fd, F_SETFL, O_NONBLOCK) < 0)
      return shim_fail(errno, "fcntl O_NONBLOCK on the stdin pipe");
  }
  return 0;
}

/* Closes every stdio fd that set-up or a failed create_process left open. */
static void close_process_fds(struct setup *st, struct shim *s) {
  int *fds[] = {&st->stdin_pipe[0], &st->stdin_pipe[1], &st->stdout_pipe[0], &st->stdout_pipe[1],
                &st->stderr_pipe[0], &st->stderr_pipe[1], &st->message_pipe[0], &st->message_pipe[1],
                &st->console_fd, &s->stdin_fd, &s->pty_master};
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) close_fd(fds[i]);
  for (int i = 1; i <= 2; i++)
    if (s->out_fd[i] >= 0 && s->out_fd[i] != s->pty_master) close(s->out_fd[i]);
  s->out_fd[1] = s->out_fd[2] = -1;
}

int start_exec_process(struct shim *s) {
  struct setup st = SETUP_INIT;
  int r = state_paths(s->o, &st);
  if (r == 0) r = create_process(s->o, &st, s);
  if (r < 0) {
    close_process_fds(&st, s);
    unlink(st.pid_path);
  }
  return r;
}

/* Undoes set-up after a failure: the runtime's container, our files, the state dir if we made it. */
static void remove_leftovers(const struct shim_options *o, struct setup *st, struct shim *s) {
  if (st->create_ran && run_runtime_simple(o, "delete", "--force") < 0)
    shim_log("info", "cleanup: %s", shim_error_message());
  close_process_fds(st, s);
  close_fd(&s->listen_fd);
  close_fd(&s->sigfd);
  if (s->log.fd >= 0) json_log_close(&s->log);
  if (st->log_created) unlink(o->log_path);
  if (st->state_dir_claimed) {
    const char *paths[] = {st->attach_path, st->console_path, st->pid_path, st->shim_pid_path,
                           st->shim_log_created ? st->shim_log_path : ""};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
      if (paths[i][0]) unlink(paths[i]);
  }
  close_fd(&st->shim_log_fd);
  if (st->state_dir_created) rmdir(o->state_dir);
}

int run_shim(const struct shim_options *o, int ready_fd) {
  struct setup st = SETUP_INIT;
  struct shim s = {.o = o, .epfd = -1, .sigfd = -1, .listen_fd = -1, .out_fd = {-1, -1, -1}, .stdin_fd = -1,
                   .pty_master = -1, .log = {.fd = -1}};
  int r = detach_stdio();
  if (r == 0 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) r = shim_fail(errno, "prctl PR_SET_CHILD_SUBREAPER");
  if (r == 0) {
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0) r = shim_fail(errno, "sigprocmask SIGCHLD");
    else if ((s.sigfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) r = shim_fail(errno, "signalfd SIGCHLD");
  }
  if (r == 0) r = prepare_state_dir(o, &st);
  if (r == 0 && !o->exec_mode) {
    int created = 0;
    r = json_log_open(&s.log, o->log_path, o->log_max_size, &created);
    st.log_created = created;
  }
  if (r == 0 && (s.listen_fd = listen_unix_socket(st.attach_path, 16)) < 0) r = s.listen_fd;
  /* An exec's process is made on START, once the engine is attached (see supervise.c handle_start). */
  if (r == 0 && !o->exec_mode) r = create_process(o, &st, &s);
  if (r == 0) {
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
    r = write_file_atomically(o->state_dir, STATE_SHIM_PID, pid, (size_t)n);
  }
  if (r < 0) {
    char message[SHIM_ERROR_MAX];
    snprintf(message, sizeof message, "%s", shim_error_message());
    shim_log("error", "%s", message);
    remove_leftovers(o, &st, &s);
    dprintf(ready_fd, "error %s", message);
    close(ready_fd);
    return 1;
  }
  if (o->exec_mode) {
    /* Nothing runs yet: the handshake reports the shim's own pid, for an engine that must stop it. */
    shim_log("info", "exec shim ready (shim pid %d)", (int)getpid());
    dprintf(ready_fd, "ok %d\n", (int)getpid());
  } else {
    shim_log("info", "container created (init pid %d, shim pid %d)", s.init_pid, (int)getpid());
    dprintf(ready_fd, "ok %d\n", s.init_pid);
  }
  close(ready_fd);
  return supervise(&s);
}
