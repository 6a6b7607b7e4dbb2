// Image endpoints (Docker Engine API "Image" section). Thin: parse the request, call one image operation, translate
// the result with api/wire/images.ts.
import type { HttpRoute, RequestContext } from "../router.js";
import { writeJson } from "../http-errors.js";
import { invalidArgument, notImplemented } from "../../errors.js";
import type { ImageStore } from "../../images/image-store.js";
import { describeImage, imageHistory } from "../../images/describe-image.js";
import { listImages } from "../../images/list-images.js";
import { pullImage } from "../../images/pull-image.js";
import { removeImage, tagImage } from "../../images/remove-image.js";
import { pushImage } from "../../images/push-image.js";
import { importImage } from "../../images/import-image.js";
import { saveImages } from "../../images/save-images.js";
import { loadImages } from "../../images/load-images.js";
import { pruneImages } from "../../images/prune-images.js";
import type { ServerResponse } from "node:http";
import { loginRegistry } from "../../registry/login-registry.js";
import { parseRegistryAuthHeader } from "../../registry/registry-auth.js";
import { parsePlatform } from "../../registry/select-platform.js";
import { toHistoryItemWire, toImageDeleteItemWire, toImageInspectWire, toImageSummaryWire } from "../wire/images.js";
import { openJsonStream } from "./image-stream.js";
import type { DaemonConfig } from "../../config/daemon-config.js";
import type { EventBus } from "../../events/event-bus.js";
import { publishIdEvent, publishReferenceEvent, publishTagEvent } from "../../events/image-events.js";
import { parseFilterArgs } from "../filter-args.js";

export interface ImageRouteDeps {
  images: ImageStore;
  config: DaemonConfig;
  /** Image events (pull, push, tag, untag, delete, load, import, save) for GET /events. */
  bus?: EventBus;
}

export function parseFilters(ctx: RequestContext): Record<string, string[]> {
  return Object.fromEntries(parseFilterArgs(ctx.query.get("filters")));
}

const truthy = (v: string | null) => v === "1" || v === "true" || v === "True";

/** An image's config labels for its events; {} when it cannot be resolved (any more). */
function labelsOf(images: ImageStore, ref: string): Record<string, string> {
  try {
    return ((images.config(images.get(ref)).config as { Labels?: Record<string, string> } | undefined)?.Labels ?? {}) as Record<string, string>;
  } catch {
    return {};
  }
}

