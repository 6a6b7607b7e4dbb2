// Networks and published ports through the real docker CLI 28 (and docker-compose 1.29) against wharfd, and the same
// scenarios against the harness's dockerd 20.10.
//
// Order matters: the wharfd-only describe runs first, with no dockerd of this file running. A dockerd with
// iptables sets the iptables-nft `filter FORWARD` policy to DROP while it runs, and with br_netfilter that also
// drops traffic on wharfd's bridges (engine/src/networks/README.md "Next to dockerd"); the dockerd describe starts
// its dockerd afterwards. Everything is named with a random suffix; each test removes what it made.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { createSocket } from "node:dgram";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, freePort, runCommand, startDockerd, tempDir, waitFor, type Dockerd } from "../../tests/harness/index.js";
import { pickFreeSubnet } from "../../tests/harness/pick-subnet.js";
import { buildAnswer, parseQuestion } from "../src/networks/dns-server.js";
import { REPO_ROOT, startWharfd, type Wharfd, wharfdCommand } from "./lib/start-wharfd.js";
import { engineJson } from "./lib/engine-request.js";

const fixtures = inject("fixtures");
const BUSYBOX = fixtures.busybox.reference;
const HTTPD = fixtures.httpd.reference;
const PAGE = "hello from wharf httpd fixture";

type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
}

const sfx = () => randomBytes(3).toString("hex");
const docker = (e: Engine, args: string[], opts: { timeout?: number } = {}) => dockerCli(e.env, args, opts);
const ok = async (e: Engine, args: string[]) => {
  const r = await docker(e, args);
  if (r.code !== 0) throw new Error(`${e.name}: docker ${args.join(" ")} → ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
};

/** GET http://127.0.0.1:port/ from the host, retried until the server in the container answers. */
function fetchPage(port: number, host = "127.0.0.1"): Promise<string> {
  return waitFor(`http://${host}:${port}/`, () => new Promise<string | undefined>((resolve) => {
    const req = get({ host, port, path: "/", timeout: 2000 }, (res) => {
      let b = "";
      res.on("data", (d) => (b += d));
      res.on("end", () => resolve(b));
    });
    req.on("error", () => resolve(undefined));
    req.on("timeout", () => req.destroy());
  }), { timeoutMs: 10_000, intervalMs: 100 });
}

/** A busybox client command that prints the page or a marker, never hanging (busybox wget -T segfaults here). */
const wgetCmd = (url: string) => `timeout 4 wget -q -O - ${url} || echo UNREACHABLE`;

// ---- scenarios shared by both engines -------------------------------------------------------------------------

