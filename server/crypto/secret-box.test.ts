import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSecretKey, openSecret, sealSecret } from "./secret-box";

const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-secret-box-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("secret box", () => {
  const key = Buffer.alloc(32, 1);

  it("round-trips and never stores the plaintext", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n";
    const sealed = sealSecret(key, pem);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("PRIVATE");
    expect(sealSecret(key, pem)).not.toBe(sealed);
    expect(openSecret(key, sealed)).toBe(pem);
  });

  it("refuses a wrong key and a tampered value", () => {
    const sealed = sealSecret(key, "secret");
    expect(() => openSecret(Buffer.alloc(32, 2), sealed)).toThrow("cannot be decrypted");
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === "A" ? "B" : "A") + sealed.at(-1);
    expect(() => openSecret(key, flipped)).toThrow("cannot be decrypted");
  });

  it("creates the key file 0600 once in the data directory and reuses it", () => {
    const first = loadSecretKey({ dataDir: dir, secretKey: null });
    const file = path.join(dir, "secrets", "credentials-key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, "secrets")).mode & 0o777).toBe(0o700);
    expect(loadSecretKey({ dataDir: dir, secretKey: null }).equals(first)).toBe(true);
    expect(Buffer.from(readFileSync(file, "utf8"), "base64")).toHaveLength(32);
  });

  it("prefers the configured key", () => {
    const configured = Buffer.alloc(32, 9);
    expect(loadSecretKey({ dataDir: dir, secretKey: configured.toString("base64") }).equals(configured)).toBe(true);
  });
});
