#include "supervise.h"
#include "attach-protocol.h"
#include "json-escape.h"
#include "launch-shim.h"
#include "runtime-command.h"
#include "shim-error.h"
#include "state-files.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* After the init process exits, output is drained until every writer is gone or this long has passed
 * (a daemonised grandchild may keep the pipes open forever). */
#define DRAIN_TIMEOUT_MS 2000
#define CLIENT_QUEUE_MAX (8u << 20)  /* a client that falls this far behind is dropped, never the container */
#define STDIN_QUEUE_MAX (16u << 20)

enum watch_kind { WATCH_SIGNAL = 1, WATCH_LISTEN, WATCH_STDOUT, WATCH_STDERR, WATCH_STDIN, WATCH_CLIENT };

static uint64_t watch_key(enum watch_kind k, int fd) { return ((uint64_t)k << 32) | (uint32_t)fd; }

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Exec mode before START: stdin and CLOSE_STDIN are kept for the process that START will make. */
static bool awaiting_exec(const struct shim *s) { return s->o->exec_mode && !s->started && !s->exited; }

static int queue_append(struct byte_queue *q, const void *data, size_t n) {
  if (q->off > 0 && q->off == q->len) q->off = q->len = 0;
  if (q->len + n > q->cap) {
    if (q->off > 0) {
      memmove(q->data, q->data + q->off, q->len - q->off);
      q->len -= q->off;
      q->off = 0;
    }
    if (q->len + n > q->cap) {
      size_t cap = q->cap ? q->cap : 65536;
      while (cap < q->len + n) cap *= 2;
      char *d = realloc(q->data, cap);
      if (d == NULL) return shim_fail(ENOMEM, "grow a %zu-byte buffer", cap);
      q->data = d;
      q->cap = cap;
    }
  }
  memcpy(q->data + q->len, data, n);
  q->len += n;
  return 0;
}

static size_t queue_pending(const struct byte_queue *q) { return q->len - q->off; }

/* Writes what the fd accepts now. Returns 0, or a negative errno when the peer is gone. */
static int queue_flush(struct byte_queue *q, int fd) {
  while (queue_pending(q) > 0) {
    ssize_t w = write(fd, q->data + q->off, queue_pending(q));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    if (w < 0) return -errno;
    q->off += (size_t)w;
  }
  q->off = q->len = 0;
  return 0;
}

static void set_events(struct shim *s, enum watch_kind k, int fd, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.u64 = watch_key(k, fd)};
  if (epoll_ctl(s->epfd, EPOLL_CTL_MOD, fd, &ev) < 0)
    shim_log("error", "epoll_ctl MOD fd %d: %s", fd, strerror(errno));
}

static int watch(struct shim *s, enum watch_kind k, int fd, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.u64 = watch_key(k, fd)};
  if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) return shim_fail(errno, "epoll_ctl ADD fd %d", fd);
  return 0;
}

/* A client that shut down its writing side keeps receiving output until it closes completely. */
static uint32_t client_events(const struct attach_client *c) {
  return (c->read_closed ? 0 : EPOLLIN | EPOLLRDHUP) | (queue_pending(&c->out) ? EPOLLOUT : 0);
}

static void drop_client(struct shim *s, struct attach_client *c, const char *why) {
  shim_log("info", "attach client fd %d closed: %s", c->fd, why);
  epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  for (struct attach_client **p = &s->clients; *p; p = &(*p)->next)
    if (*p == c) {
      *p = c->next;
      break;
    }
  free(c->out.data);
  free(c->payload);
  free(c);
}

/* Queues one frame to a client and writes what the socket takes; drops the client if it is gone or too slow. */
static void send_frame(struct shim *s, struct attach_client *c, uint8_t type, const void *data, size_t n) {
  uint8_t h[FRAME_HEADER_SIZE];
  encode_frame_header(h, type, (uint32_t)n);
  bool was_idle = queue_pending(&c->out) == 0;
  if (queue_pending(&c->out) + n > CLIENT_QUEUE_MAX) {
    drop_client(s, c, "too far behind");
    return;
  }
  if (queue_append(&c->out, h, sizeof h) < 0 || queue_append(&c->out, data, n) < 0) {
    drop_client(s, c, shim_error_message());
    return;
  }
  int r = queue_flush(&c->out, c->fd);
  if (r < 0) {
    drop_client(s, c, strerror(-r));
    return;
  }
  bool idle = queue_pending(&c->out) == 0;
  if (was_idle != idle) set_events(s, WATCH_CLIENT, c->fd, client_events(c));
}

