#include "rootfs.h"
#include "cgroups.h"
#include "wh-error.h"
#include "wh-fs.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Joins `path` to `root` resolving symlinks as if `root` were "/" (what runc's securejoin does): an absolute
 * link target or ".." never leaves the rootfs, so a hostile image cannot point a mount or device at the host.
 * Components that do not exist yet are appended as they are (they are created later). */
static void join(char *out, size_t cap, const char *root, const char *path) {
  char rest[4096], resolved[4096] = "";
  int links = 0;
  snprintf(rest, sizeof rest, "%s", path);
  char *p = rest;
  while (*p) {
    while (*p == '/') p++;
    if (!*p) break;
    char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    char comp[256];
    snprintf(comp, sizeof comp, "%.*s", (int)len, p);
    p += len;
    if (!strcmp(comp, ".")) continue;
    if (!strcmp(comp, "..")) {
      char *last = strrchr(resolved, '/');
      if (last) *last = 0;
      continue;
    }
    char full[8300], target[4096];
    snprintf(full, sizeof full, "%s%s/%s", root, resolved, comp);
    ssize_t n = links < 40 ? readlink(full, target, sizeof target - 1) : -1;
    if (n <= 0) {
      size_t used = strlen(resolved);
      snprintf(resolved + used, sizeof resolved - used, "/%s", comp);
      continue;
    }
    target[n] = 0;
    links++;
    char next[4096];
    snprintf(next, sizeof next, "%s%s", target, p); /* the link target, then what is left of the path */
    snprintf(rest, sizeof rest, "%s", next);
    p = rest;
    if (target[0] == '/') resolved[0] = 0; /* absolute: from the container's root */
  }
  snprintf(out, cap, "%s%s", root, resolved[0] ? resolved : "/");
}

/* Creates the mount point: a file when binding a non-directory, else a directory. */
static int make_target(const char *target, bool file) {
  char parent[4096];
  snprintf(parent, sizeof parent, "%s", target);
  char *slash = strrchr(parent, '/');
  if (slash && slash != parent) { *slash = 0; int err = wh_mkdir_p(parent, 0755); if (err) return err; }
  if (!file) return wh_mkdir_p(target, 0755);
  int fd = open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0 && errno != EISDIR) return wh_error(errno, "create mount point %s", target);
  if (fd >= 0) close(fd);
  return 0;
}

/* Flags that an unprivileged remount must keep (they are locked on mounts inherited into a user ns). */
static unsigned long locked_flags(const char *path) {
  struct statvfs sv;
  if (statvfs(path, &sv) < 0) return 0;
  unsigned long f = 0;
  if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
  if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
  if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
  if (sv.f_flag & ST_RDONLY) f |= MS_RDONLY;
  return f;
}

static int mount_cgroup(const struct wr_mount *m, const char *target) {
  unsigned long flags = m->flags & ~(MS_BIND | MS_REC);
  if (cgroup_is_v2()) {
    if (mount("cgroup2", target, "cgroup2", flags, NULL) < 0) return wh_error(errno, "mount cgroup2 on %s", m->destination);
    return 0;
  }
  /* v1: a tmpfs with one hierarchy per controller, as runc lays it out. */
  if (mount("tmpfs", target, "tmpfs", flags & ~MS_RDONLY, "mode=755") < 0)
    return wh_error(errno, "mount tmpfs on %s", m->destination);
  static const char *const ctrls[] = {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"};
  for (size_t i = 0; i < sizeof ctrls / sizeof *ctrls; i++) {
    char dir[4200], probe[256];
    snprintf(probe, sizeof probe, "/sys/fs/cgroup/%s/cgroup.procs", ctrls[i]);
    if (access(probe, F_OK) < 0) continue;
    snprintf(dir, sizeof dir, "%s/%s", target, ctrls[i]);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) return wh_error(errno, "mkdir %s", dir);
    if (mount("cgroup", dir, "cgroup", flags, ctrls[i]) < 0)
      return wh_error(errno, "mount cgroup %s on %s/%s", ctrls[i], m->destination, ctrls[i]);
  }
  if (flags & MS_RDONLY && mount(NULL, target, NULL, MS_REMOUNT | flags, "mode=755") < 0)
    return wh_error(errno, "remount %s read-only", m->destination);
  return 0;
}

static int mount_one(const struct wr_spec *spec, const struct wr_mount *m) {
  char target[4200];
  join(target, sizeof target, spec->rootfs, m->destination);
  struct stat st;
  bool file = m->bind && stat(m->source, &st) == 0 && !S_ISDIR(st.st_mode);
  if (m->bind && stat(m->source, &st) < 0) return wh_error(errno, "mount %s: source %s", m->destination, m->source);
  int err = make_target(target, file);
  if (err) return err;
  if (m->bind) {
    if (mount(m->source, target, NULL, MS_BIND | (m->flags & MS_REC), NULL) < 0)
      return wh_error(errno, "bind mount %s on %s", m->source, m->destination);
    unsigned long extra = m->flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
    if (extra && mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | extra | locked_flags(target), NULL) < 0)
      return wh_error(errno, "remount %s", m->destination);
  } else if (strcmp(m->type, "cgroup") == 0 || strcmp(m->type, "cgroup2") == 0) {
    if ((err = mount_cgroup(m, target))) return err;
  } else {
    const char *src = m->source ? m->source : m->type;
    if (mount(src, target, m->type, m->flags, m->data && *m->data ? m->data : NULL) < 0)
      return wh_error(errno, "mount %s on %s", m->type, m->destination);
  }
  if (m->propagation && mount(NULL, target, NULL, m->propagation, NULL) < 0)
    return wh_error(errno, "set propagation of %s", m->destination);
  return 0;
}

