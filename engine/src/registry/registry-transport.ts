// HTTP transport to one repository of one registry (OCI distribution-spec): scheme choice, auth and retries.
// - HTTPS unless the host is loopback or listed in --insecure-registry (host[:port] or CIDR), as dockerd does.
// - A 401 answers with a challenge; Basic retries with the credentials, Bearer fetches a token for the repository
//   scope (pull or pull,push) and retries; tokens are cached per transport.
// - Transient failures (network errors, 429, 502/503/504) are retried up to 3 times with backoff, but only
//   before a response body has been handed to the caller.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { EngineError } from "../errors.js";
import type { Logger } from "../log.js";
import { basicAuthorization, fetchBearerToken, parseAuthChallenge, type RegistryCredentials } from "./registry-auth.js";

export const RETRY_STATUSES = [429, 502, 503, 504] as const;
const MAX_ATTEMPTS = 3;

export interface TransportOptions {
  domain: string;
  path: string;
  credentials: RegistryCredentials;
  insecureRegistries: readonly string[];
  /** "pull" or "pull,push" */
  actions: string;
  log: Logger;
}

export class RegistryTransport {
  readonly baseUrl: string;
  private authorization: string | undefined;
  constructor(private readonly opts: TransportOptions) {
    const host = opts.domain === "docker.io" ? "registry-1.docker.io" : opts.domain;
    this.baseUrl = `${isInsecureRegistry(opts.domain, opts.insecureRegistries) ? "http" : "https"}://${host}`;
  }

  /** Requests `pathOrUrl` (relative to /v2/<name>/ when it does not start with "/" or a scheme). */
  async request(method: string, pathOrUrl: string, init: { headers?: Record<string, string>; body?: Buffer | ReadableStream | null; okStatuses?: number[] } = {}): Promise<Response> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : pathOrUrl.startsWith("/") ? this.baseUrl + pathOrUrl : `${this.baseUrl}/v2/${this.opts.path}/${pathOrUrl}`;
    let authTried = false;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        const headers: Record<string, string> = { ...init.headers, "User-Agent": "wharf" };
        if (this.authorization) headers.Authorization = this.authorization;
        const reusable = !(init.body instanceof ReadableStream);
        res = await fetch(url, { method, headers, body: init.body ?? null, redirect: "follow", ...(reusable ? {} : { duplex: "half" }) } as RequestInit);
      } catch (err) {
        if (attempt < MAX_ATTEMPTS && !(init.body instanceof ReadableStream)) {
          this.opts.log.warn({ url: redact(url), attempt, err: (err as Error).message }, "registry request failed, retrying");
          await delay(attempt);
          continue;
        }
        throw new EngineError("Unavailable", `Get "${redact(url)}": ${describeFetchError(err)}`, { cause: err });
      }
      if (res.status === 401 && !authTried) {
        authTried = true;
        await res.body?.cancel();
        await this.authenticate(res.headers.get("www-authenticate") ?? "");
        continue;
      }
      if ((RETRY_STATUSES as readonly number[]).includes(res.status) && attempt < MAX_ATTEMPTS && !(init.body instanceof ReadableStream)) {
        await res.body?.cancel();
        await delay(attempt);
        continue;
      }
      return res;
    }
  }

  /**
   * GET a large body (blobs) with node:http(s) rather than fetch: an IncomingMessage is a plain Node stream, several
   * times cheaper per byte than a web stream. Same auth and retry rules; redirects (to blob storage) are followed
   * and drop the Authorization header when they leave the registry's origin.
   */
  async getStream(path: string): Promise<IncomingMessage> {
    let url = `${this.baseUrl}/v2/${this.opts.path}/${path}`;
    let authTried = false;
    let redirects = 0;
    for (let attempt = 1; ; ) {
      const sameOrigin = new URL(url).origin === new URL(this.baseUrl).origin;
      let res: IncomingMessage;
      try {
        res = await httpGet(url, { "User-Agent": "wharf", ...(this.authorization && sameOrigin ? { Authorization: this.authorization } : {}) });
      } catch (err) {
        if (attempt++ < MAX_ATTEMPTS) {
          await delay(attempt - 1);
          continue;
        }
        throw new EngineError("Unavailable", `Get "${redact(url)}": ${describeFetchError(err)}`, { cause: err });
      }
      const status = res.statusCode ?? 0;
      if (status === 401 && !authTried && sameOrigin) {
        authTried = true;
        res.resume();
        await this.authenticate(String(res.headers["www-authenticate"] ?? ""));
        continue;
      }
      if ([301, 302, 303, 307, 308].includes(status) && res.headers.location && redirects++ < 5) {
        res.resume();
        url = new URL(res.headers.location, url).toString();
        continue;
      }
      if ((RETRY_STATUSES as readonly number[]).includes(status) && attempt++ < MAX_ATTEMPTS) {
        res.resume();
        await delay(attempt - 1);
        continue;
      }
      return res;
    }
  }

  private async authenticate(header: string): Promise<void> {
    const challenge = parseAuthChallenge(header);
    if (challenge.scheme === "basic") {
      this.authorization = basicAuthorization(this.opts.credentials);
      // dockerd reports this as a system error (500), not 401: a 401 would make the docker CLI prompt for a login.
      if (!this.authorization) throw new EngineError("Internal", "no basic auth credentials", { object: this.opts.domain });
    } else if (challenge.scheme === "bearer") {
      const scope = this.opts.path ? `repository:${this.opts.path}:${this.opts.actions}` : "";
      const token = await fetchBearerToken(challenge, scope, this.opts.credentials);
      this.authorization = `Bearer ${token}`;
    } else {
      throw new EngineError("Unauthorized", `unsupported registry auth scheme "${challenge.scheme}"`, { object: this.opts.domain });
    }
  }
}

/** Loopback hosts and --insecure-registry entries (exact host[:port] or an IPv4 CIDR) speak plain HTTP. */
export function isInsecureRegistry(domain: string, insecure: readonly string[]): boolean {
  const host = domain.startsWith("[") ? domain.slice(1, domain.indexOf("]")) : domain.replace(/:\d+$/, "");
  if (host === "localhost" || host === "::1" || /^127\./.test(host)) return true;
  for (const entry of insecure) {
    if (entry === domain || entry === host) return true;
    if (entry.includes("/") && isIP(host) === 4 && inCidr(host, entry)) return true;
  }
  return false;
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, bitsStr] = cidr.split("/");
  const bits = Number(bitsStr);
  if (isIP(net!) !== 4 || !(bits >= 0 && bits <= 32)) return false;
  const toInt = (s: string) => s.split(".").reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(net!) & mask);
}

/** URLs in logs and errors without query strings (upload URLs and redirects can carry signed tokens). */
export function redact(url: string): string {
  return url.replace(/\?.*$/, "");
}

function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `dial tcp: ${cause.message ?? cause.code}` : (err as Error).message;
}

function delay(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
}

function httpGet(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith("https:") ? httpsRequest : httpRequest)(url, { method: "GET", headers, timeout: 60_000 }, resolve);
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end();
  });
}
