#include "caps.h"
#include "wh-error.h"
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const cap_names[] = {
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
  "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
  "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
  "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
  "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
};

int caps_from_name(const char *name) {
  for (size_t i = 0; i < sizeof cap_names / sizeof *cap_names; i++)
    if (strcasecmp(name, cap_names[i]) == 0) return (int)i;
  return -1;
}

const char *caps_name(int c) {
  return c >= 0 && (size_t)c < sizeof cap_names / sizeof *cap_names ? cap_names[c] : NULL;
}

int caps_last_cap(void) {
  static int last = -1;
  if (last >= 0) return last;
  FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
  if (f) {
    if (fscanf(f, "%d", &last) != 1) last = -1;
    fclose(f);
  }
  if (last < 0) last = (int)(sizeof cap_names / sizeof *cap_names) - 1;
  return last;
}

int caps_drop_bounding(const struct wr_process *p) {
  if (!p->has_caps) return 0;
  for (int c = 0; c <= caps_last_cap(); c++) {
    if (p->caps[CAPSET_BOUNDING] & (1ULL << c)) continue;
    if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
      return wh_error(errno, "prctl PR_CAPBSET_DROP %s", cap_names[c]);
  }
  return 0;
}

int caps_apply(const struct wr_process *p) {
  if (!p->has_caps) return 0;
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  for (int i = 0; i < 2; i++) {
    data[i].effective = (uint32_t)(p->caps[CAPSET_EFFECTIVE] >> (32 * i));
    data[i].permitted = (uint32_t)(p->caps[CAPSET_PERMITTED] >> (32 * i));
    data[i].inheritable = (uint32_t)(p->caps[CAPSET_INHERITABLE] >> (32 * i));
  }
  if (syscall(SYS_capset, &hdr, data) < 0) return wh_error(errno, "capset");
  for (int c = 0; c <= caps_last_cap(); c++) {
    if (!(p->caps[CAPSET_AMBIENT] & (1ULL << c))) continue;
    /* A capability missing from permitted or inheritable cannot be ambient; runc only warns too. */
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
      wh_log("warning", "prctl PR_CAP_AMBIENT_RAISE %s: %s", cap_names[c], strerror(errno));
  }
  return 0;
}
