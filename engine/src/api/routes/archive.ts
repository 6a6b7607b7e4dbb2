// Filesystem endpoints of a container (Docker Engine API "Container" tag): HEAD/GET/PUT /containers/{id}/archive
// (`docker cp`), GET /containers/{id}/export (`docker export`), GET /containers/{id}/changes (`docker diff`).
// They work on running and stopped containers (container-fs.ts mounts a stopped one's overlay for the call).
import type { ServerResponse } from "node:http";
import * as tar from "tar-stream";
import { conflict } from "../../errors.js";
import { archivePath, encodeStatHeader, extractToDir, statPath } from "../../containers/container-archive.js";
import { containerChanges } from "../../containers/container-changes.js";
import { exportRootfs } from "../../containers/container-export.js";
import type { ContainerFs } from "../../containers/container-fs.js";
import type { ContainerRecord } from "../../containers/container-record.js";
import { resolveUser } from "../../containers/oci-spec.js";
import { rootfsPaths } from "../../containers/rootfs-mount.js";
import { writeJson } from "../http-errors.js";
import type { HttpRoute, RequestContext } from "../router.js";

const STAT_HEADER = "X-Docker-Container-Path-Stat";
const flag = (ctx: RequestContext, k: string) => ["1", "true", "True"].includes(ctx.query.get(k) ?? "");

/** Streams a tar into the response; an error mid-stream can only cut the stream (the status is gone). */
async function streamTar(res: ServerResponse, headers: Record<string, string>, write: (pack: tar.Pack) => Promise<void>): Promise<void> {
  const pack = tar.pack();
  res.writeHead(200, { "Content-Type": "application/x-tar", ...headers });
  pack.pipe(res);
  // A client that hangs up mid-archive ends the walk (and so releases a stopped container's mount).
  res.on("close", () => {
    if (!res.writableFinished) pack.destroy(new Error("client went away"));
  });
  // Its errors end the walk (packPath rejects); an unlistened 'error' would take the daemon down.
  pack.on("error", () => {});
  try {
    await write(pack);
  } catch (err) {
    pack.destroy(err as Error);
    res.destroy(err as Error);
    return;
  }
  await new Promise<void>((resolve) => {
    res.on("finish", resolve);
    res.on("close", resolve);
  });
}

export function archiveRoutes(fs: ContainerFs): HttpRoute[] {
  const svc = fs.containers;
  const get = (ctx: RequestContext) => svc.store.get(ctx.params.id!);
  const notRemoving = (rec: ContainerRecord) => {
    if (rec.state.status === "removing") throw conflict(`container ${rec.id} is marked for removal`, rec.id);
  };
  return [
    {
      method: "HEAD",
      pattern: "/containers/{id}/archive",
      async handle(ctx, res) {
        const rec = get(ctx);
        notRemoving(rec);
        const { stat } = await fs.withRoot(rec, async (root) => statPath(root, ctx.query.get("path") ?? "", ctx.params.id!));
        res.writeHead(200, { [STAT_HEADER]: encodeStatHeader(stat), "Content-Type": "application/json" });
        res.end();
      },
    },
    {
      method: "GET",
      pattern: "/containers/{id}/archive",
      async handle(ctx, res) {
        const rec = get(ctx);
        notRemoving(rec);
        await fs.withRoot(rec, async (root) => {
          const { stat, write } = archivePath(root, ctx.query.get("path") ?? "", ctx.params.id!);
          await streamTar(res, { [STAT_HEADER]: encodeStatHeader(stat) }, async (pack) => {
            await write(pack);
            pack.finalize();
          });
        });
        svc.emit(rec, "archive-path");
      },
    },
    {
      method: "PUT",
      pattern: "/containers/{id}/archive",
      async handle(ctx, res) {
        const rec = get(ctx);
        notRemoving(rec);
        // copyUIDGID: dockerd chowns to the container's user when it has one (daemon/archive.go tarCopyOptions).
        const chown = flag(ctx, "copyUIDGID") && rec.config.User ? resolveUser(rec.config.User, rec.lowerDirs) : undefined;
        // Frozen while writing: nothing inside can swap a directory for a symlink under the extraction.
        await fs.withRoot(rec, (root) =>
          fs.frozen(rec, () =>
            extractToDir(root, ctx.query.get("path") ?? "", ctx.params.id!, ctx.req, {
              noOverwriteDirNonDir: flag(ctx, "noOverwriteDirNonDir"),
              chown: chown && { uid: chown.uid, gid: chown.gid },
              readonlyRootfs: rec.hostConfig.ReadonlyRootfs === true,
            }),
          ),
        );
        svc.emit(rec, "extract-to-dir");
        res.writeHead(200);
        res.end();
      },
    },
    {
      method: "GET",
      pattern: "/containers/{id}/export",
      async handle(ctx, res) {
        const rec = get(ctx);
        notRemoving(rec);
        await fs.withRoot(rec, (root) => streamTar(res, {}, (pack) => exportRootfs(root.rootfs, pack)));
        svc.emit(rec, "export");
      },
    },
    {
      method: "GET",
      pattern: "/containers/{id}/changes",
      handle(ctx, res) {
        const rec = get(ctx);
        const changes = containerChanges(rootfsPaths(svc.store.dir(rec.id)).upper, rec.lowerDirs);
        writeJson(res, 200, changes.length ? changes : null);
      },
    },
  ];
}
