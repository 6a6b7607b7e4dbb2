/* Command line of wharf-shim (documented in README.md, "Command line"). */
#ifndef WHARF_SHIM_OPTIONS_H
#define WHARF_SHIM_OPTIONS_H

#include <stdbool.h>

struct shim_options {
  bool exec_mode;           /* `wharf-shim exec ...`: supervise one exec process in a running container */
  const char *id;           /* container id: [A-Za-z0-9][A-Za-z0-9_.-]{0,127} */
  const char *process;      /* exec mode: runtime-spec process JSON for `RUNTIME exec --process` */
  const char *bundle;       /* OCI bundle directory (holds config.json) */
  const char *state_dir;    /* shim state: shim.pid, attach.sock, init.pid, exit.json, shim.log */
  const char *runtime;      /* path of a runc-compatible runtime binary */
  const char *runtime_root; /* optional --root passed to the runtime */
  const char *log_path;     /* json-file log of the container's output */
  bool tty;                 /* allocate a PTY (process.terminal must be true in config.json) */
  bool stdin_open;          /* keep the container's stdin open for attach clients */
  long long log_max_size;   /* rotate the log when it would grow beyond this many bytes (0 = never) */
};

/* Parses argv into o (argv[1] == "exec" selects exec mode). Returns 0, or a negative errno with a message (shim_error_message) naming the flag. */
int parse_options(int argc, char **argv, struct shim_options *o);

#endif
