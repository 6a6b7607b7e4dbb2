// An SSH environment end to end: a test-owned OpenSSH sshd (Debian openssh-server) on 127.0.0.1 with its own
// config, host key and authorized key, whose sessions get DOCKER_HOST pointing at a real harness dockerd;
// Wharf reaches it as ssh://root@127.0.0.1:<port> with a sealed private key (docker-modem runs
// `docker system dial-stdio` over the SSH connection, like the docker CLI does).
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, freePort, startDockerd, waitFor, type Dockerd } from "../../../tests/harness/index.js";
import { migratedDatabases } from "../../db/migrated-test-database";
import type { Database } from "../../db/client";
import { saveEnvironment } from "./save-environment";
import { listEnvironments } from "./list-environments";
import { checkEnvironment } from "./environment-poller";
import { listContainers } from "../containers/list-containers";
import { containerQuerySchema } from "../containers/query-containers";

const SSHD = "/usr/sbin/sshd";
const key = Buffer.alloc(32, 3);
const databases = migratedDatabases();
let dockerd: Dockerd;
let sshd: ChildProcess | undefined;
let dir: string;
let port: number;
let db: Database;

beforeAll(async () => {
  dockerd = await startDockerd({ iptables: false });
  dir = mkdtempSync(path.join(os.tmpdir(), "wharf-sshd-"));
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "host_key")]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "client_key")]);
  writeFileSync(path.join(dir, "authorized_keys"), readFileSync(path.join(dir, "client_key.pub")), { mode: 0o600 });
  port = await freePort();
  writeFileSync(
    path.join(dir, "sshd_config"),
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${path.join(dir, "host_key")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      `SetEnv DOCKER_HOST=${dockerd.dockerHost} PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`,
    ].join("\n") + "\n",
  );
  await startSshd();
  db = databases.open(databases.createUrl());
});

async function startSshd(): Promise<void> {
  // /run/sshd is sshd's privilege-separation directory; it must exist.
  execFileSync("mkdir", ["-p", "/run/sshd"]);
  sshd = spawn(SSHD, ["-D", "-e", "-f", path.join(dir, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  await waitFor(
    "sshd",
    async () => {
      try {
        execFileSync("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
        return true;
      } catch {
        return undefined;
      }
    },
    { timeoutMs: 10_000, abort: () => (sshd?.exitCode != null ? `sshd exited with ${sshd.exitCode}` : undefined) },
  );
}

async function stopSshd(): Promise<void> {
  if (sshd?.pid && sshd.exitCode === null) {
    const exited = new Promise((resolve) => sshd!.once("exit", resolve));
    process.kill(sshd.pid, "SIGTERM");
    await exited;
  }
}

afterAll(async () => {
  await stopSshd();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await dockerd?.stop();
  await databases.cleanup();
});

describe("SSH environment", () => {
  it("is added with a key, shows the daemon up and lists its containers", async () => {
    const created = await dockerCli(dockerd.env, ["create", "--name", "over-ssh", "--label", "via=ssh", inject("fixtures").busybox.reference]);
    expect(created.code, created.stderr).toBe(0);
    const saved = await saveEnvironment(
      db,
      null,
      {
        name: "edge",
        kind: "ssh",
        url: `ssh://root@127.0.0.1:${port}`,
        tlsCa: "",
        tlsCert: "",
        tlsKey: "",
        sshKey: readFileSync(path.join(dir, "client_key"), "utf8"),
        allowUnreachable: false,
      },
      { getKey: () => key },
    );
    const row = await db.environment.findUniqueOrThrow({ where: { id: saved.id } });
    expect(row.sshKeySealed).toMatch(/^v1\./);
    expect(row.sshKeySealed).not.toContain("OPENSSH");

    (globalThis as { wharfCredentialsKey?: Buffer }).wharfCredentialsKey = key;
    const [edge] = await listEnvironments(db);
    expect(edge).toMatchObject({ name: "edge", kind: "ssh", status: "up", engine: { apiVersion: "1.41" } });
    const page = await listContainers(db, containerQuerySchema.parse({}));
    expect(page.unavailable).toEqual([]);
    expect(page.items.map((c) => [c.name, c.environmentName, c.labels.via])).toEqual([["over-ssh", "edge", "ssh"]]);

    // The host key seen on add is pinned, with the fingerprint ssh-keygen shows.
    const fingerprint = execFileSync("ssh-keygen", ["-lf", path.join(dir, "host_key.pub")], { encoding: "utf8" }).split(" ")[1];
    expect(`SHA256:${edge!.sshHostKeySha256}`).toBe(fingerprint);
  });

  it("refuses a server that presents another host key, saying why", async () => {
    await stopSshd();
    rmSync(path.join(dir, "host_key"));
    rmSync(path.join(dir, "host_key.pub"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "host_key")]);
    await startSshd();
    const row = await db.environment.findFirstOrThrow({ where: { name: "edge" } });
    const health = await checkEnvironment(row, () => key);
    expect(health).toMatchObject({
      status: "down",
      error: "SSH: the host key is not the one pinned when this environment was saved (possible interception); edit and save the environment to trust the new key",
    });
    const page = await listContainers(db, containerQuerySchema.parse({}));
    expect(page.unavailable.map((u) => u.environmentName)).toEqual(["edge"]);
  });

  it("refuses a key the server does not accept, saving nothing", async () => {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "stranger")]);
    const failure = await saveEnvironment(
      db,
      null,
      {
        name: "stranger",
        kind: "ssh",
        url: `ssh://root@127.0.0.1:${port}`,
        tlsCa: "",
        tlsCert: "",
        tlsKey: "",
        sshKey: readFileSync(path.join(dir, "stranger"), "utf8"),
        allowUnreachable: false,
      },
      { getKey: () => key },
    ).catch((e: Error) => e);
    expect((failure as Error).message).toMatch(/^Could not reach "stranger" at ssh:\/\/root@127\.0\.0\.1:\d+: SSH: the server did not accept the key\. Nothing was saved\.$/);
    expect(await db.environment.count({ where: { name: "stranger" } })).toBe(0);
  });
});
