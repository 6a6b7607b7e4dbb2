/* Signal names as runc accepts them: "KILL", "SIGKILL" or a number. */
#ifndef WR_SIGNALS_H
#define WR_SIGNALS_H
int signal_parse(const char *s);
#endif