static void broadcast(struct shim *s, uint8_t type, const void *data, size_t n) {
  for (struct attach_client *c = s->clients, *next; c; c = next) {
    next = c->next;
    send_frame(s, c, type, data, n);
  }
}

static void send_reply(struct shim *s, struct attach_client *c, uint8_t request, const char *error) {
  char buf[1 + SHIM_ERROR_MAX];
  size_t n = error ? strlen(error) : 0;
  if (n > SHIM_ERROR_MAX - 1) n = SHIM_ERROR_MAX - 1;
  buf[0] = (char)request;
  memcpy(buf + 1, error ? error : "", n);
  send_frame(s, c, FRAME_REPLY, buf, 1 + n);
}

static void close_stdin_now(struct shim *s) {
  s->stdin_close_pending = false;
  if (s->stdin_fd < 0) return;
  if (s->pty_master >= 0) {
    /* A terminal has no half-close: send the VEOF character (^D), as a user at the keyboard would. */
    struct termios t;
    char eof = tcgetattr(s->pty_master, &t) == 0 ? (char)t.c_cc[VEOF] : 4;
    if (write(s->stdin_fd, &eof, 1) < 0) shim_log("warn", "write VEOF to the PTY: %s", strerror(errno));
  }
  epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->stdin_fd, NULL);
  close(s->stdin_fd);
  s->stdin_fd = -1;
  free(s->stdin_queue.data);
  memset(&s->stdin_queue, 0, sizeof s->stdin_queue);
}

static void flush_stdin(struct shim *s) {
  if (s->stdin_fd < 0) return;
  int r = queue_flush(&s->stdin_queue, s->stdin_fd);
  if (r < 0) {
    /* EPIPE: the container closed its stdin; what is queued can never be delivered. */
    shim_log("info", "container stdin closed: %s", strerror(-r));
    s->stdin_close_pending = false;
    epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->stdin_fd, NULL);
    close(s->stdin_fd);
    s->stdin_fd = -1;
    return;
  }
  if (queue_pending(&s->stdin_queue) == 0 && s->stdin_close_pending) {
    close_stdin_now(s);
    return;
  }
  set_events(s, WATCH_STDIN, s->stdin_fd, queue_pending(&s->stdin_queue) ? EPOLLOUT : 0);
}

static int watch_process_fds(struct shim *s);
static void reap_children(struct shim *s);

/* Exec mode: START makes the exec's process now that the engine is attached, so no output is missed. A
 * failure is the exec's end: exit status 126, dockerd's code for an exec that could not start. */
static void handle_exec_start(struct shim *s, struct attach_client *c) {
  if (start_exec_process(s) < 0 || watch_process_fds(s) < 0) {
    char message[SHIM_ERROR_MAX];
    snprintf(message, sizeof message, "%s", shim_error_message());
    shim_log("error", "%s", message);
    s->exited = true;
    s->wait_status = 126 << 8;
    clock_gettime(CLOCK_REALTIME, &s->exited_at);
    s->drain_deadline_ms = now_ms();
    return send_reply(s, c, FRAME_START, message);
  }
  s->started = true;
  shim_log("info", "exec process started (pid %d)", s->init_pid);
  send_reply(s, c, FRAME_START, NULL);
  if (s->stdin_fd >= 0) flush_stdin(s);
  else s->stdin_close_pending = false;
  reap_children(s); /* it may have exited already */
}

static void handle_start(struct shim *s, struct attach_client *c) {
  if (s->started) return send_reply(s, c, FRAME_START, "container already started");
  if (s->exited) return send_reply(s, c, FRAME_START, "container already exited");
  if (s->o->exec_mode) return handle_exec_start(s, c);
  const char *args[] = {"start", s->o->id, NULL};
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return send_reply(s, c, FRAME_START, "pipe for runtime start failed");
  struct runtime_call call = {.args = args, .stdio = {-1, p[1], p[1]}, .message_fd = p[0], .console_listen_fd = -1};
  int r = run_runtime(s->o, &call);
  close(p[0]);
  close(p[1]);
  if (r < 0) {
    shim_log("error", "%s", shim_error_message());
    return send_reply(s, c, FRAME_START, shim_error_message());
  }
  s->started = true;
  shim_log("info", "container started (init pid %d)", s->init_pid);
  send_reply(s, c, FRAME_START, NULL);
}

