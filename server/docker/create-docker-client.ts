// Builds a Docker Engine API client (dockerode) for a Docker host. The control plane reaches every
// environment, the local engine included, only through this client (never engine/ internals).
import { createHash } from "node:crypto";
import Docker from "dockerode";
import { AppError } from "../errors";

/** PEM texts for TCP with mutual TLS (Docker's --tlsverify): the CA that signed the daemon, our cert and key. */
export type TlsMaterial = { ca: string; cert: string; key: string };

/**
 * How to reach one Docker host: its URL plus, when needed, TLS material or an SSH private key (in clear, in
 * memory only). For SSH, `sshHostKeySha256` pins the server's host key (base64 SHA-256 of the key blob, as
 * `ssh-keygen -lf` prints after "SHA256:"); a different key is refused. `onSshHostKey` sees the key offered.
 */
export type DockerTarget = {
  url: string;
  tls?: TlsMaterial | null;
  sshKey?: string | null;
  sshHostKeySha256?: string | null;
  onSshHostKey?: (sha256: string) => void;
};

/** The fingerprint OpenSSH shows for a host key blob: base64 SHA-256 without padding. */
export function sshFingerprint(keyBlob: Buffer): string {
  return createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "");
}

export type DockerHostOptions = { timeoutMs?: number };

/** unix:///path → socket; tcp://host:port → HTTP, or HTTPS with client certificates; ssh://user@host → SSH. */
export function dockerOptionsFor(target: string | DockerTarget, options: DockerHostOptions = {}): Docker.DockerOptions {
  const t: DockerTarget = typeof target === "string" ? { url: target } : target;
  const { url, tls, sshKey } = t;
  const timeout = options.timeoutMs;
  if (url.startsWith("unix://")) {
    return { socketPath: url.slice("unix://".length), timeout };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new AppError("InvalidArgument", `Docker host "${url}": not a valid URL`, { cause });
  }
  switch (parsed.protocol) {
    case "tcp:":
    case "http:":
    case "https:": {
      const secure = Boolean(tls) || parsed.protocol === "https:";
      return {
        host: parsed.hostname,
        port: Number(parsed.port || (secure ? 2376 : 2375)),
        protocol: secure ? "https" : "http",
        ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
        timeout,
      };
    }
    case "ssh:":
      return {
        host: parsed.hostname,
        port: Number(parsed.port || 22),
        username: parsed.username || undefined,
        protocol: "ssh",
        sshOptions: {
          ...(sshKey ? { privateKey: sshKey } : {}),
          readyTimeout: timeout,
          hostVerifier: (keyBlob: Buffer) => {
            const seen = sshFingerprint(keyBlob);
            t.onSshHostKey?.(seen);
            return !t.sshHostKeySha256 || seen === t.sshHostKeySha256;
          },
        },
        // No `timeout` here: docker-modem would call setTimeout on the SSH channel, which has none
        // ("sock.setTimeout is not a function"). The SSH handshake is bounded by readyTimeout; callers
        // bound whole calls themselves (probe, list).
      };
    default:
      throw new AppError("InvalidArgument", `Docker host "${url}": unsupported scheme ${parsed.protocol}`);
  }
}

export function createDockerClient(target: string | DockerTarget, options: DockerHostOptions = {}): Docker {
  return new Docker(dockerOptionsFor(target, options));
}
