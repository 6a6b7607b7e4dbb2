// `docker export` (GET /containers/{id}/export): a tar of the container's merged root filesystem as dockerd makes
// it (archive.Tar of the layer mount): entries relative to "/", without a "./" root entry, without the volumes or
// binds mounted over it. A stopped container's overlay is mounted for the export only (container-fs.ts).
import { readdirSync } from "node:fs";
import * as tar from "tar-stream";
import { ContainerRoot } from "./container-fs.js";
import { packPath } from "./container-archive.js";

/** Streams the tar of `rootfs` (the mounted overlay) into `pack` and finalizes it. */
export async function exportRootfs(rootfs: string, pack: tar.Pack): Promise<void> {
  const root = new ContainerRoot(rootfs, []);
  for (const name of readdirSync(rootfs).sort()) await packPath(root, `/${name}`, name, pack);
  pack.finalize();
}
