// Unique temporary directories that the harness (and tests) own and remove. Paths are kept short on purpose:
// dockerd and containerd put unix sockets under them, and sun_path is limited to 108 bytes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDir {
  /** Absolute path of the new, empty directory (mode 0700). */
  readonly path: string;
  /** Removes the directory and everything in it; safe to call twice. Does not unmount: callers with mounts
   * under the directory unmount first (see unmountUnder in host-cleanup.ts). */
  remove(): void;
}

/** Creates a unique directory `/tmp/<prefix>-XXXXXX`. `prefix` should name the owner, e.g. "wh-registry". */
export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