static void handle_resize(struct shim *s, struct attach_client *c) {
  if (awaiting_exec(s) && s->o->tty) return send_reply(s, c, FRAME_RESIZE, "exec process not started yet");
  if (s->pty_master < 0) return send_reply(s, c, FRAME_RESIZE, "container has no TTY");
  if (c->payload_len != 4) return send_reply(s, c, FRAME_RESIZE, "resize payload must be 4 bytes: rows, cols (u16 BE)");
  const unsigned char *p = (const unsigned char *)c->payload;
  struct winsize ws = {.ws_row = (unsigned short)(p[0] << 8 | p[1]), .ws_col = (unsigned short)(p[2] << 8 | p[3])};
  if (ioctl(s->pty_master, TIOCSWINSZ, &ws) < 0) {
    char msg[128];
    snprintf(msg, sizeof msg, "ioctl TIOCSWINSZ on the PTY master: %s", strerror(errno));
    return send_reply(s, c, FRAME_RESIZE, msg);
  }
  send_reply(s, c, FRAME_RESIZE, NULL);
}

static void handle_frame(struct shim *s, struct attach_client *c) {
  switch (c->header[0]) {
    case FRAME_STDIN:
      if (!s->o->stdin_open || s->stdin_close_pending) return; /* like dockerd: dropped */
      if (s->stdin_fd < 0 && !awaiting_exec(s)) return;
      if (queue_pending(&s->stdin_queue) + c->payload_len > STDIN_QUEUE_MAX) {
        shim_log("warn", "stdin queue full: dropped %zu bytes", c->payload_len);
        return;
      }
      if (queue_append(&s->stdin_queue, c->payload, c->payload_len) < 0) return;
      if (s->stdin_fd >= 0) flush_stdin(s);
      return;
    case FRAME_START: return handle_start(s, c);
    case FRAME_RESIZE: return handle_resize(s, c);
    case FRAME_CLOSE_STDIN:
      if (s->stdin_fd >= 0) {
        s->stdin_close_pending = true;
        flush_stdin(s);
      } else if (awaiting_exec(s)) {
        s->stdin_close_pending = true;
      }
      return send_reply(s, c, FRAME_CLOSE_STDIN, NULL);
    default: {
      char msg[64];
      snprintf(msg, sizeof msg, "unknown frame type %u", c->header[0]);
      return send_reply(s, c, c->header[0], msg);
    }
  }
}

/* Reads and dispatches client frames. Returns false when the client was dropped. */
static bool read_client(struct shim *s, struct attach_client *c) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(c->fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n == 0) {
      c->read_closed = true;
      set_events(s, WATCH_CLIENT, c->fd, client_events(c));
      return true;
    }
    if (n < 0) {
      drop_client(s, c, strerror(errno));
      return false;
    }
    for (ssize_t i = 0; i < n;) {
      if (!c->in_payload) {
        size_t take = FRAME_HEADER_SIZE - c->header_len;
        if ((size_t)(n - i) < take) take = (size_t)(n - i);
        memcpy(c->header + c->header_len, buf + i, take);
        c->header_len += take;
        i += (ssize_t)take;
        if (c->header_len < FRAME_HEADER_SIZE) continue;
        c->payload_want = decode_frame_size(c->header);
        if (c->payload_want > FRAME_PAYLOAD_MAX) {
          drop_client(s, c, "frame larger than 1 MiB");
          return false;
        }
        char *p = realloc(c->payload, c->payload_want ? c->payload_want : 1);
        if (p == NULL) {
          drop_client(s, c, "out of memory");
          return false;
        }
        c->payload = p;
        c->payload_len = 0;
        c->in_payload = true;
      }
      size_t take = c->payload_want - c->payload_len;
      if ((size_t)(n - i) < take) take = (size_t)(n - i);
      memcpy(c->payload + c->payload_len, buf + i, take);
      c->payload_len += take;
      i += (ssize_t)take;
      if (c->payload_len == c->payload_want) {
        c->in_payload = false;
        c->header_len = 0;
        struct attach_client *still;
        handle_frame(s, c);
        for (still = s->clients; still && still != c; still = still->next) {
        }
        if (still == NULL) return false;
      }
    }
  }
}

