#include "seccomp.h"
#include "runtime.h"
#include "wh-error.h"
#include "wh-fs.h"
#include "wh-sha256.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_SECCOMP
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

/* Either the compiled program (from the cache, or exported from libseccomp right after compiling) or, when the
 * export failed, the libseccomp context itself, loaded with seccomp_load as before the cache existed. */
struct wr_seccomp {
  scmp_filter_ctx ctx;
  struct sock_filter *prog;
  size_t len;  /* instructions in prog */
};

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

static int compile(const wh_json *config, struct wr_seccomp **out) {
  *out = NULL;
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

/* ---- The cache of compiled programs --------------------------------------------------------------------------
 * Building Docker's default profile (~350 rules, 3 architectures) and generating its ~1,000 BPF instructions costs
 * ~20 ms on every create and exec; the result only depends on the seccomp section and on libseccomp and the kernel
 * it runs against. So the program libseccomp generates is kept in ROOT/.seccomp-cache/<sha256>.bpf (the dot: no
 * container ID starts with one, and `list` skips such names) and loaded as is next time. File: the program's
 * struct sock_filter array, then a 32-byte SHA-256 of (key, program) so a truncated, corrupted or renamed file is
 * recognised; any doubt (owner, mode, size, digest, read error) means compiling as if there were no cache. */
#define CACHE_DIR ".seccomp-cache"
#define DIGEST 32

/* The key: everything the generated program depends on. The section is hashed as this runtime parsed it
 * (wh_json_dump of the tree), which is exactly what compile() reads. */
static bool cache_key(const wh_json *config, char hex[65]) {
  char *json = wh_json_dump(config);
  const struct scmp_version *v = seccomp_version();
  if (!json || !v) { free(json); return false; } /* never a key that does not name the profile */
  struct utsname u;
  if (uname(&u) < 0) memset(&u, 0, sizeof u);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fprintf(f, "wharf-seccomp-cache 1\nlibseccomp %u.%u.%u api %u native-arch %u kernel %s %s\n%s", v->major,
          v->minor, v->micro, seccomp_api_get(), seccomp_arch_native(), u.release, u.machine, json);
  bool ok = fclose(f) == 0 && text;
  if (ok) wh_sha256_hex(text, len, hex);
  free(text);
  free(json);
  return ok;
}

static void program_digest(const char *key, const void *prog, size_t bytes, uint8_t out[DIGEST]) {
  struct wh_sha256 s;
  wh_sha256_init(&s);
  wh_sha256_update(&s, key, 64);
  wh_sha256_update(&s, prog, bytes);
  wh_sha256_final(&s, out);
}

/* The cache directory, created 0700 if missing; -1 when absent/unusable or not to be trusted (not root's, or
 * writable by group/others, so nobody but root can have put a program there). */
static int cache_dir_open(bool create) {
  char path[4200];
  snprintf(path, sizeof path, "%s/" CACHE_DIR, wr_globals.root);
  if (create && wh_mkdir_p(path, 0700) < 0) { wh_clear_error(); return -1; }
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (fd < 0) return -1;
  if (fstat(fd, &st) < 0 || st.st_uid != 0 || (st.st_mode & 022)) { close(fd); return -1; }
  return fd;
}

static bool read_all(int fd, void *buf, size_t len) {
  for (size_t done = 0; done < len;) {
    ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)done);
    if (n <= 0) return false;
    done += (size_t)n;
  }
  return true;
}

/* A verified cached program for key, or NULL. */
static struct wr_seccomp *cache_lookup(const char *key) {
  int dir = cache_dir_open(false);
  if (dir < 0) return NULL;
  char name[80];
  snprintf(name, sizeof name, "%s.bpf", key);
  int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  close(dir);
  if (fd < 0) return NULL;
  struct stat st;
  struct wr_seccomp *f = NULL;
  uint8_t *buf = NULL;
  size_t bytes = 0;
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022)) goto out;
  if (st.st_size <= DIGEST || st.st_size > DIGEST + BPF_MAXINSNS * (off_t)sizeof(struct sock_filter)) goto out;
  bytes = (size_t)st.st_size - DIGEST;
  if (bytes % sizeof(struct sock_filter)) goto out;
  buf = malloc((size_t)st.st_size);
  if (!buf || !read_all(fd, buf, (size_t)st.st_size)) goto out;
  uint8_t want[DIGEST];
  program_digest(key, buf, bytes, want);
  if (memcmp(want, buf + bytes, DIGEST)) goto out;
  f = calloc(1, sizeof *f);
  if (!f) goto out;
  f->prog = (struct sock_filter *)buf;
  f->len = bytes / sizeof(struct sock_filter);
  buf = NULL;
