// Bytes used by a directory tree, as dockerd's directory.Size counts them for `docker system df`, volume prune and
// a container's SizeRw: the apparent size of every entry, hard links once, without crossing into other mounts.
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export function dirSize(root: string): number {
  let rootDev: number;
  try {
    rootDev = lstatSync(root).dev;
  } catch {
    return 0;
  }
  const seen = new Set<string>();
  let total = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(dir, n);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.dev !== rootDev) continue;
      if (st.isDirectory()) {
        walk(p);
        continue;
      }
      if (st.nlink > 1) {
        const key = `${st.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      total += st.size;
    }
  };
  walk(root);
  return total;
}
