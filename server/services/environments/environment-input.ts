// What an administrator types to add or edit an environment, and its validation: field errors for the
// form, checked before anything is saved (PEM parsing, key/certificate match, expiry).
import { X509Certificate, createPrivateKey } from "node:crypto";
import { z } from "zod";

/** The kinds an administrator can add (the local engine registers itself). */
export const ADDABLE_ENVIRONMENT_KINDS = ["socket", "tcp", "tls", "ssh"] as const;
export type AddableEnvironmentKind = (typeof ADDABLE_ENVIRONMENT_KINDS)[number];

export const environmentInputSchema = z.object({
  name: z.string(),
  kind: z.enum(ADDABLE_ENVIRONMENT_KINDS),
  url: z.string(),
  /** PEM texts; on edit an empty value keeps the stored one. */
  tlsCa: z.string().default(""),
  tlsCert: z.string().default(""),
  tlsKey: z.string().default(""),
  sshKey: z.string().default(""),
  /** Save even when the host does not answer now (it is then shown as down). */
  allowUnreachable: z.boolean().default(false),
});
export type EnvironmentInput = z.infer<typeof environmentInputSchema>;

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;
const URL_PATTERN_BY_KIND: Record<AddableEnvironmentKind, { pattern: RegExp; example: string }> = {
  socket: { pattern: /^unix:\/\/\/.+/, example: "unix:///var/run/docker.sock" },
  tcp: { pattern: /^tcp:\/\/[^/\s]+:\d+$/, example: "tcp://10.0.0.5:2375" },
  tls: { pattern: /^tcp:\/\/[^/\s]+:\d+$/, example: "tcp://10.0.0.5:2376" },
  ssh: { pattern: /^ssh:\/\/[^@/\s]+@[^/\s]+$/, example: "ssh://deploy@10.0.0.5 or ssh://deploy@10.0.0.5:2222" },
};

export type FieldErrors = Record<string, string[]>;

/**
 * Field errors for an input (empty when valid). `stored` says which secrets already exist, so an edit may
 * leave them blank. `now` is injectable for the expiry check.
 */
export function validateEnvironmentInput(
  input: EnvironmentInput,
  stored: { tls: boolean; ssh: boolean } = { tls: false, ssh: false },
  now: Date = new Date(),
): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (!NAME_PATTERN.test(input.name)) {
    add("name", "Name must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
  const url = URL_PATTERN_BY_KIND[input.kind];
  if (!url.pattern.test(input.url.trim())) add("url", `Expected a URL like ${url.example}`);

  if (input.kind === "tls") {
    const keepStored = stored.tls && !input.tlsCa && !input.tlsCert && !input.tlsKey;
    if (!keepStored) checkTlsMaterial(input, now, add);
  }
  if (input.kind === "ssh" && !(stored.ssh && !input.sshKey)) {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/.test(input.sshKey)) {
      add("sshKey", "Paste a PEM or OpenSSH private key (-----BEGIN ... PRIVATE KEY-----)");
    } else if (/ENCRYPTED/.test(input.sshKey)) {
      add("sshKey", "Passphrase-protected keys are not supported; use a key without a passphrase");
    }
  }
  return errors;
}

function checkTlsMaterial(input: EnvironmentInput, now: Date, add: (field: string, message: string) => void): void {
  const ca = parseCertificate(input.tlsCa, "tlsCa", "CA certificate", now, add);
  const cert = parseCertificate(input.tlsCert, "tlsCert", "Client certificate", now, add);
  let key: ReturnType<typeof createPrivateKey> | null = null;
  if (!input.tlsKey.trim()) add("tlsKey", "Client key is required");
  else {
    try {
      key = createPrivateKey(input.tlsKey);
    } catch {
      add("tlsKey", "Client key is not a PEM private key");
    }
  }
  if (cert && key && !cert.checkPrivateKey(key)) add("tlsKey", "Client key does not belong to the client certificate");
  if (ca && cert && !cert.checkIssued(ca)) add("tlsCert", "Client certificate was not issued by this CA");
}

function parseCertificate(
  pem: string,
  field: string,
  label: string,
  now: Date,
  add: (field: string, message: string) => void,
): X509Certificate | null {
  if (!pem.trim()) {
    add(field, `${label} is required`);
    return null;
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    add(field, `${label} is not a PEM certificate`);
    return null;
  }
  if (new Date(cert.validTo) < now) add(field, `${label} expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`);
  else if (new Date(cert.validFrom) > now) add(field, `${label} is not valid before ${new Date(cert.validFrom).toISOString()}`);
  return cert;
}