out:
  free(buf);
  close(fd);
  return f;
}

/* Takes libseccomp's program for f->ctx (seccomp_export_bpf writes the same program seccomp_load would load) into
 * f->prog, and stores it under key: tmp file + rename, so readers never see a partial file. Best effort: on
 * failure f keeps its context and nothing is recorded as an error. */
static void cache_store(struct wr_seccomp *f, const char *key) {
  int mem = memfd_create("wharf-seccomp", MFD_CLOEXEC);
  if (mem < 0) return;
  struct stat st;
  uint8_t *buf = NULL;
  if (seccomp_export_bpf(f->ctx, mem) < 0 || fstat(mem, &st) < 0) goto out;
  size_t bytes = (size_t)st.st_size;
  if (!bytes || bytes % sizeof(struct sock_filter) || bytes > BPF_MAXINSNS * sizeof(struct sock_filter)) goto out;
  if (!(buf = malloc(bytes + DIGEST)) || !read_all(mem, buf, bytes)) goto out;
  program_digest(key, buf, bytes, buf + bytes);
  f->prog = (struct sock_filter *)buf;
  f->len = bytes / sizeof(struct sock_filter);
  buf = NULL;
  seccomp_release(f->ctx);
  f->ctx = NULL;
  int dir = cache_dir_open(true);
  if (dir < 0) goto out;
  char tmp[128], name[80];
  snprintf(tmp, sizeof tmp, ".%s.%d.tmp", key, (int)getpid());
  snprintf(name, sizeof name, "%s.bpf", key);
  int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    const uint8_t *p = (const uint8_t *)f->prog;
    size_t total = bytes + DIGEST, done = 0;
    while (done < total) {
      ssize_t n = write(fd, p + done, total - done);
      if (n <= 0) break;
      done += (size_t)n;
    }
    bool ok = done == total && fchmod(fd, 0600) == 0;
    if (close(fd) < 0) ok = false;
    if (!ok || renameat(dir, tmp, dir, name) < 0) unlinkat(dir, tmp, 0);
  }
  close(dir);
out:
  free(buf);
  close(mem);
  wh_clear_error();
}

int seccomp_build(const wh_json *config, struct wr_seccomp **out) {
  *out = NULL;
  if (!config) return 0;
  char key[65];
  bool keyed = cache_key(config, key);
  if (keyed && (*out = cache_lookup(key))) return 0;
  int err = compile(config, out);
  if (err) return err; /* a bad profile is never cached: it fails here every time, with the same error */
  if (keyed) cache_store(*out, key);
  return 0;
}

/* The program is libseccomp's and loads as seccomp_load loads it with this filter's attributes: no flags
 * (TSYNC, LOG, SPEC_ALLOW all off), no_new_privs left to process.c. */
int seccomp_apply(struct wr_seccomp *f) {
  if (!f) return 0;
  if (f->ctx) {
    int rc = seccomp_load(f->ctx);
    if (rc < 0) return wh_error(-rc, "seccomp_load");
    return 0;
  }
  struct sock_fprog prog = {.len = (unsigned short)f->len, .filter = f->prog};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0) return 0;
  if (errno == ENOSYS && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0) return 0;
  return wh_error(errno, "seccomp(SECCOMP_SET_MODE_FILTER)");
}
#else
int seccomp_build(const wh_json *config, struct wr_seccomp **out) {
  *out = NULL;
  return config ? wh_error(ENOTSUP, "linux.seccomp: built without libseccomp") : 0;
}
int seccomp_apply(struct wr_seccomp *f) { return 0; }
#endif
