/* The shim's supervision loop: after a successful create it owns the container's stdio (or PTY master), writes
 * the json-file log, serves attach.sock, reaps the container's init and records its exit. */
#ifndef WHARF_SHIM_SUPERVISE_H
#define WHARF_SHIM_SUPERVISE_H

#include "json-log.h"
#include "options.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

struct byte_queue {
  char *data;
  size_t len, off, cap;
};

struct attach_client {
  int fd;
  struct byte_queue out;
  unsigned char header[8];
  size_t header_len;
  char *payload;
  size_t payload_len, payload_want;
  bool in_payload;
  bool read_closed; /* the client shut down its writing side */
  struct attach_client *next;
};

struct shim {
  const struct shim_options *o;
  int epfd, sigfd, listen_fd;
  int out_fd[3];      /* [1] stdout pipe or PTY master, [2] stderr pipe; -1 once at EOF */
  int stdin_fd;       /* write end of the stdin pipe, or a dup of the PTY master; -1 when closed */
  int pty_master;     /* -1 without --tty */
  pid_t init_pid;
  bool started, exited, stdin_close_pending;
  int wait_status;
  struct timespec exited_at;
  long long drain_deadline_ms;
  struct byte_queue stdin_queue;
  struct attach_client *clients;
  struct json_log log;
};

/* Runs until the container has exited and its output is drained; returns the shim's exit code. */
int supervise(struct shim *s);

#endif
