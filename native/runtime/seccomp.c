#include "seccomp.h"
#include "wh-error.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_SECCOMP
#include <seccomp.h>

struct wr_seccomp { scmp_filter_ctx ctx; };

/* `errno_key`: "errnoRet" on a rule, "defaultErrnoRet" beside defaultAction (config-linux.md#seccomp). */
static int parse_action(const wh_json *obj, const char *key, const char *errno_key, uint32_t *out) {
  const char *name = wh_json_str(wh_json_get(obj, key), NULL);
  int ret = (int)wh_json_int(wh_json_get(obj, errno_key), EPERM);
  if (!name) return wh_error(0, "seccomp: missing %s", key);
  if (!strcmp(name, "SCMP_ACT_KILL") || !strcmp(name, "SCMP_ACT_KILL_THREAD")) *out = SCMP_ACT_KILL_THREAD;
  else if (!strcmp(name, "SCMP_ACT_KILL_PROCESS")) *out = SCMP_ACT_KILL_PROCESS;
  else if (!strcmp(name, "SCMP_ACT_TRAP")) *out = SCMP_ACT_TRAP;
  else if (!strcmp(name, "SCMP_ACT_ERRNO")) *out = SCMP_ACT_ERRNO((uint32_t)ret);
  else if (!strcmp(name, "SCMP_ACT_TRACE")) *out = SCMP_ACT_TRACE((uint32_t)ret);
  else if (!strcmp(name, "SCMP_ACT_ALLOW")) *out = SCMP_ACT_ALLOW;
  else if (!strcmp(name, "SCMP_ACT_LOG")) *out = SCMP_ACT_LOG;
  else return wh_error(0, "seccomp: unsupported action %s", name);
  return 0;
}

static int parse_op(const char *op, enum scmp_compare *out) {
  static const struct { const char *name; enum scmp_compare op; } ops[] = {
    {"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT}, {"SCMP_CMP_LE", SCMP_CMP_LE},
    {"SCMP_CMP_EQ", SCMP_CMP_EQ}, {"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
    {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
    if (!strcmp(op, ops[i].name)) { *out = ops[i].op; return 0; }
  return wh_error(0, "seccomp: unknown operator %s", op);
}

static int add_rule(struct wr_seccomp *f, const wh_json *rule, uint32_t default_action) {
  uint32_t action;
  int err = parse_action(rule, "action", "errnoRet", &action);
  if (err) return err;
  const wh_json *args = wh_json_get(rule, "args");
  struct scmp_arg_cmp cmps[6];
  unsigned n = 0;
  for (size_t i = 0; i < wh_json_count(args) && n < 6; i++, n++) {
    const wh_json *a = wh_json_at(args, i);
    enum scmp_compare op = SCMP_CMP_EQ;
    if ((err = parse_op(wh_json_str(wh_json_get(a, "op"), ""), &op))) return err;
    cmps[n].arg = (unsigned)wh_json_int(wh_json_get(a, "index"), 0);
    cmps[n].op = op;
    cmps[n].datum_a = (scmp_datum_t)wh_json_int(wh_json_get(a, "value"), 0);
    cmps[n].datum_b = (scmp_datum_t)wh_json_int(wh_json_get(a, "valueTwo"), 0);
  }
  if (action == default_action) return 0; /* libseccomp rejects rules equal to the default */
  const wh_json *names = wh_json_get(rule, "names");
  for (size_t i = 0; i < wh_json_count(names); i++) {
    const char *name = wh_json_str(wh_json_at(names, i), "");
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) continue; /* not a syscall on this architecture: ignored, as runc does */
    int rc = seccomp_rule_add_array(f->ctx, action, nr, n, cmps);
    if (rc < 0) return wh_error(-rc, "seccomp rule for %s", name);
  }
  return 0;
}

int seccomp_build(const wh_json *config, struct wr_seccomp **out) {
  *out = NULL;
  if (!config) return 0;
  uint32_t def;
  int err = parse_action(config, "defaultAction", "defaultErrnoRet", &def);
  if (err) return err;
  struct wr_seccomp *f = calloc(1, sizeof *f);
  f->ctx = seccomp_init(def);
  if (!f->ctx) return wh_error(0, "seccomp_init failed");
  /* libseccomp sets no_new_privs when loading unless told not to; whether the process gets it is
   * process.noNewPrivileges' decision alone (runc does the same), so setuid binaries keep working under a filter. */
  int rc = seccomp_attr_set(f->ctx, SCMP_FLTATR_CTL_NNP, 0);
  if (rc < 0) return wh_error(-rc, "seccomp_attr_set SCMP_FLTATR_CTL_NNP");
  const wh_json *arches = wh_json_get(config, "architectures");
  for (size_t i = 0; i < wh_json_count(arches); i++) {
    const char *a = wh_json_str(wh_json_at(arches, i), "");
    char lower[64];
    size_t k = 0;
    if (!strncmp(a, "SCMP_ARCH_", 10)) a += 10;
    for (; a[k] && k < sizeof lower - 1; k++) lower[k] = (char)tolower((unsigned char)a[k]);
    lower[k] = 0;
    uint32_t arch = seccomp_arch_resolve_name(lower);
    if (!arch) return wh_error(0, "seccomp: unknown architecture %s", wh_json_str(wh_json_at(arches, i), ""));
    rc = seccomp_arch_add(f->ctx, arch);
    if (rc < 0 && rc != -EEXIST) return wh_error(-rc, "seccomp_arch_add %s", lower);
  }
  const wh_json *syscalls = wh_json_get(config, "syscalls");
  for (size_t i = 0; i < wh_json_count(syscalls); i++)
    if ((err = add_rule(f, wh_json_at(syscalls, i), def))) return err;
  *out = f;
  return 0;
}

int seccomp_apply(struct wr_seccomp *f) {
  if (!f) return 0;
  int rc = seccomp_load(f->ctx);
  if (rc < 0) return wh_error(-rc, "seccomp_load");
  return 0;
}
#else
int seccomp_build(const wh_json *config, struct wr_seccomp **out) {
  *out = NULL;
  return config ? wh_error(ENOTSUP, "linux.seccomp: built without libseccomp") : 0;
}
int seccomp_apply(struct wr_seccomp *f) { return 0; }
#endif