async function scenarioUserNetworks(e: Engine): Promise<void> {
  const s = sfx();
  const [a, b, web] = [`neta-${s}`, `netb-${s}`, `web-${s}`];
  try {
    await ok(e, ["network", "create", a]);
    await ok(e, ["network", "create", b]);
    await ok(e, ["run", "-d", "--name", web, "--network", a, "--network-alias", `www-${s}`, HTTPD]);
    const ip = await ok(e, ["inspect", "-f", `{{(index .NetworkSettings.Networks "${a}").IPAddress}}`, web]);
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // By container name, by network alias, by --link alias: all resolve to the web container on network a.
    const byName = await ok(e, ["run", "--rm", "--network", a, BUSYBOX, "sh", "-c", wgetCmd(`http://${web}/`)]);
    expect(byName).toContain(PAGE);
    const byAlias = await ok(e, ["run", "--rm", "--network", a, BUSYBOX, "sh", "-c", `nslookup www-${s}; ${wgetCmd(`http://www-${s}/`)}`]);
    expect(byAlias).toContain(`Address: ${ip}`);
    expect(byAlias).toContain(PAGE);
    const byLink = await ok(e, ["run", "--rm", "--network", a, "--link", `${web}:lnk-${s}`, BUSYBOX, "sh", "-c", wgetCmd(`http://lnk-${s}/`)]);
    expect(byLink).toContain(PAGE);
    // From network b: the name does not resolve and the address is not reachable (inter-network isolation).
    const other = await ok(e, ["run", "--rm", "--network", b, BUSYBOX, "sh", "-c", `nslookup ${web} >/dev/null 2>&1 && echo RESOLVED; ${wgetCmd(`http://${ip}/`)}`]);
    expect(other).not.toContain("RESOLVED");
    expect(other).not.toContain(PAGE);
    expect(other).toContain("UNREACHABLE");
  } finally {
    await docker(e, ["rm", "-f", web]);
    await docker(e, ["network", "rm", a, b]);
  }
}

/**
 * Names the embedded DNS does not know are relayed upstream: to the container's `--dns` server, here a resolver of
 * this test on the default bridge's gateway (a host address) that answers every A question with 192.0.2.99.
 */
async function scenarioDnsRelay(e: Engine): Promise<void> {
  const gw = await ok(e, ["network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "bridge"]);
  const upstream = createSocket("udp4");
  const asked: string[] = [];
  upstream.on("message", (msg, r) => {
    const q = parseQuestion(msg);
    if (!q) return;
    asked.push(q.name);
    upstream.send(buildAnswer(msg, q, q.type === 1 ? ["192.0.2.99"] : []), r.port, r.address);
  });
  await new Promise<void>((res, rej) => {
    upstream.once("error", rej);
    upstream.bind(53, gw, () => res());
  });
  const net = `relay-${sfx()}`;
  try {
    await ok(e, ["network", "create", net]);
    const out = await ok(e, ["run", "--rm", "--network", net, "--dns", gw, BUSYBOX, "sh", "-c", "nslookup -type=a outside.wharf.test 2>&1 | tail -n 3"]);
    expect(out).toContain("Address: 192.0.2.99");
    expect(asked).toContain("outside.wharf.test");
  } finally {
    upstream.close();
    await docker(e, ["network", "rm", net]);
  }
}

/**
 * Outbound NAT: an "outside" host of this test (a network namespace behind a veth, a TCP server that answers with
 * the peer address it sees) is reached from a container through the host's routing, and sees the host's address on
 * that link, not the container's (MASQUERADE).
 */
async function scenarioOutboundNat(e: Engine): Promise<void> {
  const { subnet } = await pickFreeSubnet();
  const net = subnet.replace(/0\/24$/, "");
  const id = sfx();
  const [ns, hostEnd, nsEnd] = [`whout${id}`, `wo${id}h`, `wo${id}p`];
  execFileSync("ip", ["netns", "add", ns]);
  let server: ChildProcess | undefined;
  try {
    execFileSync("ip", ["link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd, "netns", ns]);
    execFileSync("ip", ["addr", "add", `${net}1/24`, "dev", hostEnd]);
    execFileSync("ip", ["link", "set", hostEnd, "up"]);
    execFileSync("ip", ["-n", ns, "addr", "add", `${net}2/24`, "dev", nsEnd]);
    execFileSync("ip", ["-n", ns, "link", "set", nsEnd, "up"]);
    server = spawn("ip", ["netns", "exec", ns, process.execPath, "-e", "require('net').createServer((s) => s.end(s.remoteAddress + '\\n')).listen(8080, '0.0.0.0', () => console.log('ready'))"], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((res) => server!.stdout!.once("data", () => res()));
    const seen = await ok(e, ["run", "--rm", BUSYBOX, "sh", "-c", `timeout 4 nc ${net}2 8080 </dev/null || echo UNREACHABLE`]);
    expect(seen).toBe(`${net}1`);
  } finally {
    server?.kill();
    execFileSync("ip", ["netns", "del", ns]);
  }
}

async function scenarioInternal(e: Engine): Promise<void> {
  const s = sfx();
  const [net, peer, pub] = [`int-${s}`, `peer-${s}`, `intpub-${s}`];
  try {
    await ok(e, ["network", "create", "--internal", net]);
    await ok(e, ["run", "-d", "--name", peer, "--network", net, HTTPD]);
    await ok(e, ["run", "-d", "--name", pub, "-p", "80", HTTPD]);
    const hostPort = Number((await ok(e, ["port", pub, "80"])).split("\n")[0]!.split(":").pop());
    const gw = await ok(e, ["network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", net]);
    // On the internal network: the peer by name, but nothing beyond the bridge (a published port of another network
    // through the host address).
    const out = await ok(e, ["run", "--rm", "--network", net, BUSYBOX, "sh", "-c", `${wgetCmd(`http://${peer}/`)}; ${wgetCmd(`http://${gw}:${hostPort}/`)}`]);
    expect(out.split("\n").filter((l) => l.includes(PAGE))).toHaveLength(1);
    expect(out).toContain("UNREACHABLE");
  } finally {
    await docker(e, ["rm", "-f", peer, pub]);
    await docker(e, ["network", "rm", net]);
  }
}

async function scenarioHostAndNone(e: Engine): Promise<void> {
  const hostIfaces = readdirSync("/sys/class/net");
  const host = await ok(e, ["run", "--rm", "--network", "host", BUSYBOX, "sh", "-c", "hostname; ls /sys/class/net"]);
  const [hn, ...ifaces] = host.split(/\s+/);
  expect(hn).toBe(execFileSync("hostname").toString().trim());
  expect(ifaces).toContain("eth0");
  expect(ifaces.filter((i) => hostIfaces.includes(i)).length).toBeGreaterThan(2);
  const none = await ok(e, ["run", "--rm", "--network", "none", BUSYBOX, "sh", "-c", "ls /sys/class/net; ip -o -4 addr"]);
  expect(none.split("\n")[0]).toBe("lo");
  expect(none).toContain("inet 127.0.0.1/8");
  expect(none).not.toContain("eth0");
  const n = `none-${sfx()}`;
  await ok(e, ["create", "--name", n, "--network", "none", BUSYBOX]);
  expect(await ok(e, ["inspect", "-f", "{{json .NetworkSettings.Networks}}", n])).toMatch(/^\{"none":\{/);
  await ok(e, ["rm", n]);
  // --add-host and --dns/--dns-search on the default bridge land in /etc/hosts and resolv.conf.
  const files = await ok(e, ["run", "--rm", "--add-host", "extra.example:10.1.2.3", "--dns", "10.9.9.9", "--dns-search", "corp.example", BUSYBOX, "sh", "-c", "grep extra /etc/hosts; cat /etc/resolv.conf"]);
  expect(files).toMatch(/^10\.1\.2\.3\s+extra\.example$/m);
  expect(files).toMatch(/^nameserver 10\.9\.9\.9$/m);
  expect(files).toMatch(/^search corp\.example$/m);
  expect(files).not.toMatch(/^nameserver (?!10\.9\.9\.9)/m);
  // --network container:<name> joins that container's namespace: same interfaces and address.
  const owner = `owner-${sfx()}`;
  try {
    await ok(e, ["run", "-d", "--name", owner, BUSYBOX, "sleep", "60"]);
    const [mine, joined] = await Promise.all([
      ok(e, ["exec", owner, "sh", "-c", "ip -o -4 addr show eth0 | awk '{print $4}'"]),
      ok(e, ["run", "--rm", "--network", `container:${owner}`, BUSYBOX, "sh", "-c", "ip -o -4 addr show eth0 | awk '{print $4}'"]),
    ]);
    expect(mine).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    expect(joined).toBe(mine);
  } finally {
    await docker(e, ["rm", "-f", owner]);
  }
}

async function scenarioPorts(e: Engine): Promise<void> {
  const s = sfx();
  const [fixed, random] = [`pub-${s}`, `rnd-${s}`];
  const port = await freePort();
  try {
    await ok(e, ["run", "-d", "--name", fixed, "-p", `127.0.0.1:${port}:80`, HTTPD]);
    expect(await fetchPage(port)).toContain(PAGE);
    expect(await ok(e, ["port", fixed])).toBe(`80/tcp -> 127.0.0.1:${port}`);
    await ok(e, ["run", "-d", "--name", random, "-p", "80", HTTPD]);
    const shown = (await ok(e, ["port", random, "80"])).split("\n")[0]!;
    expect(shown).toMatch(/^0\.0\.0\.0:\d+$/);
    const hostPort = Number(shown.split(":")[1]);
    expect(await fetchPage(hostPort)).toContain(PAGE);
    expect(await ok(e, ["ps", "--filter", `name=${random}`, "--format", "{{.Ports}}"])).toContain(`0.0.0.0:${hostPort}->80/tcp`);
    const inspected = JSON.parse(await ok(e, ["inspect", "-f", "{{json .NetworkSettings.Ports}}", random])) as Record<string, { HostIp: string; HostPort: string }[]>;
    expect(inspected["80/tcp"]![0]).toEqual({ HostIp: "0.0.0.0", HostPort: String(hostPort) });
    // -P publishes every exposed port (the httpd image exposes 80/tcp) on a random host port.
    await ok(e, ["run", "-d", "--name", `all-${s}`, "-P", HTTPD]);
    const allPort = Number((await ok(e, ["port", `all-${s}`, "80/tcp"])).split("\n")[0]!.split(":").pop());
    expect(await fetchPage(allPort)).toContain(PAGE);
    // UDP: a datagram sent to a published UDP port on 127.0.0.1 arrives in the container's netns (busybox has no UDP
    // server; the kernel counts the datagram for a port nobody listens on, in the container's /proc/net/snmp).
    const udp = `udp-${s}`;
    await ok(e, ["run", "-d", "--name", udp, "-p", "127.0.0.1::5353/udp", BUSYBOX, "sleep", "60"]);
    const udpPort = Number((await ok(e, ["port", udp, "5353/udp"])).split(":").pop());
    const noPorts = async () => {
      const snmp = (await ok(e, ["exec", udp, "cat", "/proc/net/snmp"])).split("\n").filter((l) => l.startsWith("Udp:"));
      return Number(snmp[1]!.split(/\s+/)[snmp[0]!.split(/\s+/).indexOf("NoPorts")]);
    };
    const before = await noPorts();
    const sock = createSocket("udp4");
    try {
      await waitFor("a datagram in the container", async () => {
        await new Promise<void>((r) => sock.send("ping-udp", udpPort, "127.0.0.1", () => r()));
        return (await noPorts()) > before ? true : undefined;
      }, { timeoutMs: 10_000, intervalMs: 200 });
    } finally {
      sock.close();
    }
    // Another container reaches the published port through a host address (its gateway, the bridge's address).
    const hairpin = await ok(e, ["run", "--rm", BUSYBOX, "sh", "-c", `gw=$(ip route | awk '/default/{print $3}'); ${wgetCmd(`http://$gw:${hostPort}/`)}`]);
    expect(hairpin).toContain(PAGE);
  } finally {
    await docker(e, ["rm", "-f", fixed, random, `udp-${s}`, `all-${s}`]);
  }
}

async function scenarioCompose(e: Engine): Promise<void> {
  const dir = await tempDir("wh-compose-");
  const project = `whc${sfx()}`;
  const compose = (args: string[]) => runCommand("docker-compose", ["-p", project, ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", ...e.env }, cwd: dir.path, timeout: 120_000 });
  writeFileSync(join(dir.path, "docker-compose.yml"), [
    'version: "3"',
    "services:",
    "  web:",
    `    image: ${HTTPD}`,
    "    volumes: [\"data:/data\"]",
    "  client:",
    `    image: ${BUSYBOX}`,
    '    command: ["sleep", "600"]',
    "volumes:",
    "  data: {}",
    "",
  ].join("\n"));
  try {
    const up = await compose(["up", "-d"]);
    expect({ code: up.code, stderr: up.code ? up.stderr : "" }).toEqual({ code: 0, stderr: "" });
    const page = await compose(["exec", "-T", "client", "sh", "-c", wgetCmd("http://web/")]);
    expect(page.stdout).toContain(PAGE);
    expect(await ok(e, ["network", "ls", "--filter", `name=${project}_default`, "--format", "{{.Name}}"])).toBe(`${project}_default`);
    expect(await ok(e, ["volume", "ls", "--filter", `name=${project}_data`, "--format", "{{.Name}}"])).toBe(`${project}_data`);
    const down = await compose(["down", "-v"]);
    expect(down.code).toBe(0);
    expect(await ok(e, ["ps", "-a", "--filter", `label=com.docker.compose.project=${project}`, "-q"])).toBe("");
    expect(await ok(e, ["network", "ls", "--filter", `name=${project}`, "-q"])).toBe("");
    expect(await ok(e, ["volume", "ls", "--filter", `name=${project}`, "-q"])).toBe("");
  } finally {
    await compose(["down", "-v", "-t", "0"]);
    dir.remove();
  }
}

// ---- wharfd ----------------------------------------------------------------------------------------------------

/** Our kernel objects: bridges of our network records, veths with our prefix, rules in our table, mounts under our dir. */
function wharfdFootprint(w: Wharfd, bridge: string, vethPrefix: string) {
  const links = readdirSync("/sys/class/net");
  const netDir = join(w.dataRoot, "network");
  const recorded = readdirSync(netDir).filter((f) => f.endsWith(".json")).map((f) => (JSON.parse(readFileSync(join(netDir, f), "utf8")) as { bridge?: string }).bridge);
  const table = execFileSync("nft", ["-a", "list", "table", "inet", `wharf_${bridge}`]).toString();
  return {
    bridges: links.filter((l) => recorded.includes(l)).length,
    veths: links.filter((l) => l.startsWith(vethPrefix)).length,
    rules: (table.match(/# handle \d+\n/g) ?? []).length,
    mounts: readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((l) => l.includes(w.dir)).length,
  };
}

/** The whole nft ruleset (its warnings about iptables-nft tables on stderr dropped). */
function nftRuleset(): string {
  return execFileSync("nft", ["list", "ruleset"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
}

/** Processes still in the cgroup of one of `ids` (a container that outlived its removal). */
function processesOf(ids: string[]): number {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const cg = readFileSync(`/proc/${p}/cgroup`, "utf8");
      return ids.some((id) => cg.includes(id));
    } catch {
      return false;
    }
  }).length;
}

const apiRequest = engineJson;

describe("networks on wharfd (no dockerd of ours running)", () => {
  let wharfd: Wharfd;
  let e: Engine;
  let bridge: string;
  beforeAll(async () => {
    wharfd = await startWharfd();
    bridge = (JSON.parse(readFileSync(join(wharfd.dir, "test-bridge.json"), "utf8")) as { bridge: string }).bridge;
    e = { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir } };
    await ok(e, ["pull", "-q", BUSYBOX]);
    await ok(e, ["pull", "-q", HTTPD]);
  }, 60_000);
  afterAll(async () => {
    const left = (await docker(e, ["ps", "-aq"]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
    if (left.length) await docker(e, ["rm", "-f", ...left]);
    await wharfd?.stop();
    wharfd?.cleanup();
  }, 60_000);

  it("two containers on a user-defined network reach each other by name, alias and --link alias; another network cannot", () => scenarioUserNetworks(e), 60_000);
  it("--network host shares the host's interfaces and hostname; --network none has only loopback; container:<name> joins its netns; --add-host/--dns", () => scenarioHostAndNone(e), 30_000);
  it("--internal: peers by name, nothing beyond the bridge", () => scenarioInternal(e), 60_000);
  it("outbound NAT: a host beyond the host's routing sees the host's address, not the container's", () => scenarioOutboundNat(e), 30_000);
  it("embedded DNS relays unknown names to the container's --dns server", () => scenarioDnsRelay(e), 30_000);
  it("-p 127.0.0.1:<port>:80 is fetched from the host; -p 80 gets a random port shown by docker port/ps/inspect; -P; a UDP port delivers; a container reaches a port via the host address", () => scenarioPorts(e), 60_000);
  it("docker-compose up -d: client reaches web by service name on the project network with a named volume; down -v removes all", () => scenarioCompose(e), 120_000);

  it("leak check: 200 cycles of network create → 2 containers with published ports → remove all leave nothing behind", async () => {
    const vethPrefix = `wv${createHash("sha256").update(bridge).digest("hex").slice(0, 5)}`;
    const before = wharfdFootprint(wharfd, bridge, vethPrefix);
    const sock = wharfd.socketPath;
    const created: string[] = [];
    const bridges: string[] = [];
    const cycle = async (i: number) => {
      const net = await apiRequest(sock, "POST", "/v1.41/networks/create", { Name: `leak-${i}-${sfx()}` });
      expect(net.status).toBe(201);
      bridges.push(`br-${(net.json.Id as string).slice(0, 12)}`);
      const ids: string[] = [];
      for (let k = 0; k < 2; k++) {
        const c = await apiRequest(sock, "POST", "/v1.41/containers/create", { Image: BUSYBOX, Cmd: ["sleep", "60"], HostConfig: { NetworkMode: net.json.Id, PortBindings: { "80/tcp": [{ HostPort: "" }], "53/udp": [{ HostIp: "127.0.0.1", HostPort: "" }] } } });
        expect(c.status).toBe(201);
        ids.push(c.json.Id);
        created.push(c.json.Id);
        expect((await apiRequest(sock, "POST", `/v1.41/containers/${c.json.Id}/start`)).status).toBe(204);
      }
      const ports = (await apiRequest(sock, "GET", `/v1.41/containers/${ids[0]}/json`)).json.NetworkSettings.Ports;
      expect(Object.keys(ports).sort()).toEqual(["53/udp", "80/tcp"]);
      for (const id of ids) expect((await apiRequest(sock, "DELETE", `/v1.41/containers/${id}?force=1`)).status).toBe(204);
      expect((await apiRequest(sock, "DELETE", `/v1.41/networks/${net.json.Id}`)).status).toBe(204);
    };
    const started = Date.now();
    const workers = 8;
    await Promise.all(Array.from({ length: workers }, async (_, w) => {
      for (let i = w; i < 200; i += workers) await cycle(i);
    }));
    // Host veths of stopped containers are deleted in the background (engine/src/networks/README.md): wait for them.
    await waitFor("our veths gone", async () => (readdirSync("/sys/class/net").some((l) => l.startsWith(vethPrefix)) ? undefined : true), { timeoutMs: 15_000, intervalMs: 100 });
    const after = wharfdFootprint(wharfd, bridge, vethPrefix);
    expect(after).toEqual(before);
    expect(after.veths).toBe(0);
    expect(bridges.filter((b) => existsSync(`/sys/class/net/${b}`))).toEqual([]);
    expect(processesOf(created)).toBe(0);
    const ruleset = nftRuleset();
    expect(bridges.filter((b) => ruleset.includes(`"${b}"`))).toEqual([]);
    console.info(`leak check: 200 cycles in ${((Date.now() - started) / 1000).toFixed(1)} s; footprint ${JSON.stringify(after)}`);
  }, 300_000);

  it("automatic subnets never overlap a host route: taken while wharfd was stopped, the network moves to a free one", async () => {
    const net = `auto-${sfx()}`;
    await ok(e, ["network", "create", net]);
    const subnetOf = () => ok(e, ["network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", net]);
    const first = await subnetOf();
    await wharfd.stop();
    // Meanwhile another owner takes that subnet (a dummy interface of this test).
    const squatter = `whsq${sfx()}`;
    execFileSync("ip", ["link", "add", squatter, "type", "bridge"]);
    try {
      execFileSync("ip", ["addr", "add", first.replace(/\.0\/(\d+)$/, ".1/$1"), "dev", squatter]);
      execFileSync("ip", ["link", "set", squatter, "up"]);
      wharfd = await startWharfd({ dir: wharfd.dir });
      const second = await subnetOf();
      expect(second).not.toBe(first);
      expect(await ok(e, ["run", "--rm", "--network", net, BUSYBOX, "sh", "-c", "ip -o -4 addr show eth0 | awk '{print $4}'"])).toMatch(new RegExp(`^${second.split(".").slice(0, 2).join("\\.")}\\.`));
    } finally {
      execFileSync("ip", ["link", "del", squatter]);
      if (wharfd.process.exitCode !== null) wharfd = await startWharfd({ dir: wharfd.dir });
      await docker(e, ["network", "rm", net]);
    }
  }, 60_000);

  it("a second wharfd for the same bridge is refused before it touches the first one's bridge or rules", async () => {
    const dir = await tempDir("wh-second-");
    try {
      const { command, args } = wharfdCommand(["--host", `unix://${join(dir.path, "w.sock")}`, "--data-root", join(dir.path, "data"), "--exec-root", join(dir.path, "exec"), "--bridge", bridge]);
      const tableBefore = execFileSync("nft", ["list", "table", "inet", `wharf_${bridge}`]).toString();
      const r = await runCommand(command, args, { cwd: REPO_ROOT, timeout: 60_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`another wharfd already uses the bridge ${bridge}`);
      expect(execFileSync("nft", ["list", "table", "inet", `wharf_${bridge}`]).toString()).toBe(tableBefore);
      expect(await ok(e, ["run", "--rm", BUSYBOX, "sh", "-c", "ip -o -4 addr show eth0 | wc -l"])).toBe("1");
    } finally {
      dir.remove();
    }
  }, 60_000);

  it("after kill -9: restart repairs its own rules and veths, keeps a running container's published port, frees a dead one's", async () => {
    const s = sfx();
    const [keep, dead] = [`keep-${s}`, `dead-${s}`];
    const [p1, p2] = [await freePort(), await freePort()];
    await ok(e, ["run", "-d", "--name", keep, "-p", `127.0.0.1:${p1}:80`, HTTPD]);
    await ok(e, ["run", "-d", "--name", dead, "-p", `127.0.0.1:${p2}:80`, HTTPD]);
    expect(await fetchPage(p1)).toContain(PAGE);
    const deadPid = Number(await ok(e, ["inspect", "-f", "{{.State.Pid}}", dead]));
    await wharfd.kill();
    // While the engine is down: the dead container's init goes away, a stray veth of ours appears.
    process.kill(deadPid, "SIGKILL");
    const vethPrefix = `wv${createHash("sha256").update(bridge).digest("hex").slice(0, 5)}`;
    const stray = `${vethPrefix}zzzzzzz`;
    execFileSync("ip", ["link", "add", stray, "type", "veth", "peer", "name", `${stray.slice(0, 12)}-p`]);
    execFileSync("ip", ["link", "set", stray, "master", bridge]);
    wharfd = await startWharfd({ dir: wharfd.dir });
    expect(existsSync(`/sys/class/net/${stray}`)).toBe(false);
    expect(await fetchPage(p1)).toContain(PAGE);
    const table = execFileSync("nft", ["list", "table", "inet", `wharf_${bridge}`]).toString();
    expect(table).toContain(`dport ${p1} `);
    expect(table).not.toContain(`dport ${p2} `);
    expect(await ok(e, ["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", dead])).toMatch(/^exited /);
    // The dead container's port is free again: it starts on it.
    await ok(e, ["start", dead]);
    expect(await fetchPage(p2)).toContain(PAGE);
    await ok(e, ["rm", "-f", keep, dead]);
  }, 90_000);
});

// ---- dockerd, and both side by side -------------------------------------------------------------------------

describe("the same scenarios against dockerd 20.10, and the network API and its errors side by side", () => {
  let dockerd: Dockerd;
  let wharfd: Wharfd;
  const engines: Engine[] = [];
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<[T, T]> => {
    const [a, b] = await Promise.all(engines.map(f));
    return [a!, b!];
  };
  beforeAll(async () => {
    [dockerd, wharfd] = await Promise.all([startDockerd({ iptables: true }), startWharfd()]);
    engines.push({ name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir } }, { name: "dockerd", env: dockerd.env as Env });
    await both((e) => ok(e, ["pull", "-q", BUSYBOX]));
    await both((e) => ok(e, ["pull", "-q", HTTPD]));
  }, 120_000);
  afterAll(async () => {
    for (const e of engines) {
      const left = (await docker(e, ["ps", "-aq"]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
      if (left.length) await docker(e, ["rm", "-f", ...left]);
    }
    await Promise.all([dockerd?.stop(), wharfd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);
  const dockerdOnly = () => engines[1]!;

  it("dockerd: user-defined networks by name/alias/link, isolation", () => scenarioUserNetworks(dockerdOnly()), 60_000);
  it("dockerd: host, none and container:<name>", () => scenarioHostAndNone(dockerdOnly()), 30_000);
  it("dockerd: --internal", () => scenarioInternal(dockerdOnly()), 60_000);
  it("dockerd: outbound NAT", () => scenarioOutboundNat(dockerdOnly()), 30_000);
  it("dockerd: embedded DNS relay to --dns", () => scenarioDnsRelay(dockerdOnly()), 30_000);
  it("dockerd: published ports (tcp, udp) from the host and via the host address", () => scenarioPorts(dockerdOnly()), 60_000);
  it("dockerd: docker-compose web + client with a named volume, down -v", () => scenarioCompose(dockerdOnly()), 120_000);

  it("network create/ls/inspect/connect/disconnect/rm/prune print the same on both", async () => {
    const s = sfx();
    const subnets = await Promise.all(engines.map(() => pickFreeSubnet()));
    const [n, c] = [`api-${s}`, `apic-${s}`];
    const since = Math.floor(Date.now() / 1000) - 1;
    const outs = await Promise.all(engines.map(async (e, i) => {
      const { subnet } = subnets[i]!;
      const gw = subnet.replace(/0\/24$/, "254");
      const lines: string[] = [];
      const say = async (args: string[]) => {
        const r = await docker(e, args);
        lines.push(`${args[0]} ${args[1]} → ${r.code} ${`${r.stdout.trim()} ${r.stderr.trim()}`.replace(/[0-9a-f]{64}/g, "<id>").replaceAll(subnet, "<subnet>").replaceAll(gw, "<gw>").replaceAll(subnet.replace(/0\/24$/, ""), "<net>.")}`);
        return r;
      };
      await say(["network", "create", "--subnet", subnet, "--gateway", gw, "--label", `t=${s}`, "--internal", "-o", "com.docker.network.driver.mtu=1400", n]);
      await say(["network", "ls", "--filter", `label=t=${s}`, "--format", "{{.Name}} {{.Driver}} {{.Scope}}"]);
      await say(["network", "ls", "--filter", `label=t=${s}`, "--filter", "driver=bridge", "--filter", "type=custom", "--filter", "scope=local", "--filter", "dangling=true", "--format", "{{.Name}}"]);
      await say(["network", "ls", "--filter", "type=builtin", "--filter", "driver=null", "--format", "{{.Name}}"]);
      await say(["network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Internal}} {{json .IPAM.Config}} {{json .Labels}}", n]);
      await say(["run", "-d", "--name", c, BUSYBOX, "sleep", "60"]);
      await say(["network", "connect", "--alias", "al", n, c]);
      // API ≥ 1.44 (wharfd speaks 1.50 with the CLI) moved the container's short ID from Aliases to DNSNames;
      // dockerd 20.10 (API 1.41) still lists it in Aliases: compare without it.
      const ep = await docker(e, ["inspect", "-f", `{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}{{(index .NetworkSettings.Networks "${n}").Aliases}}`, c]);
      const shortId = (await ok(e, ["inspect", "-f", "{{.Id}}", c])).slice(0, 12);
      lines.push(`inspect → ${ep.code} ${ep.stdout.trim().replace(` ${shortId}]`, "]")}`);
      await say(["network", "inspect", "-f", "{{len .Containers}}", n]);
      await say(["exec", c, "sh", "-c", "ls /sys/class/net | sort | tr '\\n' ' '; cat /sys/class/net/eth1/mtu; ip -o -4 addr show eth1 | awk '{print $4}'"]);
      // A static --ip on a user subnet; the same address again is refused at start.
      await say(["run", "-d", "--name", `${c}-ip`, "--network", n, "--ip", gw.replace(/254$/, "50"), BUSYBOX, "sleep", "60"]);
      await say(["inspect", "-f", `{{(index .NetworkSettings.Networks "${n}").IPAddress}} {{json (index .NetworkSettings.Networks "${n}").IPAMConfig}}`, `${c}-ip`]);
      await say(["run", "-d", "--name", `${c}-dup`, "--network", n, "--ip", gw.replace(/254$/, "50"), BUSYBOX, "sleep", "60"]);
      await say(["rm", "-f", `${c}-ip`, `${c}-dup`]);
      await say(["network", "rm", n]);
      await say(["network", "disconnect", n, c]);
      await say(["network", "inspect", "-f", "{{len .Containers}}", n]);
      await say(["rm", "-f", c]);
      await say(["network", "prune", "-f", "--filter", `label=t=${s}`]);
      await say(["network", "ls", "--filter", `label=t=${s}`, "-q"]);
      // The event stream saw the network's life: create, connect, disconnect, destroy (and the container's).
      const ev = await docker(e, ["events", "--since", String(since), "--until", String(Math.floor(Date.now() / 1000) + 1), "--filter", "type=network", "--filter", `network=${n}`, "--format", "{{.Action}} {{.Actor.Attributes.name}}"]);
      // (dockerd 20.10 reports a running container's disconnect twice, endpoint leave and delete; compared once.)
      lines.push(`events → ${ev.code} ${ev.stdout.trim().split("\n").filter((l, k, all) => l !== all[k - 1]).join(", ")}`);
      return lines;
    }));
    expect(outs[0]).toEqual(outs[1]);
    expect(outs[0]).toContain(`network prune → 0 Deleted Networks:\n${n} `);
    expect(outs[0]!.filter((l) => l.startsWith("run -d"))[2]).toMatch(/^run -d → 125 .*Address already in use/s);
    expect(outs[0]).toContain(`inspect -f → 0 <net>.50 {"IPv4Address":"<net>.50"} `);
  }, 90_000);

  it("bad input: invalid CIDRs, overlapping subnets, unknown networks, ports in use, duplicate names → dockerd's errors, nothing changed", async () => {
    const s = sfx();
    const subnets = await Promise.all(engines.map(() => pickFreeSubnet()));
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen({ host: "127.0.0.1", port: 0 }, () => r()));
    const busyPort = (busy.address() as { port: number }).port;
    try {
      const outs = await Promise.all(engines.map(async (e, i) => {
        const { subnet } = subnets[i]!;
        const overlap = subnet.replace(/\.0\/24$/, ".128/25");
        const lines: string[] = [];
        const say = async (args: string[]) => {
          const r = await docker(e, args);
          lines.push(`${args.slice(0, 2).join(" ")} → ${r.code} ${r.stderr.trim().replaceAll(subnet, "<subnet>").replaceAll(overlap, "<overlap>").replace(/[0-9a-f]{64}/g, "<id>").replace(/\([0-9a-f]{64}\)/g, "(<ep>)")}`);
          return r;
        };
        const before = await ok(e, ["network", "ls", "-q"]);
        await say(["network", "create", "--subnet", "10.1.0.0/33", `bad-${s}`]);
        await say(["network", "create", "--subnet", "10.1.0.300/24", `bad-${s}`]);
        await say(["network", "create", "--subnet", subnet, `one-${s}`]);
        await say(["network", "create", "--subnet", overlap, `two-${s}`]);
        await say(["network", "create", `one-${s}`]);
        // (An unknown driver costs dockerd 15 s of plugin lookups; a second `host` network is refused at once.)
        await say(["network", "create", "-d", "host", `bad-${s}`]);
        await say(["network", "inspect", `nosuch-${s}`]);
        await say(["network", "rm", `nosuch-${s}`]);
        await say(["network", "rm", "bridge"]);
        await say(["network", "connect", `nosuch-${s}`, "nosuch"]);
        await say(["run", "--rm", "--network", `nosuch-${s}`, BUSYBOX, "true"]);
        await say(["run", "--rm", "--network-alias", "x", BUSYBOX, "true"]);
        await say(["run", "-d", "--name", `busy-${s}`, "-p", `127.0.0.1:${busyPort}:80`, HTTPD]);
        const state = await ok(e, ["inspect", "-f", "{{.State.Running}} {{json .NetworkSettings.Ports}}", `busy-${s}`]);
        lines.push(`busy container: ${state}`);
        await ok(e, ["rm", "-f", `busy-${s}`]);
        await ok(e, ["network", "rm", `one-${s}`]);
        expect(await ok(e, ["network", "ls", "-q"])).toBe(before);
        return lines;
      }));
      // Exit codes and messages as dockerd's, line by line.
      expect(outs[0]).toEqual(outs[1]);
      expect(outs[0]!.find((l) => l.startsWith("run -d"))).toContain(`127.0.0.1:${busyPort}: bind: address already in use`);
      expect(outs[0]).toContain("busy container: false {}");
    } finally {
      busy.close();
    }
    // wharfd's table has no rule for the refused port.
    expect(nftRuleset()).not.toContain(`dport ${busyPort} `);
  }, 90_000);
});
