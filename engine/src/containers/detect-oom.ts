// OOMKilled: whether the kernel's memory-cgroup OOM killer killed a task of this container. The container's cgroup
// is gone by the time the shim reports the exit (the runtime's delete removes it), so the evidence is the
// kernel log: the OOM report line names the cgroup (`oom-kill:constraint=CONSTRAINT_MEMCG,...,
// oom_memcg=/wharf/<id>,...`, mm/oom_kill.c dump_oom_summary). /dev/kmsg gives one record per read(2) and
// EAGAIN at the end when opened non-blocking (Documentation/ABI/testing/dev-kmsg).
import { closeSync, constants, openSync, readSync } from "node:fs";

export function wasOomKilled(containerId: string): boolean {
  let fd: number;
  try {
    fd = openSync("/dev/kmsg", constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  const needle = `oom_memcg=/wharf/${containerId}`;
  const buf = Buffer.alloc(8192);
  try {
    for (let i = 0; i < 100_000; i++) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EPIPE") continue; // records overwritten while reading
        return false; // EAGAIN: end of the buffer
      }
      if (n <= 0) return false;
      if (buf.toString("utf8", 0, n).includes(needle)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}
