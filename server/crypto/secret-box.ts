// Sealing of credentials at rest (environment TLS keys/certificates, SSH keys): AES-256-GCM
// (NIST SP 800-38D) with a random 96-bit IV per value and the 128-bit tag checked on open.
// Sealed form: "v1." + base64url(iv ‖ tag ‖ ciphertext). The key comes from config (WHARF_SECRET_KEY) or
// from WHARF_DATA_DIR/secrets/credentials-key, created with mode 0600 (directory 0700) on first use.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../errors";

const VERSION_PREFIX = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
export const KEY_FILE_NAME = "credentials-key";

/** Encrypts `plaintext` with a fresh IV; the result is safe to store as text. */
export function sealSecret(key: Buffer, plaintext: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return VERSION_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** Decrypts a value made by sealSecret; a wrong key or any tampering fails with Unavailable (never garbage). */
export function openSecret(key: Buffer, sealed: string): string {
  assertKey(key);
  if (!sealed.startsWith(VERSION_PREFIX)) throw new AppError("Unavailable", "stored credential: unknown format");
  const raw = Buffer.from(sealed.slice(VERSION_PREFIX.length), "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new AppError("Unavailable", "stored credential: truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch (cause) {
    throw new AppError("Unavailable", "stored credential: cannot be decrypted (wrong key or tampered)", { cause });
  }
}

/** The sealing key: from config (base64) if set, else the data directory's key file, made on first use. */
export function loadSecretKey(options: { dataDir: string; secretKey: string | null }): Buffer {
  if (options.secretKey) return Buffer.from(options.secretKey, "base64");
  const dir = path.join(options.dataDir, "secrets");
  const file = path.join(dir, KEY_FILE_NAME);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // "wx": never overwrite a key another process wrote in the meantime.
    try {
      writeFileSync(file, randomBytes(KEY_BYTES).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  assertKey(key);
  return key;
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new AppError("InvalidArgument", `credentials key must be ${KEY_BYTES} bytes`);
}
