// Bytes used by a directory tree, as dockerd's directory.Size counts them for `docker system df`, volume prune and
// a container's SizeRw: the apparent size of every entry, hard links once, without crossing into other mounts.
// Asynchronous, so measuring a large volume never stalls the API for other clients.
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** Directory entries measured at once; bounds open files and memory on wide trees. */
const BATCH = 64;

export async function dirSize(root: string): Promise<number> {
  let rootDev: number;
  try {
    rootDev = (await lstat(root)).dev;
  } catch {
    return 0;
  }
  const seen = new Set<number>();
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (let i = 0; i < names.length; i += BATCH) {
      const stats = await Promise.all(names.slice(i, i + BATCH).map((n) => lstat(join(dir, n)).then((st) => ({ n, st }), () => undefined)));
      for (const e of stats) {
        if (!e || e.st.dev !== rootDev) continue;
        if (e.st.isDirectory()) {
          await walk(join(dir, e.n));
          continue;
        }
        if (e.st.nlink > 1) {
          if (seen.has(e.st.ino)) continue;
          seen.add(e.st.ino);
        }
        total += e.st.size;
      }
    }
  };
  await walk(root);
  return total;
}
