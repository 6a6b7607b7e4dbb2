// The image, volume, network and topology services and the events/image-pull channels against a REAL
// dockerd 20.10 over TCP + mutual TLS (harness), the harness registry, a real SQLite database and the real
// ws gateway on loopback. Everything the tests create lives inside that dockerd, which the harness removes.
import http from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { startDockerd, dockerCli, waitFor, type Dockerd } from "../../../tests/harness/index.js";
import { pickFreeSubnet } from "../../../tests/harness/pick-subnet.js";
import { migratedDatabases } from "../../db/migrated-test-database";
import type { Database } from "../../db/client";
import { createLogger } from "../../log";
import { saveEnvironment } from "../environments/save-environment";
import { getEnvironmentDocker } from "../environments/get-environment-docker";
import { createWsGateway, isGatewayPath } from "../../ws/gateway";
import { createContainerChannels } from "../../ws/channels/index";
import { startImagePull } from "../images/pull-jobs";
import { listImages } from "../images/list-images";
import { inspectImage } from "../images/inspect-image";
import { previewImagePrune, pruneImages, removeImage, tagImage } from "../images/change-image";
import { createVolume, inspectVolume, listVolumes, previewVolumePrune, pruneVolumes, removeVolume, volumeFormSchema } from "../volumes/manage-volumes";
import { connectContainer, createNetwork, disconnectContainer, inspectNetwork, networkFormSchema, previewNetworkPrune, removeNetwork } from "../networks/manage-networks";
import { loadTopology } from "./load-topology";
import { containerNodeId, networkNodeId } from "./layout-topology";
import { countEnvironment } from "./count-environment";

const key = Buffer.alloc(32, 7);
const log = createLogger("silent");
const user = { id: "u1", username: "admin", isAdmin: true, disabled: false, grants: [], ledTeamIds: [] } as never;
const databases = migratedDatabases();
let dockerd: Dockerd;
let db: Database;
let docker: Docker;
let environmentId: string;
let server: http.Server;
let gateway: ReturnType<typeof createWsGateway>;
let wsBase: string;
const fixtures = () => inject("fixtures");