static void accept_clients(struct shim *s) {
  for (;;) {
    int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        shim_log("error", "accept on attach.sock: %s", strerror(errno));
      return;
    }
    struct attach_client *c = calloc(1, sizeof *c);
    if (c == NULL) {
      close(fd);
      shim_log("error", "accept on attach.sock: out of memory");
      return;
    }
    c->fd = fd;
    if (watch(s, WATCH_CLIENT, fd, EPOLLIN | EPOLLRDHUP) < 0) {
      shim_log("error", "%s", shim_error_message());
      close(fd);
      free(c);
      continue;
    }
    c->next = s->clients;
    s->clients = c;
    char esc_id[1024], state[1400];
    size_t n = json_escape(esc_id, s->o->id, strlen(s->o->id));
    esc_id[n] = '\0';
    int len = snprintf(state, sizeof state, "{\"id\":\"%s\",\"pid\":%d,\"started\":%s,\"tty\":%s,\"stdin\":%s}", esc_id,
                       s->init_pid, s->started ? "true" : "false", s->o->tty ? "true" : "false",
                       s->o->stdin_open && (s->stdin_fd >= 0 || awaiting_exec(s)) ? "true" : "false");
    send_frame(s, c, FRAME_STATE, state, (size_t)len);
  }
}

static void close_output(struct shim *s, int stream) {
  if (s->out_fd[stream] < 0) return;
  epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->out_fd[stream], NULL);
  if (s->out_fd[stream] != s->pty_master) close(s->out_fd[stream]);
  s->out_fd[stream] = -1;
  if (s->log.fd >= 0 && json_log_flush(&s->log, (enum log_stream)stream) < 0)
    shim_log("error", "%s", shim_error_message());
}

static void read_output(struct shim *s, int stream) {
  char buf[65536];
  for (int rounds = 0; rounds < 16 && s->out_fd[stream] >= 0; rounds++) {
    ssize_t n = read(s->out_fd[stream], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      /* EOF on a pipe; EIO on a PTY master once every slave fd is closed. */
      close_output(s, stream);
      return;
    }
    if (s->log.fd >= 0 && json_log_write(&s->log, (enum log_stream)stream, buf, (size_t)n) < 0)
      shim_log("error", "%s", shim_error_message());
    broadcast(s, (uint8_t)stream, buf, (size_t)n);
  }
}

static void reap_children(struct shim *s) {
  struct signalfd_siginfo si;
  while (read(s->sigfd, &si, sizeof si) == sizeof si) {
  }
  for (;;) {
    int st;
    pid_t pid = waitpid(-1, &st, WNOHANG);
    if (pid <= 0) return;
    if (pid == s->init_pid && !s->exited) {
      s->exited = true;
      s->wait_status = st;
      clock_gettime(CLOCK_REALTIME, &s->exited_at);
      s->drain_deadline_ms = now_ms() + DRAIN_TIMEOUT_MS;
      shim_log("info", "container init %d exited (wait status 0x%x)", pid, st);
    }
  }
}

/* Writes what is still queued to each client (blocking, at most 1 s each) and closes them. */
static void close_clients(struct shim *s) {
  while (s->clients) {
    struct attach_client *c = s->clients;
    int flags = fcntl(c->fd, F_GETFL);
    fcntl(c->fd, F_SETFL, flags & ~O_NONBLOCK);
    struct timeval tv = {.tv_sec = 1};
    setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    queue_flush(&c->out, c->fd);
    drop_client(s, c, "container exited");
  }
}

static int finish(struct shim *s) {
  for (int i = 1; i <= 2; i++) close_output(s, i);
  if (s->log.fd >= 0) {
    for (int i = 1; i <= 2; i++)
      if (json_log_flush(&s->log, (enum log_stream)i) < 0) shim_log("error", "%s", shim_error_message());
    json_log_close(&s->log);
  }
  if (s->stdin_fd >= 0) close(s->stdin_fd);
  if (s->pty_master >= 0) close(s->pty_master);
  /* Remove the runtime's record of the container (and its cgroups) before announcing the exit, so an engine
   * that sees exit.json can reuse the id at once. An exec's container lives on. */
  if (!s->o->exec_mode && run_runtime_simple(s->o, "delete", NULL) < 0) shim_log("error", "%s", shim_error_message());
  char exit_json[256];
  int n = format_exit_json(exit_json, sizeof exit_json, s->wait_status, &s->exited_at);
  int rc = 0;
  if (write_file_atomically(s->o->state_dir, STATE_EXIT_JSON, exit_json, (size_t)n) < 0) {
    shim_log("error", "%s", shim_error_message());
    rc = 1;
  }
  shim_log("info", "exit recorded: %.*s", n - 1, exit_json);
  broadcast(s, FRAME_EXIT, exit_json, (size_t)n);
  close_clients(s);
  char path[4096];
  /* An exec's pid stays readable after its exit (exec inspect reports it); the engine removes the state dir. */
  const char *gone[] = {STATE_ATTACH_SOCK, STATE_SHIM_PID, s->o->exec_mode ? NULL : STATE_INIT_PID};
  for (size_t i = 0; i < sizeof gone / sizeof gone[0] && gone[i]; i++)
    if (state_path(path, sizeof path, s->o->state_dir, gone[i]) == 0 && unlink(path) < 0 && errno != ENOENT)
      shim_log("error", "unlink \"%s\": %s", path, strerror(errno));
  return rc;
}