/* config-linux.md#default-devices plus linux.devices; bind-mounted from the host inside a user namespace,
 * where mknod is not allowed. */
static int make_device(const char *rootfs, const struct wr_device *d, bool in_userns) {
  char target[4200];
  join(target, sizeof target, rootfs, d->path);
  int err = make_target(target, true);
  if (err) return err;
  if (in_userns) {
    if (mount(d->path, target, NULL, MS_BIND, NULL) < 0) return wh_error(errno, "bind device %s", d->path);
    return 0;
  }
  unlink(target);
  mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
  if (mknod(target, type | (d->mode & 07777), makedev(d->major, d->minor)) < 0)
    return wh_error(errno, "mknod %s", d->path);
  if (chmod(target, d->mode & 07777) < 0) return wh_error(errno, "chmod %s", d->path);
  if (chown(target, d->uid, d->gid) < 0) return wh_error(errno, "chown %s", d->path);
  return 0;
}

static int make_devices(const struct wr_spec *spec, bool in_userns) {
  static const struct wr_device defaults[] = {
    {'c', "/dev/null", 1, 3, 0666, 0, 0}, {'c', "/dev/zero", 1, 5, 0666, 0, 0},
    {'c', "/dev/full", 1, 7, 0666, 0, 0}, {'c', "/dev/random", 1, 8, 0666, 0, 0},
    {'c', "/dev/urandom", 1, 9, 0666, 0, 0}, {'c', "/dev/tty", 5, 0, 0666, 0, 0}};
  int err;
  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
    if ((err = make_device(spec->rootfs, &defaults[i], in_userns))) return err;
  for (size_t i = 0; i < spec->n_devices; i++)
    if ((err = make_device(spec->rootfs, &spec->devices[i], in_userns))) return err;
  static const char *const links[][2] = {{"/proc/self/fd", "/dev/fd"}, {"/proc/self/fd/0", "/dev/stdin"},
                                         {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"},
                                         {"pts/ptmx", "/dev/ptmx"}};
  for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
    char target[4200];
    join(target, sizeof target, spec->rootfs, links[i][1]);
    if (i == 4) unlink(target);
    if (symlink(links[i][0], target) < 0 && errno != EEXIST) return wh_error(errno, "symlink %s", links[i][1]);
  }
  return 0;
}

int rootfs_prepare(const struct wr_spec *spec, bool in_userns) {
  /* Nothing done here may propagate back to the host: make every mount a slave first. */
  if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) return wh_error(errno, "make / rslave");
  if (mount(spec->rootfs, spec->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
    return wh_error(errno, "bind mount rootfs %s", spec->rootfs);
  int err;
  for (size_t i = 0; i < spec->n_mounts; i++)
    if ((err = mount_one(spec, &spec->mounts[i]))) return err;
  char dev[4200];
  join(dev, sizeof dev, spec->rootfs, "/dev");
  if (access(dev, F_OK) == 0 && (err = make_devices(spec, in_userns))) return err;
  return 0;
}

int rootfs_pivot(const struct wr_spec *spec) {
  int old = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (old < 0) return wh_error(errno, "open /");
  if (chdir(spec->rootfs) < 0) return wh_error(errno, "chdir %s", spec->rootfs);
  /* pivot_root(".", ".") stacks the old root on top of the new one; detach it (runc does the same). */
  if (syscall(SYS_pivot_root, ".", ".") < 0) return wh_error(errno, "pivot_root %s", spec->rootfs);
  if (fchdir(old) < 0) return wh_error(errno, "fchdir old root");
  close(old);
  if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) return wh_error(errno, "make old root rslave");
  if (umount2(".", MNT_DETACH) < 0) return wh_error(errno, "unmount old root");
  if (chdir("/") < 0) return wh_error(errno, "chdir /");
  return 0;
}

static int mask_path(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) return errno == ENOENT ? 0 : wh_error(errno, "masked path %s", path);
  if (S_ISDIR(st.st_mode)) {
    if (mount("tmpfs", path, "tmpfs", MS_RDONLY, NULL) < 0) return wh_error(errno, "mask %s", path);
  } else if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) {
    return wh_error(errno, "mask %s", path);
  }
  return 0;
}

static int readonly_path(const char *path) {
  if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
    return errno == ENOENT ? 0 : wh_error(errno, "bind readonly path %s", path);
  if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(path), NULL) < 0)
    return wh_error(errno, "remount %s read-only", path);
  return 0;
}

static int write_sysctl(const char *key, const char *value) {
  char path[512];
  int n = snprintf(path, sizeof path, "/proc/sys/%s", key);
  for (int i = 10; i < n; i++) if (path[i] == '.') path[i] = '/';
  return wh_write_knob(path, value);
}

int rootfs_finish(const struct wr_spec *spec) {
  int err;
  /* linux.rootfsPropagation is applied after pivot_root, which refuses a shared new root (pivot_root(2)). */
  if (spec->rootfs_propagation && mount(NULL, "/", NULL, spec->rootfs_propagation, NULL) < 0)
    return wh_error(errno, "set rootfs propagation");
  for (size_t i = 0; i < wh_json_count(spec->sysctl); i++)
    if ((err = write_sysctl(spec->sysctl->keys[i], wh_json_str(spec->sysctl->items[i], "")))) return err;
  for (size_t i = 0; i < wh_json_count(spec->masked_paths); i++)
    if ((err = mask_path(wh_json_str(wh_json_at(spec->masked_paths, i), "")))) return err;
  for (size_t i = 0; i < wh_json_count(spec->readonly_paths); i++)
    if ((err = readonly_path(wh_json_str(wh_json_at(spec->readonly_paths, i), "")))) return err;
  if (spec->root_readonly && mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags("/"), NULL) < 0)
    return wh_error(errno, "remount / read-only");
  return 0;
}
