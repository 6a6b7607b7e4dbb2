/* exec [--process FILE | options] [--detach] [--pid-file P] [--console-socket S] [--tty] ID [CMD ARGS...]
 * Runs a new process in a running container: joins its namespaces (setns(2)) and cgroup, then applies the
 * process settings as create does. Without --process the container's own process is the template. */
#include "cgroups.h"
#include "console.h"
#include "container.h"
#include "process.h"
#include "runtime.h"
#include "wait-child.h"
#include "wh-error.h"
#include "wh-fs.h"
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct exec_opts {
  const char *process_file, *pid_file, *console_socket, *cwd, *user;
  bool detach, tty;
  int preserve_fds;
  char *env[64];
  size_t n_env;
};

static const struct { int type; const char *name; } join_order[] = {
  {CLONE_NEWUSER, "user"}, {CLONE_NEWIPC, "ipc"}, {CLONE_NEWUTS, "uts"}, {CLONE_NEWNET, "net"},
  {CLONE_NEWCGROUP, "cgroup"}, {CLONE_NEWNS, "mnt"}};

static void child_fail(int errpipe) __attribute__((noreturn));
static void child_fail(int errpipe) {
  const char *m = wh_last_error();
  ssize_t w = write(errpipe, m, strlen(m));
  (void)w;
  _exit(127);
}

static void exec_child(const struct wr_spec *spec, struct wr_process *p, pid_t target, int go, int errpipe, int console,
                       struct wr_seccomp *filter, int preserve_fds) {
  char b, exe[4096];
  if (read(go, &b, 1) != 1) _exit(1);
  int fds[6];
  for (size_t i = 0; i < 6; i++) {
    fds[i] = -1;
    if (!spec_has_namespace(spec, join_order[i].type, NULL)) continue;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/%s", target, join_order[i].name);
    if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) { wh_error(errno, "open %s", path); child_fail(errpipe); }
  }
  for (size_t i = 0; i < 6; i++)
    if (fds[i] >= 0 && setns(fds[i], join_order[i].type) < 0) { wh_error(errno, "setns %s", join_order[i].name); child_fail(errpipe); }
  if (chdir(p->cwd) < 0) { wh_error(errno, "chdir %s", p->cwd); child_fail(errpipe); }
  struct winsize size = {.ws_row = p->console_height, .ws_col = p->console_width};
  if (console >= 0 && console_setup(console, &size) < 0) child_fail(errpipe);
  if (process_set_rlimits(p) < 0 || process_find_executable(p, exe, sizeof exe) < 0) child_fail(errpipe);
  if (process_finalize(p, filter) < 0) child_fail(errpipe);
  process_close_fds_on_exec(preserve_fds);
  process_exec(p, exe);
  child_fail(errpipe);
}

static int parse_user(const char *s, struct wr_process *p) {
  char *end;
  p->uid = (uid_t)strtoul(s, &end, 10);
  if (*end == ':') p->gid = (gid_t)strtoul(end + 1, &end, 10);
  if (*end) return wh_error(0, "exec --user: expected UID[:GID], got %s", s);
  return 0;
}

static int build_process(struct exec_opts *o, int argc, char **argv, const struct wr_spec *spec, struct wr_process *p) {
  if (o->process_file) {
    char *raw;
    int err = wh_read_file(o->process_file, &raw, NULL);
    if (err) return err;
    wh_json *j = wh_json_parse(raw, strlen(raw));
    if (!j) return wh_error(0, "%s: %s", o->process_file, wh_last_error());
    return spec_parse_process(j, p);
  }
  if (argc == 0) return wh_error(0, "exec: a command or --process is required");
  *p = spec->process;
  p->args = argv;
  p->terminal = o->tty;
  if (o->cwd) p->cwd = o->cwd;
  if (o->user) { int err = parse_user(o->user, p); if (err) return err; p->n_additional_gids = 0; }
  if (o->n_env) {
    size_t n = 0;
    while (spec->process.env[n]) n++;
    char **env = calloc(n + o->n_env + 1, sizeof *env);
    memcpy(env, spec->process.env, n * sizeof *env);
    memcpy(env + n, o->env, o->n_env * sizeof *env);
    p->env = env;
  }
  return 0;
}