export function imageRoutes(deps: ImageRouteDeps): HttpRoute[] {
  const { images } = deps;
  return [
    {
      method: "POST",
      pattern: "/images/create",
      async handle(ctx, res) {
        const fromImage = ctx.query.get("fromImage");
        const fromSrc = ctx.query.get("fromSrc");
        const stream = openJsonStream(res);
        if (fromSrc !== null) {
          try {
            const imported = await importImage(images, { source: fromSrc, body: ctx.req, repo: ctx.query.get("repo") ?? "", tag: ctx.query.get("tag") ?? "", message: ctx.query.get("message") ?? "", changes: ctx.query.getAll("changes"), platform: parsePlatform(ctx.query.get("platform") ?? "") }, stream.write);
            // dockerd logs the tag of an import with a repository first, then the import.
            const repo = ctx.query.get("repo");
            if (repo) publishTagEvent(deps.bus, imported, ctx.query.get("tag") ? `${repo}:${ctx.query.get("tag")}` : repo, labelsOf(images, imported));
            publishIdEvent(deps.bus, "import", imported, labelsOf(images, imported));
            stream.end();
          } catch (e) {
            stream.fail(e);
          }
          return;
        }
        if (!fromImage) throw invalidArgument("fromImage or fromSrc is required");
        const tag = ctx.query.get("tag") ?? "";
        const reference = tag === "" ? fromImage : tag.includes(":") ? `${fromImage}@${tag}` : `${fromImage}:${tag}`;
        const credentials = parseRegistryAuthHeader(ctx.req.headers["x-registry-auth"]);
        try {
          await pullImage({ images, insecureRegistries: deps.config.insecureRegistries, log: ctx.log }, { reference, platform: parsePlatform(ctx.query.get("platform") ?? ""), credentials }, stream.write);
          publishReferenceEvent(deps.bus, "pull", reference, labelsOf(images, reference));
          stream.end();
        } catch (e) {
          ctx.log.info({ imageRef: reference, err: (e as Error).message }, "pull failed");
          stream.fail(e);
        }
      },
    },
    {
      method: "GET",
      pattern: "/images/json",
      handle: (ctx, res) => writeJson(res, 200, listImages(images, parseFilters(ctx)).map(toImageSummaryWire)),
    },
    { method: "GET", pattern: "/images/get", handle: (ctx, res) => save(images, ctx.query.getAll("names"), res, deps.bus) },
    {
      method: "POST",
      pattern: "/images/load",
      async handle(ctx, res) {
        const stream = openJsonStream(res);
        try {
          for (const id of await loadImages(images, ctx.req, stream.write)) publishIdEvent(deps.bus, "load", id, labelsOf(images, id));
          stream.end();
        } catch (e) {
          stream.fail(e);
        }
      },
    },
    {
      method: "POST",
      pattern: "/images/prune",
      handle: (ctx, res) => {
        const { removed, spaceReclaimed } = pruneImages(images, parseFilters(ctx));
        writeJson(res, 200, { ImagesDeleted: removed.length ? removed.map(toImageDeleteItemWire) : null, SpaceReclaimed: spaceReclaimed });
      },
    },
    {
      // docker login: the CLI sends {username, password, serveraddress} and stores the credentials itself.
      method: "POST",
      pattern: "/auth",
      async handle(ctx, res) {
        const chunks: Buffer[] = [];
        for await (const c of ctx.req) chunks.push(c as Buffer);
        let body: { username?: string; password?: string; serveraddress?: string };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as typeof body;
        } catch {
          throw invalidArgument("invalid JSON body");
        }
        await loginRegistry(body.serveraddress ?? "", { username: body.username, password: body.password }, deps.config.insecureRegistries, ctx.log);
        writeJson(res, 200, { Status: "Login Succeeded", IdentityToken: "" });
      },
    },
    { method: "GET", pattern: "/images/search", handle: () => Promise.reject(notImplemented("searching registries is not supported by this engine")) },
    {
      method: "GET",
      pattern: "/images/{name*}/json",
      handle: (ctx, res) => writeJson(res, 200, toImageInspectWire(describeImage(images, images.get(ctx.params.name!)), ctx.apiVersion)),
    },
    {
      method: "GET",
      pattern: "/images/{name*}/history",
      handle: (ctx, res) => writeJson(res, 200, imageHistory(images, images.get(ctx.params.name!)).map(toHistoryItemWire)),
    },
    { method: "GET", pattern: "/images/{name*}/get", handle: (ctx, res) => save(images, [ctx.params.name!], res, deps.bus) },
    {
      method: "POST",
      pattern: "/images/{name*}/push",
      async handle(ctx, res) {
        const credentials = parseRegistryAuthHeader(ctx.req.headers["x-registry-auth"]);
        const stream = openJsonStream(res);
        try {
          await pushImage({ images, insecureRegistries: deps.config.insecureRegistries, log: ctx.log }, { name: ctx.params.name!, tag: ctx.query.get("tag") ?? "", credentials }, stream.write);
          const pushed = ctx.query.get("tag") ? `${ctx.params.name!}:${ctx.query.get("tag")}` : ctx.params.name!;
          publishReferenceEvent(deps.bus, "push", pushed, labelsOf(images, pushed));
          stream.end();
        } catch (e) {
          ctx.log.info({ imageRef: ctx.params.name, err: (e as Error).message }, "push failed");
          stream.fail(e);
        }
      },
    },
    {
      method: "POST",
      pattern: "/images/{name*}/tag",
      handle: (ctx, res) => {
        const repo = ctx.query.get("repo");
        if (!repo) throw invalidArgument("repository name (repo parameter) is required");
        tagImage(images, ctx.params.name!, repo, ctx.query.get("tag") ?? "");
        publishTagEvent(deps.bus, images.get(ctx.params.name!).id, ctx.query.get("tag") ? `${repo}:${ctx.query.get("tag")}` : repo, labelsOf(images, ctx.params.name!));
        res.writeHead(201);
        res.end();
      },
    },
    {
      method: "DELETE",
      pattern: "/images/{name*}",
      handle: (ctx, res) => {
        const id = images.get(ctx.params.name!).id;
        const labels = labelsOf(images, id);
        const removed = removeImage(images, ctx.params.name!, { force: truthy(ctx.query.get("force")) });
        // dockerd logs one untag per removed tag (the digest references it cleans up with a tag log nothing) and
        // one delete for the image (not for its layers).
        for (const r of removed) {
          if (r.kind === "untagged" && !r.reference.includes("@")) publishIdEvent(deps.bus, "untag", id, labels);
          if (r.kind === "deleted" && r.id === id) publishIdEvent(deps.bus, "delete", id);
        }
        writeJson(res, 200, removed.map(toImageDeleteItemWire));
      },
    },
  ];
}

/** Resolves every name first (so a missing image is a 404, not a broken tar), then streams the archive. */
async function save(images: ImageStore, names: string[], res: ServerResponse, bus?: EventBus): Promise<void> {
  if (names.length === 0) throw invalidArgument("no images named");
  const ids = new Set(names.map((n) => images.get(n).id));
  res.writeHead(200, { "Content-Type": "application/x-tar" });
  try {
    await saveImages(images, names, res);
    for (const id of ids) publishIdEvent(bus, "save", id, labelsOf(images, id));
  } catch (e) {
    res.destroy(e as Error); // mid-archive: a truncated tar is the only signal left
  }
}
