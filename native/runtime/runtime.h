/* Process-wide options of wharf-runtime (runc's global flags) and the CLI verb entry points.
 * Each verb lives in its own cmd-<verb>.c and returns the process exit status. */
#ifndef WR_RUNTIME_H
#define WR_RUNTIME_H

#define WR_VERSION "0.1.0"
#define WR_OCI_VERSION "1.0.2"
#define WR_DEFAULT_ROOT "/run/wharf-runtime"

struct wr_globals { const char *root, *log, *log_format; };
extern struct wr_globals wr_globals;

int cmd_create(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_state(int argc, char **argv);
int cmd_kill(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_list(int argc, char **argv);
#endif
