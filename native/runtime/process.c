#include "process.h"
#include "caps.h"
#include "wh-error.h"
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *env_path(const struct wr_process *p) {
  for (char **e = p->env; e && *e; e++)
    if (strncmp(*e, "PATH=", 5) == 0) return *e + 5;
  return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

int process_find_executable(const struct wr_process *p, char *out, size_t cap) {
  const char *name = p->args[0];
  struct stat st;
  if (strchr(name, '/')) {
    snprintf(out, cap, "%s", name);
    if (stat(out, &st) < 0) return wh_error(errno, "exec %s", name);
    return 0;
  }
  const char *path = env_path(p);
  while (*path) {
    const char *colon = strchrnul(path, ':');
    snprintf(out, cap, "%.*s/%s", (int)(colon - path), path, name);
    if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111)) return 0;
    path = *colon ? colon + 1 : colon;
  }
  return wh_error(ENOENT, "exec: \"%s\": executable file not found in $PATH", name);
}

int process_set_rlimits(const struct wr_process *p) {
  for (size_t i = 0; i < p->n_rlimits; i++) {
    struct rlimit rl = {p->rlimits[i].soft, p->rlimits[i].hard};
    if (setrlimit(p->rlimits[i].resource, &rl) < 0) return wh_error(errno, "setrlimit %d", p->rlimits[i].resource);
  }
  return 0;
}

int process_finalize(const struct wr_process *p, struct wr_seccomp *filter) {
  int err;
  if ((err = caps_drop_bounding(p))) return err;
  if (!p->no_new_privileges && (err = seccomp_apply(filter))) return err;
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return wh_error(errno, "prctl PR_SET_KEEPCAPS");
  if (setgroups(p->n_additional_gids, p->additional_gids) < 0 && !(errno == EPERM && !p->n_additional_gids))
    return wh_error(errno, "setgroups");
  if (setresgid(p->gid, p->gid, p->gid) < 0) return wh_error(errno, "setresgid %u", p->gid);
  if (setresuid(p->uid, p->uid, p->uid) < 0) return wh_error(errno, "setresuid %u", p->uid);
  if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) return wh_error(errno, "prctl PR_SET_KEEPCAPS");
  if ((err = caps_apply(p))) return err;
  if (p->umask >= 0) umask((mode_t)p->umask);
  if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return wh_error(errno, "prctl PR_SET_NO_NEW_PRIVS");
  if (p->no_new_privileges && (err = seccomp_apply(filter))) return err;
  return 0;
}

int process_close_fds_on_exec(int preserve_fds) {
  unsigned first = 3u + (unsigned)(preserve_fds > 0 ? preserve_fds : 0);
  if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
  for (int fd = (int)first; fd < 65536; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC); /* kernels before 5.11 */
  return 0;
}

int process_exec(const struct wr_process *p, const char *path) {
  execve(path, p->args, p->env);
  return wh_error(errno, "exec %s", path);
}
