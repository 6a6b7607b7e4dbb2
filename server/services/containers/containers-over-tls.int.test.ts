// The environment and container services, and the ws channels, against a REAL dockerd 20.10 on TCP with
// mutual TLS (harness), a real SQLite database and the real ws gateway on loopback.
import http from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { startDockerd, dockerCli, freePort, type Dockerd } from "../../../tests/harness/index.js";
import { migratedDatabases } from "../../db/migrated-test-database";
import type { Database } from "../../db/client";
import { createLogger } from "../../log";
import { saveEnvironment } from "../environments/save-environment";
import { getEnvironmentDocker } from "../environments/get-environment-docker";
import { listEnvironments } from "../environments/list-environments";
import { createWsGateway, isGatewayPath } from "../../ws/gateway";
import { createContainerChannels } from "../../ws/channels/index";
import { listContainers } from "./list-containers";
import { containerQuerySchema } from "./query-containers";
import { containerFormSchema } from "./container-form";
import { createContainer } from "./create-container";
import { inspectContainer } from "./inspect-container";
import { renameContainer, runContainerAction } from "./container-actions";

const key = Buffer.alloc(32, 5);
const getKey = () => key;
const log = createLogger("silent");
const user = { id: "u1", username: "admin", isAdmin: true, disabled: false, grants: [], ledTeamIds: [] } as never;
const databases = migratedDatabases();
let dockerd: Dockerd;
let db: Database;
let environmentId: string;
let server: http.Server;
let gateway: ReturnType<typeof createWsGateway>;
let wsBase: string;
const busybox = () => inject("fixtures").busybox.reference;

beforeAll(async () => {
  dockerd = await startDockerd({ tcpTls: true });
  db = databases.open(databases.createUrl());
  const tcp = dockerd.tcp!;
  const saved = await saveEnvironment(
    db,
    null,
    {
      name: "remote",
      kind: "tls",
      url: `tcp://${tcp.host}:${tcp.port}`,
      tlsCa: readFileSync(tcp.ca, "utf8"),
      tlsCert: readFileSync(tcp.cert, "utf8"),
      tlsKey: readFileSync(tcp.key, "utf8"),
      sshKey: "",
      allowUnreachable: false,
    },
    { getKey },
  );
  environmentId = saved.id;
  // The credentials key used by the channels (getEnvironmentDocker's default) must be ours.
  (globalThis as { wharfCredentialsKey?: Buffer }).wharfCredentialsKey = key;
  gateway = createWsGateway({ log, authenticate: async () => user, channels: createContainerChannels(db) });
  server = http.createServer((_q, r) => r.end());
  server.on("upgrade", (req, socket, head) => isGatewayPath(req.url) && gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  wsBase = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
});

afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await dockerd?.stop();
  await databases.cleanup();
});

function form(overrides: Partial<Record<string, unknown>>) {
  return containerFormSchema.parse({ environmentId, image: busybox(), ...overrides });
}

function open(path: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase}/${path}`);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

describe("environments over TCP+TLS", () => {
  it("stores the credentials sealed and shows the daemon up with its version and counts", async () => {
    const row = await db.environment.findUniqueOrThrow({ where: { id: environmentId } });
    expect(row.tlsKeySealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain("PRIVATE KEY");
    const [env] = await listEnvironments(db);
    expect(env).toMatchObject({ name: "remote", kind: "tls", status: "up", engine: { apiVersion: "1.41" } });
    expect(env!.counts?.containers).toBeTypeOf("number");
  });

  it("refuses a client key from another pair, and an unreachable host, saving nothing", async () => {
    const tcp = dockerd.tcp!;
    const input = {
      name: "bad",
      kind: "tls" as const,
      url: `tcp://${tcp.host}:${tcp.port}`,
      tlsCa: readFileSync(tcp.ca, "utf8"),
      tlsCert: readFileSync(tcp.cert, "utf8"),
      tlsKey: readFileSync(tcp.key, "utf8"),
      sshKey: "",
      allowUnreachable: false,
    };
    const { generateKeyPairSync } = await import("node:crypto");
    const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await expect(saveEnvironment(db, null, { ...input, tlsKey: otherKey }, { getKey })).rejects.toMatchObject({
      fieldErrors: { tlsKey: ["Client key does not belong to the client certificate"] },
    });
    const port = await freePort();
    await expect(saveEnvironment(db, null, { ...input, url: `tcp://127.0.0.1:${port}` }, { getKey })).rejects.toThrow(
      `Could not reach "bad" at tcp://127.0.0.1:${port}: connection refused. Nothing was saved.`,
    );
    expect(await db.environment.count({ where: { name: "bad" } })).toBe(0);
  });
});

