// TLS material checks with real certificates made by openssl (as the harness makes them).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { environmentInputSchema, validateEnvironmentInput } from "./environment-input";

const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-env-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
const file = (name: string) => readFileSync(path.join(dir, name), "utf8");

ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca");
ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=client");
ssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.pem", "-days", "1");
ssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key");
writeFileSync(path.join(dir, "x"), "");

const base = () =>
  environmentInputSchema.parse({ name: "prod-1", kind: "tls", url: "tcp://10.0.0.5:2376", tlsCa: file("ca.pem"), tlsCert: file("client.pem"), tlsKey: file("client.key") });

describe("validateEnvironmentInput", () => {
  it("accepts a matching CA, certificate and key", () => {
    expect(validateEnvironmentInput(base())).toEqual({});
  });

  it("explains a foreign key, a certificate from another CA, garbage and an expired certificate", () => {
    expect(validateEnvironmentInput({ ...base(), tlsKey: file("other.key") })).toEqual({ tlsKey: ["Client key does not belong to the client certificate"] });
    expect(validateEnvironmentInput({ ...base(), tlsCa: file("client.pem") })).toEqual({ tlsCert: ["Client certificate was not issued by this CA"] });
    expect(validateEnvironmentInput({ ...base(), tlsCert: "nope", tlsKey: "" })).toEqual({
      tlsCert: ["Client certificate is not a PEM certificate"],
      tlsKey: ["Client key is required"],
    });
    const later = new Date(Date.now() + 3 * 86_400_000);
    const errors = validateEnvironmentInput(base(), undefined, later);
    expect(errors.tlsCert?.[0]).toMatch(/^Client certificate expired on \d{4}-\d{2}-\d{2}$/);
    expect(errors.tlsCa?.[0]).toMatch(/^CA certificate expired on /);
  });

  it("checks names and URLs per kind, and SSH keys", () => {
    const ssh = environmentInputSchema.parse({ name: "bad name", kind: "ssh", url: "tcp://x:1", sshKey: "hello" });
    expect(validateEnvironmentInput(ssh)).toEqual({
      name: ["Name must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit"],
      url: ["Expected a URL like ssh://deploy@10.0.0.5 or ssh://deploy@10.0.0.5:2222"],
      sshKey: ["Paste a PEM or OpenSSH private key (-----BEGIN ... PRIVATE KEY-----)"],
    });
    const ok = environmentInputSchema.parse({ name: "edge", kind: "ssh", url: "ssh://deploy@10.0.0.5:2222", sshKey: file("other.key") });
    expect(validateEnvironmentInput(ok)).toEqual({});
  });

  it("lets an edit keep the stored credentials when the fields are left empty", () => {
    const edit = environmentInputSchema.parse({ name: "prod-1", kind: "tls", url: "tcp://10.0.0.5:2376" });
    expect(validateEnvironmentInput(edit, { tls: true, ssh: false })).toEqual({});
    expect(Object.keys(validateEnvironmentInput(edit))).toEqual(["tlsCa", "tlsCert", "tlsKey"]);
  });
});
