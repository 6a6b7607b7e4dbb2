#include "options.h"
#include "shim-error.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_ID = 1, OPT_BUNDLE, OPT_STATE_DIR, OPT_RUNTIME, OPT_RUNTIME_ROOT, OPT_LOG_PATH, OPT_TTY, OPT_STDIN,
       OPT_LOG_MAX_SIZE, OPT_PROCESS };

static bool is_valid_id(const char *id) {
  size_t n = strlen(id);
  if (n == 0 || n > 128) return false;
  for (size_t i = 0; i < n; i++) {
    char c = id[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) return false;
  }
  return true;
}

/* Parses a size like 1048576, 512k, 10m, 1g. */
static int parse_size(const char *s, long long *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno != 0 || end == s || v < 0) return -1;
  long long mul = 1;
  if (*end == 'k' || *end == 'K') mul = 1024, end++;
  else if (*end == 'm' || *end == 'M') mul = 1024 * 1024, end++;
  else if (*end == 'g' || *end == 'G') mul = 1024LL * 1024 * 1024, end++;
  if (*end != '\0') return -1;
  *out = v * mul;
  return 0;
}

/* Exec mode: no bundle and no log (dockerd keeps no log of exec output); the process file is the runtime's. */
static int check_exec_options(const struct shim_options *o) {
  if (o->bundle || o->log_path || o->log_max_size)
    return shim_fail(0, "--bundle, --log-path and --log-max-size are not used by `wharf-shim exec`");
  const struct { const char *value, *flag; } required[] = {
      {o->id, "--id"}, {o->process, "--process"}, {o->state_dir, "--state-dir"}, {o->runtime, "--runtime"}};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
    if (required[i].value == NULL || required[i].value[0] == '\0')
      return shim_fail(0, "missing required flag %s", required[i].flag);
  if (!is_valid_id(o->id))
    return shim_fail(0, "invalid --id \"%s\": want [A-Za-z0-9][A-Za-z0-9_.-]{0,127}", o->id);
  if (o->state_dir[0] != '/' || o->process[0] != '/')
    return shim_fail(0, "--state-dir and --process must be absolute paths");
  if (access(o->process, R_OK) < 0) return shim_fail(errno, "process file \"%s\" is not readable", o->process);
  if (access(o->runtime, X_OK) < 0) return shim_fail(errno, "runtime \"%s\" is not executable", o->runtime);
  return 0;
}

int parse_options(int argc, char **argv, struct shim_options *o) {
  static const struct option longopts[] = {
      {"id", required_argument, NULL, OPT_ID},
      {"bundle", required_argument, NULL, OPT_BUNDLE},
      {"state-dir", required_argument, NULL, OPT_STATE_DIR},
      {"runtime", required_argument, NULL, OPT_RUNTIME},
      {"runtime-root", required_argument, NULL, OPT_RUNTIME_ROOT},
      {"log-path", required_argument, NULL, OPT_LOG_PATH},
      {"tty", no_argument, NULL, OPT_TTY},
      {"stdin", no_argument, NULL, OPT_STDIN},
      {"log-max-size", required_argument, NULL, OPT_LOG_MAX_SIZE},
      {"process", required_argument, NULL, OPT_PROCESS},
      {NULL, 0, NULL, 0},
  };
  memset(o, 0, sizeof *o);
  opterr = 0;
  optind = 1;
  if (argc > 1 && strcmp(argv[1], "exec") == 0) {
    o->exec_mode = true;
    optind = 2;
  }
  int c;
  while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
    switch (c) {
      case OPT_ID: o->id = optarg; break;
      case OPT_BUNDLE: o->bundle = optarg; break;
      case OPT_STATE_DIR: o->state_dir = optarg; break;
      case OPT_RUNTIME: o->runtime = optarg; break;
      case OPT_RUNTIME_ROOT: o->runtime_root = optarg; break;
      case OPT_LOG_PATH: o->log_path = optarg; break;
      case OPT_TTY: o->tty = true; break;
      case OPT_STDIN: o->stdin_open = true; break;
      case OPT_PROCESS: o->process = optarg; break;
      case OPT_LOG_MAX_SIZE:
        if (parse_size(optarg, &o->log_max_size) < 0)
          return shim_fail(0, "invalid --log-max-size \"%s\": want a byte count like 10m", optarg);
        break;
      case ':': return shim_fail(0, "flag %s needs a value", argv[optind - 1]);
      default: return shim_fail(0, "unknown flag \"%s\"", argv[optind - 1]);
    }
  }
  if (optind < argc) return shim_fail(0, "unexpected argument \"%s\"", argv[optind]);
  if (o->exec_mode) return check_exec_options(o);
  if (o->process) return shim_fail(0, "--process is only for `wharf-shim exec`");
  const struct { const char *value, *flag; } required[] = {
      {o->id, "--id"}, {o->bundle, "--bundle"}, {o->state_dir, "--state-dir"},
      {o->runtime, "--runtime"}, {o->log_path, "--log-path"},
  };
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
    if (required[i].value == NULL || required[i].value[0] == '\0')
      return shim_fail(0, "missing required flag %s", required[i].flag);
  if (!is_valid_id(o->id))
    return shim_fail(0, "invalid --id \"%s\": want [A-Za-z0-9][A-Za-z0-9_.-]{0,127}", o->id);
  struct stat st;
  if (stat(o->bundle, &st) < 0) return shim_fail(errno, "stat bundle \"%s\"", o->bundle);
  if (!S_ISDIR(st.st_mode)) return shim_fail(ENOTDIR, "bundle \"%s\"", o->bundle);
  if (access(o->runtime, X_OK) < 0) return shim_fail(errno, "runtime \"%s\" is not executable", o->runtime);
  if (o->state_dir[0] != '/' || o->log_path[0] != '/' || o->bundle[0] != '/')
    return shim_fail(0, "--bundle, --state-dir and --log-path must be absolute paths");
  return 0;
}
