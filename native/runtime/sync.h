/* Parent <-> container-process handshake over a SOCK_SEQPACKET socketpair. One message = one tag byte plus
 * an optional payload: 'G' go on (payload: state JSON for hooks), 'N' namespaces ready, 'R' ready to start,
 * 'E' error (payload: the message). EOF means the other side died. */
#ifndef WR_SYNC_H
#define WR_SYNC_H
#include <stddef.h>
int sync_send(int fd, char tag, const char *payload);
/* Receives one message; returns the tag (or 0 on EOF, -errno on error); payload is NUL-terminated. */
int sync_recv(int fd, char *payload, size_t cap);
#endif
