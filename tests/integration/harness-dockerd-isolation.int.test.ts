// Several harness dockerds at once: each has its own bridge, subnet and cgroup parent, they run and publish
// side by side, stopping one leaves the other working, and once all are stopped the host is as before.
// The iptables=false option keeps a dockerd off the firewall entirely.
import { existsSync } from "node:fs";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dockerCli, freePort, HTTPD_INDEX_HTML, runCommand, startDockerd, type Dockerd } from "../harness/index.js";
import { cgroupDirs } from "../harness/host-cgroups.js";
import { dockerFirewallLeftovers, firewallLines } from "../harness/host-firewall.js";

const fixtures = inject("fixtures");


async function httpGet(port: number): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const body = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.text())
      .catch(() => "");
    if (body !== "") return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  return "";
}

async function publishHttpd(d: Dockerd): Promise<number> {
  const port = await freePort();
  const run = await dockerCli(d.env, ["run", "-d", "-p", `127.0.0.1:${port}:80`, fixtures.httpd.reference]);
  expect(run.code).toBe(0);
  return port;
}

describe("several harness dockerds", () => {
  const started: Dockerd[] = [];
  afterAll(async () => {
    for (const d of started) await d.stop();
  });

  it("run side by side on separate bridges, subnets and cgroup parents, and clean up fully", async () => {
    const before = await firewallLines();
    const a = await startDockerd();
    started.push(a);
    const portA = await publishHttpd(a);
    expect(await httpGet(portA)).toBe(HTTPD_INDEX_HTML);

    const b = await startDockerd();
    started.push(b);
    const c = await startDockerd({ iptables: false });
    started.push(c);
    expect(new Set([a.bridge, b.bridge, c.bridge]).size).toBe(3);
    expect(new Set([a.subnet, b.subnet, c.subnet]).size).toBe(3);
    expect(new Set([a.cgroupParent, b.cgroupParent, c.cgroupParent]).size).toBe(3);

    const portB = await publishHttpd(b);
    expect(await httpGet(portB)).toBe(HTTPD_INDEX_HTML);
    expect(await httpGet(portA)).toBe(HTTPD_INDEX_HTML);
    const echoC = await dockerCli(c.env, ["run", "--rm", fixtures.busybox.reference, "echo", "from-c"]);
    expect(echoC.stdout).toBe("from-c\n");
    // With --iptables=false, dockerd wrote no rule for its bridge.
    expect((await runCommand("iptables-nft-save", [])).stdout).not.toContain(c.bridge);
    expect(cgroupDirs(`${a.cgroupParent}`).length).toBeGreaterThan(0);

    // Stopping A removes A's rules and bridge only: B keeps serving and running containers.
    await a.stop();
    expect(existsSync(`/sys/class/net/${a.bridge}`)).toBe(false);
    expect(cgroupDirs(a.cgroupParent)).toEqual([]);
    const rulesAfterA = (await runCommand("iptables-nft-save", [])).stdout;
    expect(rulesAfterA).not.toContain(a.bridge);
    expect(rulesAfterA).toContain(b.bridge);
    expect(await httpGet(portB)).toBe(HTTPD_INDEX_HTML);
    const echoB = await dockerCli(b.env, ["run", "--rm", fixtures.busybox.reference, "echo", "from-b"]);
    expect(echoB.stdout).toBe("from-b\n");

    await b.stop();
    await c.stop();
    for (const d of [a, b, c]) {
      expect(existsSync(d.rootDir)).toBe(false);
      expect(existsSync(`/sys/class/net/${d.bridge}`)).toBe(false);
      expect(cgroupDirs(d.cgroupParent)).toEqual([]);
    }
    const all = [a, b, c];
    expect(await dockerFirewallLeftovers(before, all.map((d) => d.bridge), all.map((d) => d.subnet))).toEqual([]);
  });

  it("with a shared cgroup parent (/docker) removes only the cgroups of containers it ran", async () => {
    const parentExisted = cgroupDirs("/docker").length > 0;
    const d = await startDockerd({ cgroupParent: "/docker", iptables: false });
    started.push(d);
    const run = await dockerCli(d.env, ["run", "-d", fixtures.busybox.reference, "sleep", "1000"]);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(cgroupDirs(`/docker/${id}`).length).toBeGreaterThan(0);
    await d.stop();
    expect(cgroupDirs(`/docker/${id}`)).toEqual([]);
    if (!parentExisted) expect(cgroupDirs("/docker")).toEqual([]);
  });
});
