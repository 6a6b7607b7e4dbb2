// The distribution API for one repository (OCI distribution-spec): manifests by tag or digest, blobs, and the push
// side (blob HEAD, cross-repository mount, monolithic upload, manifest PUT). Built on RegistryTransport.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { EngineError } from "../errors.js";
import type { Logger } from "../log.js";
import { familiarName, type ImageReference } from "../reference/parse-reference.js";
import { MANIFEST_ACCEPT } from "./media-types.js";
import type { RegistryCredentials } from "./registry-auth.js";
import { RegistryTransport } from "./registry-transport.js";

export interface FetchedManifest {
  mediaType: string;
  digest: string;
  bytes: Buffer;
}

export class RegistryClient {
  private readonly transport: RegistryTransport;
  constructor(
    private readonly ref: Pick<ImageReference, "domain" | "path">,
    credentials: RegistryCredentials,
    insecureRegistries: readonly string[],
    log: Logger,
    actions: "pull" | "pull,push" = "pull",
  ) {
    this.transport = new RegistryTransport({ domain: ref.domain, path: ref.path, credentials, insecureRegistries, actions, log });
  }

  /** GET /v2/<name>/manifests/<tag|digest>; verifies the bytes against the digest when fetched by digest. */
  async fetchManifest(reference: string): Promise<FetchedManifest> {
    const res = await this.transport.request("GET", `manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT } });
    if (!res.ok) throw await registryError(res, this.ref, reference);
    const bytes = Buffer.from(await res.arrayBuffer());
    const digest = sha256(bytes);
    if (reference.includes(":") && reference !== digest) {
      throw new EngineError("InvalidArgument", `manifest verification failed for digest ${reference}`, { object: reference });
    }
    const mediaType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim() || (JSON.parse(bytes.toString()) as { mediaType?: string }).mediaType || "";
    return { mediaType, digest, bytes };
  }

  /** GET /v2/<name>/blobs/<digest> as a stream; the caller verifies the digest while consuming it. */
  async openBlob(digest: string): Promise<{ stream: Readable; size: number | undefined }> {
    const res = await this.transport.getStream(`blobs/${digest}`);
    if (res.statusCode !== 200) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw await registryError(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500 }), this.ref, digest);
    }
    const len = res.headers["content-length"];
    return { stream: res, size: len ? Number(len) : undefined };
  }

  async blobExists(digest: string): Promise<boolean> {
    const res = await this.transport.request("HEAD", `blobs/${digest}`);
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await registryError(res, this.ref, digest);
  }

  /** POST uploads/?mount=&from= (distribution-spec "Mounting a blob from another repository"); true when mounted. */
  async mountBlob(digest: string, fromPath: string): Promise<boolean> {
    const res = await this.transport.request("POST", `blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromPath)}`);
    await res.body?.cancel();
    if (res.status === 201) return true;
    if (res.status === 202) {
      // The registry opened an upload session instead; cancel it (best effort).
      const loc = res.headers.get("location");
      if (loc) await this.transport.request("DELETE", this.absolute(loc)).then((r) => r.body?.cancel(), () => undefined);
      return false;
    }
    throw await registryError(res, this.ref, digest);
  }

  /** Monolithic upload: POST uploads/ then PUT <location>?digest= with the whole blob (a file stream or bytes). */
  async uploadBlob(digest: string, size: number, body: () => Readable | Buffer): Promise<void> {
    const start = await this.transport.request("POST", "blobs/uploads/");
    await start.body?.cancel();
    if (start.status !== 202) throw await registryError(start, this.ref, digest);
    const loc = this.absolute(start.headers.get("location") ?? "");
    const url = new URL(loc);
    url.searchParams.set("digest", digest);
    const b = body();
    const payload = Buffer.isBuffer(b) ? b : (Readable.toWeb(b) as unknown as ReadableStream);
    const res = await this.transport.request("PUT", url.toString(), {
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(size) },
      body: payload,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status !== 201) throw await registryError(res, this.ref, digest);
  }

  async putManifest(reference: string, mediaType: string, bytes: Buffer): Promise<void> {
    const res = await this.transport.request("PUT", `manifests/${reference}`, { headers: { "Content-Type": mediaType }, body: bytes });
    if (res.status !== 201) throw await registryError(res, this.ref, reference);
    await res.body?.cancel();
  }

  private absolute(location: string): string {
    return new URL(location, this.transport.baseUrl).toString();
  }
}

export const sha256 = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/** Maps a registry error response (distribution-spec "Error Codes") to an EngineError with dockerd's wording. */
async function registryError(res: Response, ref: Pick<ImageReference, "domain" | "path">, what: string): Promise<EngineError> {
  let detail = "";
  let code = "";
  try {
    const body = (await res.json()) as { errors?: { code?: string; message?: string }[] };
    const first = body.errors?.[0];
    code = first?.code ?? "";
    detail = first ? `${(first.code ?? "").toLowerCase().replace(/_/g, " ")}: ${first.message ?? ""}` : "";
  } catch {
    detail = res.statusText;
  }
  const name = ref.domain === "docker.io" ? familiarName(ref) : `${ref.domain}/${ref.path}`;
  if (res.status === 401 || res.status === 403 || code === "DENIED" || code === "UNAUTHORIZED") {
    // NotFound, as dockerd's translatePullError: the CLI prints it (a 401 would make it prompt for a login instead).
    return new EngineError("NotFound", `pull access denied for ${name}, repository does not exist or may require 'docker login': ${detail}`, { object: name });
  }
  if (res.status === 404) {
    if (code === "MANIFEST_UNKNOWN" || code === "NAME_UNKNOWN" || code === "") return new EngineError("NotFound", `manifest for ${name}:${what} not found: ${detail || "manifest unknown"}`, { object: name });
    return new EngineError("NotFound", `${what}: ${detail}`, { object: name });
  }
  return new EngineError(res.status >= 500 ? "Unavailable" : "InvalidArgument", `registry ${ref.domain} answered ${res.status} for ${what}: ${detail}`, { object: name });
}