/* The process's output and stdin (none yet for an exec shim before START). */
static int watch_process_fds(struct shim *s) {
  int r = 0;
  if (r == 0 && s->out_fd[1] >= 0) r = watch(s, WATCH_STDOUT, s->out_fd[1], EPOLLIN);
  if (r == 0 && s->out_fd[2] >= 0) r = watch(s, WATCH_STDERR, s->out_fd[2], EPOLLIN);
  if (r == 0 && s->stdin_fd >= 0) r = watch(s, WATCH_STDIN, s->stdin_fd, 0);
  return r;
}

int supervise(struct shim *s) {
  s->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (s->epfd < 0) {
    shim_log("error", "epoll_create1: %s", strerror(errno));
    return 1;
  }
  int r = watch(s, WATCH_SIGNAL, s->sigfd, EPOLLIN);
  if (r == 0) r = watch(s, WATCH_LISTEN, s->listen_fd, EPOLLIN);
  if (r == 0) r = watch_process_fds(s);
  if (r < 0) {
    shim_log("error", "%s", shim_error_message());
    return 1;
  }
  reap_children(s); /* the init may have died between create and now */
  for (;;) {
    if (s->exited && ((s->out_fd[1] < 0 && s->out_fd[2] < 0) || now_ms() >= s->drain_deadline_ms)) break;
    int timeout = -1;
    if (s->exited) timeout = (int)(s->drain_deadline_ms - now_ms()) + 1;
    struct epoll_event evs[32];
    int n = epoll_wait(s->epfd, evs, 32, timeout);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      shim_log("error", "epoll_wait: %s", strerror(errno));
      return 1;
    }
    for (int i = 0; i < n; i++) {
      enum watch_kind kind = (enum watch_kind)(evs[i].data.u64 >> 32);
      int fd = (int)(uint32_t)evs[i].data.u64;
      switch (kind) {
        case WATCH_SIGNAL: reap_children(s); break;
        case WATCH_LISTEN: accept_clients(s); break;
        case WATCH_STDOUT: read_output(s, 1); break;
        case WATCH_STDERR: read_output(s, 2); break;
        case WATCH_STDIN:
          if (evs[i].events & (EPOLLERR | EPOLLHUP)) {
            /* The container closed its stdin (or exited): nothing queued can be delivered any more, and the
             * level-triggered error would otherwise be reported forever. */
            shim_log("info", "container stdin closed by the container");
            s->stdin_close_pending = false;
            epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->stdin_fd, NULL);
            close(s->stdin_fd);
            s->stdin_fd = -1;
            free(s->stdin_queue.data);
            memset(&s->stdin_queue, 0, sizeof s->stdin_queue);
          } else {
            flush_stdin(s);
          }
          break;
        case WATCH_CLIENT: {
          struct attach_client *c = s->clients;
          while (c && c->fd != fd) c = c->next;
          if (c == NULL) break; /* dropped earlier in this batch */
          if (evs[i].events & EPOLLOUT) {
            int fr = queue_flush(&c->out, c->fd);
            if (fr < 0) {
              drop_client(s, c, strerror(-fr));
              break;
            }
            if (queue_pending(&c->out) == 0) set_events(s, WATCH_CLIENT, c->fd, client_events(c));
          }
          if (c->read_closed && (evs[i].events & (EPOLLHUP | EPOLLERR))) {
            drop_client(s, c, "hung up");
            break;
          }
          if (!c->read_closed && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))) read_client(s, c);
          break;
        }
      }
    }
  }
  return finish(s);
}
