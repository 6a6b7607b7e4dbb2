// Turns a stored environment row into a DockerTarget, opening its sealed credentials with the key.
import type { DockerTarget } from "../../docker/create-docker-client";
import { openSecret } from "../../crypto/secret-box";

export type EnvironmentRow = {
  id: string;
  name: string;
  kind: string;
  url: string;
  tlsCaSealed: string | null;
  tlsCertSealed: string | null;
  tlsKeySealed: string | null;
  sshKeySealed: string | null;
  sshHostKeySha256: string | null;
  updatedAt: Date;
};

/** `getKey` is called only when the row holds sealed credentials. */
export function targetForEnvironment(row: EnvironmentRow, getKey: () => Buffer): DockerTarget {
  const open = (sealed: string | null) => (sealed ? openSecret(getKey(), sealed) : null);
  const ca = open(row.tlsCaSealed);
  const cert = open(row.tlsCertSealed);
  const tlsKey = open(row.tlsKeySealed);
  return {
    url: row.url,
    tls: row.kind === "tls" && ca && cert && tlsKey ? { ca, cert, key: tlsKey } : null,
    sshKey: row.kind === "ssh" ? open(row.sshKeySealed) : null,
    sshHostKeySha256: row.kind === "ssh" ? row.sshHostKeySha256 : null,
  };
}
