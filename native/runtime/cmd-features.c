/* features: what this runtime supports, in the shape of runtime-spec features.md. */
#include "caps.h"
#include "runtime.h"
#include <stdio.h>

int cmd_features(int argc, char **argv) {
  char caps[2048];
  size_t used = 0;
  caps[used++] = '[';
  for (int c = 0; caps_name(c); c++)
    used += (size_t)snprintf(caps + used, sizeof caps - used, "%s\"%s\"", c ? "," : "", caps_name(c));
  snprintf(caps + used, sizeof caps - used, "]");
  printf("{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"%s\","
         "\"hooks\":[\"prestart\",\"createRuntime\",\"createContainer\",\"startContainer\",\"poststart\",\"poststop\"],"
         "\"mountOptions\":[\"async\",\"atime\",\"bind\",\"defaults\",\"dev\",\"diratime\",\"dirsync\",\"exec\",\"mand\","
         "\"noatime\",\"nodev\",\"nodiratime\",\"noexec\",\"nomand\",\"norelatime\",\"nostrictatime\",\"nosuid\","
         "\"private\",\"rbind\",\"relatime\",\"remount\",\"ro\",\"rprivate\",\"rshared\",\"rslave\",\"runbindable\","
         "\"rw\",\"shared\",\"slave\",\"strictatime\",\"suid\",\"sync\",\"unbindable\"],"
         "\"linux\":{\"namespaces\":[\"cgroup\",\"ipc\",\"mount\",\"network\",\"pid\",\"user\",\"uts\"],"
         "\"capabilities\":%s,"
         "\"cgroup\":{\"v1\":true,\"v2\":true,\"systemd\":false,\"systemdUser\":false},"
         "\"seccomp\":{\"enabled\":%s,\"actions\":[\"SCMP_ACT_ALLOW\",\"SCMP_ACT_ERRNO\",\"SCMP_ACT_KILL\",\"SCMP_ACT_KILL_PROCESS\","
         "\"SCMP_ACT_KILL_THREAD\",\"SCMP_ACT_LOG\",\"SCMP_ACT_TRACE\",\"SCMP_ACT_TRAP\"],"
         "\"operators\":[\"SCMP_CMP_EQ\",\"SCMP_CMP_GE\",\"SCMP_CMP_GT\",\"SCMP_CMP_LE\",\"SCMP_CMP_LT\",\"SCMP_CMP_MASKED_EQ\",\"SCMP_CMP_NE\"]},"
         "\"apparmor\":{\"enabled\":false},\"selinux\":{\"enabled\":false}},"
         "\"annotations\":{\"org.opencontainers.runtime-spec.features.version\":\"%s\"}}\n",
         WR_OCI_VERSION, caps,
#ifdef HAVE_SECCOMP
         "true",
#else
         "false",
#endif
         WR_VERSION);
  return 0;
}
