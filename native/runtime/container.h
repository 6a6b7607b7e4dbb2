/* Container lifecycle operations shared by the CLI verbs (runtime-spec runtime.md#lifecycle). */
#ifndef WR_CONTAINER_H
#define WR_CONTAINER_H
#include "spec.h"
#include "state.h"
#include <stdbool.h>

struct wr_create_opts {
  const char *id, *bundle, *pid_file, *console_socket;
  bool foreground; /* `run`: keep the container process as our child */
  int preserve_fds; /* --preserve-fds N: fds 3..3+N-1 pass into the container; all others are closed */
  int console_fd;   /* `run` in the foreground: our own end for the pty master when no --console-socket (-1: none) */
};

/* create: validates the config, makes state dir + cgroup, clones the container process with its
 * namespaces and drives it to "created" (blocked on exec.fifo). On failure nothing is left behind. */
int container_create(const struct wr_create_opts *o, struct wr_spec *spec, struct wr_state *st);
/* start: releases a created container (writes exec.fifo), then runs poststart hooks. */
int container_start(const char *id);
/* delete: with force, kills a live container first; runs poststop hooks, removes cgroup and state. */
int container_delete(const char *id, bool force);
/* Path of the container-process side of the create protocol (init.c). Never returns. */
struct wr_seccomp;
struct wr_init_args {
  struct wr_spec *spec;
  int sync, fifo, console;
  struct wr_seccomp *filter;
  bool new_userns;
  int preserve_fds;
};
void container_init(struct wr_init_args *a) __attribute__((noreturn));
void container_timestamp(char *out, size_t cap);
#endif
