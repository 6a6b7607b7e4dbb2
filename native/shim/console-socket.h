/* The console socket of the OCI runtime command line (runc docs/terminals.md): the runtime connects to a unix
 * socket we listen on and sends the PTY master as SCM_RIGHTS ancillary data (unix(7)). */
#ifndef WHARF_SHIM_CONSOLE_SOCKET_H
#define WHARF_SHIM_CONSOLE_SOCKET_H

/* Binds and listens on path (removing a stale socket first); returns the fd or a negative errno. */
int listen_unix_socket(const char *path, int backlog);
/* Accepts one connection on listen_fd and receives one fd from it into *master (O_CLOEXEC, non-blocking). */
int receive_pty_master(int listen_fd, int *master);

#endif
