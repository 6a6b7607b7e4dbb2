/* The container process, from clone(2) to execve(2). Runs in the new namespaces. Every failure before the
 * "ready" message is reported to the runtime over the sync socket, which then cleans up. */
#include "console.h"
#include "container.h"
#include "hooks.h"
#include "process.h"
#include "rootfs.h"
#include "sync.h"
#include "wh-error.h"
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void die(int sync) __attribute__((noreturn));
static void die(int sync) {
  if (sync >= 0) sync_send(sync, 'E', wh_last_error());
  else fprintf(stderr, "wharf-runtime: %s\n", wh_last_error());
  _exit(sync >= 0 ? 1 : 127);
}

static void join_namespaces(const struct wr_spec *spec, int sync) {
  /* The user namespace first, so the others are joined with its privileges (setns(2)). */
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < spec->n_namespaces; i++) {
      const struct wr_namespace *ns = &spec->namespaces[i];
      if (!ns->path || ns->type == CLONE_NEWPID || (pass == 0) != (ns->type == CLONE_NEWUSER)) continue;
      int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) { wh_error(errno, "open namespace %s", ns->path); die(sync); }
      if (setns(fd, ns->type) < 0) { wh_error(errno, "setns %s", ns->path); die(sync); }
      close(fd);
    }
  }
}

void container_init(struct wr_init_args *a) {
  struct wr_spec *spec = a->spec;
  char msg[65536], state_json[65536], exe[4096];
  int tag = sync_recv(a->sync, msg, sizeof msg);
  if (tag != 'G') _exit(1);
  join_namespaces(spec, a->sync);
  if (a->new_userns && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)) { wh_error(errno, "setresuid 0 in user namespace"); die(a->sync); }
  const char *path = NULL;
  if (spec_has_namespace(spec, CLONE_NEWCGROUP, &path) && !path && unshare(CLONE_NEWCGROUP) < 0) {
    wh_error(errno, "unshare cgroup namespace");
    die(a->sync);
  }
  if (spec->hostname && sethostname(spec->hostname, strlen(spec->hostname)) < 0) { wh_error(errno, "sethostname %s", spec->hostname); die(a->sync); }
  if (spec->domainname && setdomainname(spec->domainname, strlen(spec->domainname)) < 0) { wh_error(errno, "setdomainname"); die(a->sync); }
  if (sync_send(a->sync, 'N', NULL) < 0 || sync_recv(a->sync, state_json, sizeof state_json) != 'G') _exit(1);
  if (hooks_run(spec, HOOK_CREATE_CONTAINER, state_json) < 0) die(a->sync);
  if (rootfs_prepare(spec, a->new_userns || spec_has_namespace(spec, CLONE_NEWUSER, NULL)) < 0) die(a->sync);
  if (rootfs_pivot(spec) < 0) die(a->sync);
  if (rootfs_finish(spec) < 0) die(a->sync);
  if (a->console >= 0 && console_setup(a->console, NULL) < 0) die(a->sync);
  if (process_set_rlimits(&spec->process) < 0) die(a->sync);
  if (chdir(spec->process.cwd) < 0) { wh_error(errno, "chdir %s", spec->process.cwd); die(a->sync); }
  if (process_find_executable(&spec->process, exe, sizeof exe) < 0) die(a->sync);
  if (sync_send(a->sync, 'R', NULL) < 0) _exit(1);
  close(a->sync);
  /* Blocks until `start` writes into exec.fifo (runtime.md#start). */
  char byte;
  ssize_t r;
  do r = read(a->fifo, &byte, 1); while (r < 0 && errno == EINTR);
  if (r != 1) _exit(1);
  close(a->fifo);
  if (hooks_run(spec, HOOK_START_CONTAINER, state_json) < 0) die(-1);
  if (process_finalize(&spec->process, a->filter) < 0) die(-1);
  process_close_fds_on_exec(a->preserve_fds);
  process_exec(&spec->process, exe);
  die(-1);
}