describe("containers on the TLS environment", () => {
  let id = "";

  it("pulls a missing image, creates and starts a container, and lists it", async () => {
    const created = await createContainer((await getEnvironmentDocker(db, environmentId)).docker, log, form({
      name: "talker",
      command: `sh -c 'i=0; while true; do echo out-$i; echo err-$i >&2; i=$((i+1)); sleep 0.2; done'`,
      env: "GREETING=hello",
    }));
    expect(created.pulled).toBe(true);
    id = created.id;
    const page = await listContainers(db, containerQuerySchema.parse({ search: "talker" }));
    expect(page.items.map((c) => [c.name, c.state, c.environmentName])).toEqual([["talker", "running", "remote"]]);
    const details = await inspectContainer((await getEnvironmentDocker(db, environmentId)).docker, id);
    expect(details.env).toContain("GREETING=hello");
    expect(details.command[0]).toBe("sh");
  });

  it("streams logs with stdout and stderr told apart, with timestamps", async () => {
    const ws = await open(`logs?environmentId=${environmentId}&containerId=${id}&tail=10`);
    const seen = { stdout: false, stderr: false };
    await new Promise<void>((resolve) => {
      ws.on("message", (data) => {
        const m = JSON.parse(data.toString());
        for (const line of m.lines ?? []) {
          if (line.stream === "stdout" && /^out-\d+$/.test(line.text) && line.time) seen.stdout = true;
          if (line.stream === "stderr" && /^err-\d+$/.test(line.text)) seen.stderr = true;
        }
        if (seen.stdout && seen.stderr) resolve();
      });
    });
    ws.close();
  });

  it("streams stats samples", async () => {
    const ws = await open(`stats?environmentId=${environmentId}&containerId=${id}`);
    const samples: Array<Record<string, unknown>> = [];
    await new Promise<void>((resolve) =>
      ws.on("message", (d) => {
        samples.push(JSON.parse(d.toString()));
        if (samples.length === 2) resolve();
      }),
    );
    ws.close();
    // One sample a second, each with every figure the charts draw. (The values themselves depend on the
    // host's cgroup setup: dockerd 20.10 reports empty memory/cpu stats when it cannot read its cgroups.)
    for (const sample of samples) {
      expect(sample).toMatchObject({ type: "stats" });
      for (const key of ["cpuPercent", "memoryBytes", "memoryLimitBytes", "networkRxBytes", "networkTxBytes", "blockReadBytes", "blockWriteBytes", "pids"]) {
        expect(sample[key], key).toBeTypeOf("number");
      }
    }
    // (With hugetlb mounted as a separate v1 hierarchy, dockerd 20.10 logs "cgroups: cannot find cgroup mount
    // destination" and sends empty samples with read = 0001-01-01; the channel still streams them.)
  });

  it("runs echo hello in a console and ends the exec when the socket closes, leaving other consoles alone", async () => {
    const other = await open(`console?environmentId=${environmentId}&containerId=${id}`);
    const otherExecId = await new Promise<string>((resolve) =>
      other.on("message", (data, isBinary) => {
        if (!isBinary && JSON.parse(data.toString()).type === "ready") resolve(JSON.parse(data.toString()).execId);
      }),
    );
    const ws = await open(`console?environmentId=${environmentId}&containerId=${id}&cols=100&rows=30`);
    let output = "";
    let execId = "";
    await new Promise<void>((resolve) => {
      ws.on("message", (data, isBinary) => {
        if (!isBinary) {
          const m = JSON.parse(data.toString());
          if (m.type === "ready") {
            execId = m.execId;
            ws.send(JSON.stringify({ type: "input", data: "echo hel''lo; stty size\r" }));
          }
          return;
        }
        output += data.toString();
        if (/\nhello\r?\n/.test(output) && /30 100/.test(output)) resolve();
      });
    });
    ws.close();
    const docker = (await getEnvironmentDocker(db, environmentId)).docker;
    const deadline = Date.now() + 5000;
    let running = true;
    while (running && Date.now() < deadline) {
      running = (await docker.getExec(execId).inspect()).Running;
      if (running) await new Promise((r) => setTimeout(r, 200));
    }
    expect(running).toBe(false);
    // The other console's shell survived the cleanup and still answers.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await docker.getExec(otherExecId).inspect()).Running).toBe(true);
    let otherOutput = "";
    await new Promise<void>((resolve) => {
      other.on("message", (data, isBinary) => {
        if (isBinary) otherOutput += data.toString();
        if (/\nstill-here\r?\n/.test(otherOutput)) resolve();
      });
      other.send(JSON.stringify({ type: "input", data: "echo still-''here\r" }));
    });
    other.close();
  });

  it("explains a port conflict next to the ports field and leaves no container behind", async () => {
    const port = await freePort();
    const docker = (await getEnvironmentDocker(db, environmentId)).docker;
    await createContainer(docker, log, form({ name: "web-a", command: "sleep 60", ports: `${port}:80` }));
    const failure = await createContainer(docker, log, form({ name: "web-b", command: "sleep 60", ports: `${port}:80` })).catch((e) => e);
    expect(failure.fieldErrors.ports[0]).toMatch(/already allocated|address already in use/);
    const ps = await dockerCli(dockerd.env, ["ps", "-a", "--format", "{{.Names}}"]);
    expect(ps.stdout.split("\n")).not.toContain("web-b");
  });

  it("explains an invalid and an unknown image without creating anything", async () => {
    const docker = (await getEnvironmentDocker(db, environmentId)).docker;
    const invalid = await createContainer(docker, log, form({ image: "Bad Image!" })).catch((e) => e);
    expect(invalid.fieldErrors.image[0]).toContain("is not a valid image reference");
    const unknown = `${inject("registryHost")}/nothing-here:latest`;
    const missing = await createContainer(docker, log, form({ image: unknown, pullIfMissing: false })).catch((e) => e);
    expect(missing.fieldErrors.image[0]).toBe(`"${unknown}" is not on this host: pull it first, or tick "Pull the image if missing".`);
    const pullFailed = await createContainer(docker, log, form({ image: unknown })).catch((e) => e);
    expect(pullFailed.fieldErrors.image[0]).toMatch(new RegExp(`^Could not pull "${unknown}": .*not found`, "i"));
  });

  it("pauses, unpauses and renames the container", async () => {
    const docker = (await getEnvironmentDocker(db, environmentId)).docker;
    await runContainerAction(docker, environmentId, id, "pause");
    expect((await inspectContainer(docker, id)).state).toBe("paused");
    await runContainerAction(docker, environmentId, id, "unpause");
    expect((await inspectContainer(docker, id)).state).toBe("running");
    await renameContainer(docker, environmentId, id, "talker-2");
    const page = await listContainers(db, containerQuerySchema.parse({ name: "talker" }));
    expect(page.items.map((c) => c.name)).toEqual(["talker-2"]);
    await expect(renameContainer(docker, environmentId, id, "web-a")).rejects.toThrow(/Conflict|already in use/);
  });

  it("keeps the stored certificates when an edit leaves them empty", async () => {
    const tcp = dockerd.tcp!;
    await saveEnvironment(
      db,
      environmentId,
      { name: "remote-renamed", kind: "tls", url: `tcp://${tcp.host}:${tcp.port}`, tlsCa: "", tlsCert: "", tlsKey: "", sshKey: "", allowUnreachable: false },
      { getKey },
    );
    const [env] = await listEnvironments(db);
    expect(env).toMatchObject({ name: "remote-renamed", status: "up", hasTls: true });
  });

  it("stops and removes the container", async () => {
    const docker = (await getEnvironmentDocker(db, environmentId)).docker;
    await runContainerAction(docker, environmentId, id, "stop");
    expect((await inspectContainer(docker, id)).state).toBe("exited");
    await runContainerAction(docker, environmentId, id, "remove");
    const page = await listContainers(db, containerQuerySchema.parse({ search: "talker" }));
    expect(page.total).toBe(0);
    await expect(inspectContainer(docker, id)).rejects.toThrow(/No such container/);
  });
});