int cmd_exec(int argc, char **argv) {
  static const struct option opts[] = {
    {"process", required_argument, 0, 'p'}, {"detach", no_argument, 0, 'd'}, {"pid-file", required_argument, 0, 'P'},
    {"console-socket", required_argument, 0, 'c'}, {"tty", no_argument, 0, 't'}, {"cwd", required_argument, 0, 'w'},
    {"env", required_argument, 0, 'e'}, {"user", required_argument, 0, 'u'}, {"preserve-fds", required_argument, 0, 'f'},
    {"process-label", required_argument, 0, 'l'}, {"apparmor", required_argument, 0, 'a'},
    {"no-new-privs", no_argument, 0, 'n'}, {"cap", required_argument, 0, 'C'}, {0, 0, 0, 0}};
  struct exec_opts o = {0};
  int c;
  while ((c = getopt_long(argc, argv, "+p:dte:u:", opts, NULL)) != -1) {
    switch (c) {
      case 'p': o.process_file = optarg; break;
      case 'd': o.detach = true; break;
      case 'P': o.pid_file = optarg; break;
      case 'c': o.console_socket = optarg; break;
      case 't': o.tty = true; break;
      case 'w': o.cwd = optarg; break;
      case 'u': o.user = optarg; break;
      case 'f': o.preserve_fds = atoi(optarg); break;
      case 'e': if (o.n_env < 63) o.env[o.n_env++] = optarg; break;
      case '?': wh_error(0, "exec: bad option"); return wh_fail();
      default: break;
    }
  }
  if (optind >= argc) { wh_error(0, "exec: expected a container ID"); return wh_fail(); }
  const char *id = argv[optind];
  struct wr_state st;
  struct wr_spec spec;
  struct wr_process p;
  struct wr_seccomp *filter = NULL;
  char path[4200];
  if (state_load(id, &st) < 0) return wh_fail();
  const char *status = state_status(&st);
  /* As runc: a created container (init still waiting for start) can be exec'd into; paused/stopped cannot. */
  if (strcmp(status, "running") != 0 && strcmp(status, "created") != 0) {
    wh_error(0, "cannot exec in container \"%s\": it is %s", id, status);
    return wh_fail();
  }
  state_dir(id, path, sizeof path);
  strncat(path, "/config.json", sizeof path - strlen(path) - 1);
  if (spec_load(&spec, st.bundle, path) < 0) return wh_fail();
  if (build_process(&o, argc - optind - 1, argv + optind + 1, &spec, &p) < 0) return wh_fail();
  if (seccomp_build(spec.seccomp, &filter) < 0) return wh_fail();
  if (p.terminal && !o.console_socket) { wh_error(0, "exec: a terminal needs --console-socket"); return wh_fail(); }
  int console = -1;
  if (p.terminal && (console = console_connect(o.console_socket)) < 0) return wh_fail();
  if (spec_has_namespace(&spec, CLONE_NEWPID, NULL)) {
    char ns[64];
    snprintf(ns, sizeof ns, "/proc/%d/ns/pid", st.pid);
    int fd = open(ns, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWPID) < 0) { wh_error(errno, "setns %s", ns); return wh_fail(); }
    close(fd);
  }
  int go[2], errp[2];
  if (pipe2(go, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) { wh_error(errno, "pipe"); return wh_fail(); }
  pid_t pid = fork();
  if (pid < 0) { wh_error(errno, "fork"); return wh_fail(); }
  if (pid == 0) {
    close(go[1]);
    close(errp[0]);
    exec_child(&spec, &p, st.pid, go[0], errp[1], console, filter, o.preserve_fds);
  }
  close(go[0]);
  close(errp[1]);
  if (console >= 0) close(console);
  if (cgroup_add_pid(&st.cgroup, pid) < 0) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); return wh_fail(); }
  if (write(go[1], "g", 1) != 1) { wh_error(errno, "exec handshake"); return wh_fail(); }
  close(go[1]);
  char msg[1024];
  ssize_t n = read(errp[0], msg, sizeof msg - 1);
  close(errp[0]);
  if (n > 0) {
    msg[n] = 0;
    waitpid(pid, NULL, 0);
    wh_error(0, "%s", msg);
    return wh_fail();
  }
  if (o.pid_file) {
    char v[32];
    snprintf(v, sizeof v, "%d", pid);
    if (wh_write_file(o.pid_file, v, strlen(v), O_CREAT | O_TRUNC, 0644) < 0) return wh_fail();
  }
  if (o.detach) return 0;
  return wait_child_forwarding(pid);
}
