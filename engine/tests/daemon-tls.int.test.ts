// wharfd on tcp:// with mutual TLS (dockerd's --tlsverify): the real docker CLI with the client certificate gets
// through; without a certificate, or with one from another CA, the handshake is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateTlsCerts, type TlsFiles } from "../../tests/harness/generate-tls-certs.js";
import { dockerCli } from "../../tests/harness/docker-cli.js";
import { freePort } from "../../tests/harness/free-port.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";

describe("wharfd over TCP with mutual TLS", () => {
  let certs: TlsFiles;
  let otherCa: TlsFiles;
  let engine: Wharfd;
  let port: number;
  const dirs: string[] = [];

  beforeAll(async () => {
    const mk = () => {
      const d = mkdtempSync(join(tmpdir(), "wharfd-tls-"));
      dirs.push(d);
      return d;
    };
    certs = await generateTlsCerts(mk());
    otherCa = await generateTlsCerts(mk());
    port = await freePort();
    engine = await startWharfd({
      extraArgs: ["--host", `tcp://127.0.0.1:${port}`, "--tlsverify", "--tlscacert", certs.ca, "--tlscert", certs.serverCert, "--tlskey", certs.serverKey],
    });
  });
  afterAll(async () => {
    await engine?.stop();
    engine?.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("serves the docker CLI that presents a client certificate from its CA", async () => {
    const r = await dockerCli(
      { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs.certDir },
      ["version", "--format", "{{.Server.Platform.Name}} {{.Server.APIVersion}}"],
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("Wharf Engine 1.50");
  });

  it("refuses a client without a certificate", async () => {
    const r = await dockerCli({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS: "1" }, ["version", "--format", "{{.Server.APIVersion}}"], { timeout: 30_000 });
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain("1.50");
  });

  it("refuses a client certificate from another CA", async () => {
    const r = await dockerCli(
      { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: otherCa.certDir },
      ["version", "--format", "{{.Server.APIVersion}}"],
      { timeout: 30_000 },
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/certificate|tls/i);
  });

  it("still serves its unix socket alongside", async () => {
    const r = await dockerCli({ DOCKER_HOST: engine.dockerHost }, ["version", "--format", "{{.Server.APIVersion}}"]);
    expect(r.stdout.trim()).toBe("1.50");
  });
});