beforeAll(async () => {
  dockerd = await startDockerd({ tcpTls: true });
  db = databases.open(databases.createUrl());
  const tcp = dockerd.tcp!;
  const saved = await saveEnvironment(
    db,
    null,
    { name: "remote", kind: "tls", url: `tcp://${tcp.host}:${tcp.port}`, tlsCa: readFileSync(tcp.ca, "utf8"), tlsCert: readFileSync(tcp.cert, "utf8"), tlsKey: readFileSync(tcp.key, "utf8"), sshKey: "", allowUnreachable: false },
    { getKey: () => key },
  );
  environmentId = saved.id;
  (globalThis as { wharfCredentialsKey?: Buffer }).wharfCredentialsKey = key;
  docker = (await getEnvironmentDocker(db, environmentId)).docker;
  gateway = createWsGateway({ log, authenticate: async () => user, channels: createContainerChannels(db) });
  server = http.createServer((_q, r) => r.end());
  server.on("upgrade", (req, socket, head) => isGatewayPath(req.url) && gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  wsBase = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await dockerd?.stop();
  await databases.cleanup();
});

function collect(path: string): Promise<{ ws: WebSocket; messages: Array<Record<string, unknown>> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase}/${path}`);
    const messages: Array<Record<string, unknown>> = [];
    ws.on("message", (d) => messages.push(JSON.parse(String(d))));
    ws.once("open", () => resolve({ ws, messages }));
    ws.once("error", reject);
  });
}

async function run(args: string[]): Promise<string> {
  const r = await dockerCli(dockerd.env, args);
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

describe("images", () => {
  it("pulls from the registry with per-layer progress streamed over /ws/image-pull", async () => {
    const reference = fixtures().httpd.reference;
    const job = startImagePull(docker, log, environmentId, "u1", reference);
    const { ws, messages } = await collect(`image-pull?environmentId=${environmentId}&jobId=${job.id}`);
    await job.finished;
    await waitFor("final progress", async () => (messages.some((m) => (m.progress as { done: boolean }).done)) || undefined, { timeoutMs: 10_000 });
    ws.close();
    const last = messages.at(-1)!.progress as { layers: Array<{ id: string; phase: string }>; error: string | null; done: boolean };
    expect(last.error).toBeNull();
    expect(last.layers.length).toBe(fixtures().httpd.layerDigests.length);
    expect(last.layers.every((l) => l.phase === "complete" || l.phase === "exists")).toBe(true);
    const listed = (await listImages(docker)).find((i) => i.tags.includes(reference));
    expect(listed).toMatchObject({ id: fixtures().httpd.configDigest, inUse: false });
  });

  it("a failed pull ends with the engine's reason", async () => {
    const job = startImagePull(docker, log, environmentId, "u1", `${inject("registryHost")}/nothing-here:1`);
    await expect(job.finished).rejects.toThrow(/nothing-here/);
    expect(job.progress).toMatchObject({ done: true });
    expect(job.progress.error).toMatch(/not found|unknown/i);
  });

  it("inspects config, layers and history; tags; refuses to remove an image in use unless forced", async () => {
    const reference = fixtures().httpd.reference;
    const details = await inspectImage(docker, reference);
    expect(details.command).toEqual(["httpd", "-f", "-p", "80", "-h", "/var/www"]);
    expect(details.exposedPorts).toEqual(["80/tcp"]);
    expect(details.layers).toEqual(fixtures().httpd.diffIds);
    expect(details.history.length).toBeGreaterThanOrEqual(1);

    expect(await tagImage(docker, reference, "wharf-test/web:v2")).toEqual({ reference: "wharf-test/web:v2" });
    expect((await listImages(docker)).find((i) => i.id === details.id)!.tags.sort()).toEqual([reference, "wharf-test/web:v2"].sort());
    // Removing one tag only untags.
    expect(await removeImage(docker, "wharf-test/web:v2", false)).toEqual({ untagged: ["wharf-test/web:v2"], deleted: [] });

    const container = await run(["create", "--name", "uses-httpd", reference]);
    expect((await listImages(docker)).find((i) => i.id === details.id)!.inUse).toBe(true);
    await expect(removeImage(docker, details.id, false)).rejects.toMatchObject({ kind: "Conflict", message: expect.stringMatching(/being used by (stopped|running) container/) });
    expect((await previewImagePrune(docker, "unused")).map((i) => i.id)).not.toContain(details.id);
    const forced = await removeImage(docker, details.id, true);
    expect(forced.untagged).toContain(reference);
    await run(["rm", "-f", container]);
  });

  it("prune removes exactly the previewed unused images", async () => {
    await run(["pull", fixtures().busybox.reference]);
    const preview = await previewImagePrune(docker, "unused");
    expect(preview.map((i) => i.tags).flat()).toContain(fixtures().busybox.reference);
    const result = await pruneImages(docker, "unused");
    expect(result.removed.sort()).toEqual(preview.map((i) => i.id).sort());
    expect(await listImages(docker)).toEqual([]);
  });
});

describe("volumes and networks", () => {
  it("create, show users and addresses, refuse removal in use with the engine's reason, connect/disconnect, prune", async () => {
    await run(["pull", fixtures().busybox.reference]);
    const volume = await createVolume(docker, volumeFormSchema.parse({ environmentId, name: "wharf-data", labels: "team=web", options: "type=tmpfs\ndevice=tmpfs" }));
    expect(volume).toEqual({ name: "wharf-data" });
    await expect(createVolume(docker, volumeFormSchema.parse({ environmentId, labels: "oops" }))).rejects.toMatchObject({ fieldErrors: { labels: ['Labels: "oops" is not key=value'] } });

    const { subnet } = await pickFreeSubnet();
    const prefix = subnet.split(".").slice(0, 3).join(".");
    const network = await createNetwork(docker, networkFormSchema.parse({ environmentId, name: "wharf-front", subnet, gateway: `${prefix}.1`, labels: "team=web" }));
    const web = await run(["run", "-d", "--name", "web", "--network", "wharf-front", "-v", "wharf-data:/data", "-p", "127.0.0.1::80", fixtures().busybox.reference, "sleep", "300"]);
    const side = await run(["run", "-d", "--name", "side", fixtures().busybox.reference, "sleep", "300"]);

    const listed = (await listVolumes(docker)).find((v) => v.name === "wharf-data")!;
    expect(listed).toMatchObject({ driver: "local", labels: { team: "web" }, options: { type: "tmpfs", device: "tmpfs" }, usedBy: [{ name: "web", state: "running" }] });
    expect((await inspectVolume(docker, "wharf-data")).usedBy.map((u) => u.name)).toEqual(["web"]);
    await expect(removeVolume(docker, "wharf-data", false)).rejects.toMatchObject({ kind: "Conflict", message: expect.stringMatching(/^volume "wharf-data": .*volume is in use/) });
    expect((await previewVolumePrune(docker)).map((v) => v.name)).not.toContain("wharf-data");

    await connectContainer(docker, environmentId, "wharf-front", side, `${prefix}.50`);
    const inspected = await inspectNetwork(docker, network.id);
    expect(inspected).toMatchObject({ name: "wharf-front", subnets: [{ subnet, gateway: `${prefix}.1` }], labels: { team: "web" } });
    expect(inspected.containers.map((c) => [c.containerName, c.ipv4.split("/")[0]])).toContainEqual(["side", `${prefix}.50`]);
    await expect(removeNetwork(docker, "wharf-front")).rejects.toMatchObject({ message: expect.stringMatching(/^network "wharf-front": .*active endpoints/) });

    // The topology: both containers on the network with addresses, the published port as an edge to the host.
    let graph = await loadTopology([{ docker, environment: { id: environmentId, name: "remote" } }]);
    const netNode = networkNodeId(environmentId, network.id);
    const edgesOf = (id: string) => graph.edges.filter((e) => e.source === id || e.target === id).map((e) => e.description);
    expect(edgesOf(containerNodeId(environmentId, web))).toEqual(expect.arrayContaining(["web on wharf-front", expect.stringMatching(/^web publishes \d+→80\/tcp$/)]));
    expect(edgesOf(containerNodeId(environmentId, side))).toEqual(expect.arrayContaining(["side on wharf-front", "side on bridge"]));
    expect(graph.nodes.find((n) => n.id === containerNodeId(environmentId, web))).toMatchObject({ parentId: netNode, state: "running" });

    // Live: the events channel relays the engine's events as they happen.
    const events = await collect(`events?environmentId=${environmentId}`);
    await waitFor("subscribed", async () => (events.messages.some((m) => m.type === "subscribed")) || undefined, { timeoutMs: 10_000 });
    await disconnectContainer(docker, environmentId, "wharf-front", side, false);
    await run(["stop", "-t", "1", "web"]);
    await waitFor("die event", async () => (events.messages.some((m) => m.objectType === "container" && m.action === "die" && m.name === "web")) || undefined, { timeoutMs: 15_000 });
    expect(events.messages).toContainEqual(expect.objectContaining({ type: "event", environmentId, objectType: "network", action: "disconnect", id: network.id }));
    events.ws.close();

    graph = await loadTopology([{ docker, environment: { id: environmentId, name: "remote" } }]);
    expect(graph.nodes.find((n) => n.id === containerNodeId(environmentId, web))!.state).toBe("exited");
    expect(edgesOf(containerNodeId(environmentId, side))).not.toContain("side on wharf-front");

    const counts = await countEnvironment(docker);
    expect(counts).toMatchObject({ containers: { running: 1, exited: 1 }, volumes: 1, errors: [] });
    expect(counts.networks).toBe(4);

    await run(["rm", "-f", web, side]);
    expect((await previewNetworkPrune(docker)).map((n) => n.name)).toEqual(["wharf-front"]);
    expect((await previewVolumePrune(docker)).map((v) => v.name)).toEqual(["wharf-data"]);
    expect(await pruneVolumes(docker)).toEqual({ removed: ["wharf-data"], skipped: [] });
    await removeNetwork(docker, "wharf-front");
    await expect(inspectNetwork(docker, "wharf-front")).rejects.toMatchObject({ kind: "NotFound" });
  });

  it("an environment that cannot be read is drawn with its reason, not an error", async () => {
    const row = await db.environment.create({ data: { name: "gone", kind: "socket", url: "unix:///nonexistent/wharf-topology.sock" } });
    const graph = await loadTopology([{ docker: (await getEnvironmentDocker(db, row.id)).docker, environment: { id: row.id, name: "gone" } }]);
    expect(graph.nodes).toEqual([expect.objectContaining({ kind: "environment", label: "gone", error: expect.stringMatching(/.+/) })]);
  });
});
