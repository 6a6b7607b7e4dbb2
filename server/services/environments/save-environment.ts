// Adds or edits a remote environment. Order: validate every field → probe the host with the given
// credentials (unless allowUnreachable) → seal the credentials → write one row. Nothing is saved when any
// step fails, so a bad certificate or an unreachable host leaves no half-made environment.
import type { Database } from "../../db/client";
import { AppError } from "../../errors";
import { openSecret, sealSecret } from "../../crypto/secret-box";
import type { DockerTarget } from "../../docker/create-docker-client";
import { getCredentialsKey } from "./credentials-key";
import { validateEnvironmentInput, type EnvironmentInput } from "./environment-input";
import { LOCAL_ENVIRONMENT_NAME } from "./environment-kinds";
import { probeEnvironment, PROBE_TIMEOUT_MS } from "./probe-environment";
import { checkEnvironment, forgetEnvironmentHealth } from "./environment-poller";
import { forgetEnvironmentDocker } from "./get-environment-docker";

export type SaveEnvironmentDeps = { getKey?: () => Buffer; probe?: typeof probeEnvironment };

/** `id` null adds; otherwise edits that environment (the local one cannot be edited here). */
export async function saveEnvironment(
  db: Database,
  id: string | null,
  input: EnvironmentInput,
  deps: SaveEnvironmentDeps = {},
): Promise<{ id: string; name: string }> {
  const getKey = deps.getKey ?? getCredentialsKey;
  const probe = deps.probe ?? probeEnvironment;
  const existing = id ? await db.environment.findUnique({ where: { id } }) : null;
  if (id && !existing) throw new AppError("NotFound", `environment "${id}": not found`);
  if (existing?.kind === "local") {
    throw new AppError("InvalidArgument", `environment "${existing.name}": the local engine is registered automatically and cannot be edited`);
  }

  const name = input.name.trim();
  const url = input.url.trim();
  const stored = {
    tls: Boolean(existing?.tlsCertSealed) && existing?.kind === "tls",
    ssh: Boolean(existing?.sshKeySealed) && existing?.kind === "ssh",
  };
  const fieldErrors = validateEnvironmentInput({ ...input, name, url }, stored);
  if (name === LOCAL_ENVIRONMENT_NAME) (fieldErrors.name ??= []).push(`"${LOCAL_ENVIRONMENT_NAME}" is reserved for the local engine`);
  const clash = await db.environment.findUnique({ where: { name } });
  if (clash && clash.id !== id) (fieldErrors.name ??= []).push(`An environment named "${name}" already exists`);
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError("InvalidArgument", "Some fields need attention.", { fieldErrors });
  }

  // The credentials in clear, only in memory: new ones from the form, else the stored ones.
  const keep = (sealed: string | null | undefined) => (sealed ? openSecret(getKey(), sealed) : "");
  const tls =
    input.kind === "tls"
      ? input.tlsCert
        ? { ca: input.tlsCa, cert: input.tlsCert, key: input.tlsKey }
        : { ca: keep(existing?.tlsCaSealed), cert: keep(existing?.tlsCertSealed), key: keep(existing?.tlsKeySealed) }
      : null;
  const sshKey = input.kind === "ssh" ? input.sshKey || keep(existing?.sshKeySealed) : null;
  // SSH: trust on first use — the host key seen now (add, or an explicit edit) is pinned for later connections.
  let hostKey: string | null = null;
  const target: DockerTarget = { url, tls, sshKey, onSshHostKey: (seen) => (hostKey = seen) };

  if (!input.allowUnreachable) {
    const result = await probe(target, PROBE_TIMEOUT_MS);
    if (result.status === "down") {
      throw new AppError("Unavailable", `Could not reach "${name}" at ${url}: ${result.error}. Nothing was saved.`);
    }
  }

  const key = getKey();
  const data = {
    name,
    kind: input.kind,
    url,
    tlsCaSealed: tls ? sealSecret(key, tls.ca) : null,
    tlsCertSealed: tls ? sealSecret(key, tls.cert) : null,
    tlsKeySealed: tls ? sealSecret(key, tls.key) : null,
    sshKeySealed: sshKey ? sealSecret(key, sshKey) : null,
    sshHostKeySha256: input.kind === "ssh" ? hostKey : null,
  };
  const row = existing
    ? await db.environment.update({ where: { id: existing.id }, data })
    : await db.environment.create({ data });
  forgetEnvironmentDocker(row.id);
  forgetEnvironmentHealth(row.id);
  void checkEnvironment(row, getKey);
  return { id: row.id, name: row.name };
}
