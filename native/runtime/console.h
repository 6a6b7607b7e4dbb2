/* Terminal support, as runc: the container's pty master travels to the caller over --console-socket as an
 * SCM_RIGHTS message whose payload is the pty name (runc's utils.SendFile). */
#ifndef WR_CONSOLE_H
#define WR_CONSOLE_H
/* Connects to the AF_UNIX stream socket at path; returns the fd or a negative errno. */
int console_connect(const char *path);
/* Opens a new pty from /dev/ptmx (inside the container's /dev), sizes it to *size when given (exec's
 * process.consoleSize), sends the master over sock, and makes the slave the caller's controlling terminal and stdio. */
struct winsize;
int console_setup(int sock, const struct winsize *size);
/* Receives the pty master sent by console_setup over sock; returns the fd or a negative errno. */
int console_receive(int sock);
/* `run` in the foreground with a terminal: copies our stdin to the pty master and the master to our stdout
 * (stdin in raw mode while it is a tty, window size copied) until the container side closes. */
void console_proxy(int master);
#endif
