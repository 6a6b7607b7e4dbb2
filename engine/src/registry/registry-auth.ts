// Registry credentials and token auth. Credentials arrive as Docker's X-Registry-Auth header: base64url JSON
// {username, password, serveraddress, identitytoken, registrytoken} (API reference "Authentication").
// Bearer tokens follow the distribution token spec (docs/spec/auth/token.md): a 401 with
// `WWW-Authenticate: Bearer realm=...,service=...,scope=...` → GET realm?service&scope (basic auth with the
// credentials if any) → {token | access_token}.
import { EngineError, invalidArgument } from "../errors.js";

export interface RegistryCredentials {
  username?: string;
  password?: string;
  identityToken?: string;
  registryToken?: string;
}

/** Decodes X-Registry-Auth; empty, "{}" or absent → anonymous. Malformed → InvalidArgument. */
export function parseRegistryAuthHeader(value: string | string[] | undefined): RegistryCredentials {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return {};
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw invalidArgument("invalid X-Registry-Auth header: not base64url-encoded JSON");
  }
  const s = (k: string) => (typeof json[k] === "string" && json[k] !== "" ? (json[k] as string) : undefined);
  return { username: s("username"), password: s("password"), identityToken: s("identitytoken"), registryToken: s("registrytoken") };
}

export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses a WWW-Authenticate header (RFC 7235 §4.1) into scheme and auth-params. */
export function parseAuthChallenge(header: string): AuthChallenge {
  const m = /^\s*(\S+)\s*(.*)$/.exec(header);
  const params: Record<string, string> = {};
  if (!m) return { scheme: "", params };
  for (const p of m[2]!.matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : p[3]!;
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

export function basicAuthorization(creds: RegistryCredentials): string | undefined {
  if (creds.username === undefined) return undefined;
  return `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ""}`).toString("base64")}`;
}

/** Fetches a bearer token for `scope` from the challenge's realm. */
export async function fetchBearerToken(challenge: AuthChallenge, scope: string, creds: RegistryCredentials): Promise<string> {
  if (creds.registryToken) return creds.registryToken;
  const realm = challenge.params.realm;
  if (!realm) throw new EngineError("Unauthorized", "registry auth challenge has no realm");
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
  if (scope) url.searchParams.set("scope", scope);
  let res: Response;
  if (creds.identityToken) {
    const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: creds.identityToken, scope, service: challenge.params.service ?? "", client_id: "wharf" });
    res = await fetch(realm, { method: "POST", body, signal: AbortSignal.timeout(30_000) });
  } else {
    const auth = basicAuthorization(creds);
    res = await fetch(url, { headers: auth ? { Authorization: auth } : {}, signal: AbortSignal.timeout(30_000) });
  }
  if (res.status === 401 || res.status === 403) throw new EngineError("Unauthorized", "unauthorized: incorrect username or password");
  if (!res.ok) throw new EngineError("Unavailable", `token server ${url.host} answered ${res.status}`);
  const json = (await res.json()) as { token?: string; access_token?: string };
  const token = json.token ?? json.access_token;
  if (!token) throw new EngineError("Unauthorized", "token server returned no token");
  return token;
}
