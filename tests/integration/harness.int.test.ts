// Acceptance for the integration harness (tests/harness): the fixture images in the run's registry are valid
// images for a real dockerd 20.10 driven by the real docker CLI, dockerd runs containers and publishes ports,
// TLS mode admits only the generated client cert, and stop() leaves nothing of ours on the host.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  buildLayer,
  busyboxLayerEntries,
  dockerCli,
  freePort,
  HTTPD_INDEX_HTML,
  runCommand,
  startDockerd,
  type Dockerd,
} from "../harness/index.js";
import { cgroupDirs } from "../harness/host-cgroups.js";
import { dockerFirewallLeftovers, firewallLines } from "../harness/host-firewall.js";
import { mountsUnder } from "../harness/host-mounts.js";
import { listProcesses } from "../harness/host-processes.js";
import { isAlive } from "../harness/stop-process.js";

const registryHost = inject("registryHost");
const fixtures = inject("fixtures");

interface InspectedImage {
  Id: string;
  RepoDigests: string[];
  Architecture: string;
  Os: string;
  Config: { Cmd: string[]; Env: string[]; ExposedPorts?: Record<string, object> };
  RootFS: { Layers: string[] };
}


describe("fixture images", () => {
  it("are in the run's registry under busybox, httpd and multi", async () => {
    const res = await fetch(`http://${registryHost}/v2/_catalog`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { repositories: string[] };
    expect(body.repositories).toEqual(expect.arrayContaining(["busybox", "httpd", "multi"]));
    for (const f of Object.values(fixtures)) {
      const head = await fetch(`http://${registryHost}/v2/${f.repository}/manifests/${f.tag}`, {
        method: "HEAD",
        headers: { accept: f.manifestMediaType },
      });
      expect(head.headers.get("docker-content-digest")).toBe(f.manifestDigest);
    }
  });

  it("have layers that are byte-for-byte reproducible", async () => {
    const { bin, rest } = busyboxLayerEntries();
    const again = [await buildLayer(bin), await buildLayer(rest)];
    expect(again.map((l) => l.digest)).toEqual(fixtures.busybox.layerDigests);
    expect(again.map((l) => l.diffId)).toEqual(fixtures.busybox.diffIds);
  });

  it("use Docker schema 2 for busybox, OCI for httpd and an OCI index for multi", () => {
    expect(fixtures.busybox.manifestMediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(fixtures.httpd.manifestMediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(fixtures.multi.manifestMediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(fixtures.multi.platforms.map((p) => p.platform.architecture)).toEqual(["amd64", "arm64"]);
    const [amd64, arm64] = fixtures.multi.platforms;
    expect(amd64?.configDigest).not.toBe(arm64?.configDigest);
  });
});

describe("reference dockerd from the harness", () => {
  let dockerd: Dockerd;
  let firewallBefore: string[];
  const userNetwork = `wh-net-${process.pid}`;
  let userNetworkBridge = "";

  beforeAll(async () => {
    firewallBefore = await firewallLines();
    dockerd = await startDockerd({ tcpTls: true });
  });
  afterAll(async () => {
    await dockerd?.stop(); // no-op when the last test already stopped it
  });

  it.each(["busybox", "httpd", "multi"] as const)("pulls the %s fixture with the real docker CLI", async (name) => {
    const f = fixtures[name];
    const pull = await dockerCli(dockerd.env, ["pull", f.reference]);
    expect(pull.stderr).toBe("");
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain(`Digest: ${f.manifestDigest}`);

    const inspect = await dockerCli(dockerd.env, ["image", "inspect", f.reference]);
    expect(inspect.code).toBe(0);
    const [image] = JSON.parse(inspect.stdout) as InspectedImage[];
    expect(image?.Id).toBe(f.configDigest);
    expect(image?.RepoDigests).toContain(`${registryHost}/${name}@${f.manifestDigest}`);
    expect(image?.Architecture).toBe("amd64");
    expect(image?.Os).toBe("linux");
    expect(image?.RootFS.Layers).toEqual(f.diffIds);
    if (name === "httpd") {
      expect(image?.Config.Cmd).toEqual(["httpd", "-f", "-p", "80", "-h", "/var/www"]);
      expect(image?.Config.ExposedPorts).toEqual({ "80/tcp": {} });
    } else {
      expect(image?.Config.Cmd).toEqual(["sh"]);
    }
  });

  it("runs `docker run --rm busybox echo hi` and prints hi", async () => {
    const run = await dockerCli(dockerd.env, ["run", "--rm", `${registryHost}/busybox`, "echo", "hi"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("hi\n");
  });

  it("picks the linux/amd64 variant of the multi-platform image", async () => {
    const run = await dockerCli(dockerd.env, ["run", "--rm", fixtures.multi.reference, "cat", "/etc/platform"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("amd64\n");
    expect(fixtures.multi.configDigest).toBe(fixtures.multi.platforms[0]?.configDigest);
  });

  it("publishes the httpd fixture's port 80 on loopback, on a user-defined network", async () => {
    const port = await freePort();
    const net = await dockerCli(dockerd.env, ["network", "create", userNetwork]);
    expect(net.code).toBe(0);
    userNetworkBridge = `br-${net.stdout.trim().slice(0, 12)}`;
    const run = await dockerCli(dockerd.env, [
      "run", "-d", "--network", userNetwork, "-p", `127.0.0.1:${port}:80`, fixtures.httpd.reference,
    ]);
    expect(run.code).toBe(0);
    let body = "";
    for (let i = 0; i < 50 && body === ""; i++) {
      body = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text()).catch(() => "");
      if (body === "") await new Promise((r) => setTimeout(r, 100));
    }
    expect(body).toBe(HTTPD_INDEX_HTML);
    expect(existsSync(`/sys/class/net/${userNetworkBridge}`)).toBe(true);
  });

  it("answers over TCP+TLS with the generated client cert and refuses clients without it", async () => {
    const tcp = dockerd.tcp;
    expect(tcp).toBeDefined();
    if (!tcp) return;
    const ok = await dockerCli(tcp.env, ["version", "--format", "{{.Server.Version}}"]);
    expect(ok.stderr).toBe("");
    expect(ok.stdout.trim()).toBe("20.10.24+dfsg1");

    // TLS with the right CA but no client certificate: the handshake is rejected by --tlsverify.
    const noCert = await dockerCli({ DOCKER_CONFIG: dockerd.env.DOCKER_CONFIG }, [
      "--host", tcp.env.DOCKER_HOST ?? "", "--tlsverify", "--tlscacert", tcp.ca, "version", "--format", "{{.Server.Version}}",
    ]);
    expect(noCert.code).not.toBe(0);
    expect(noCert.stdout.trim()).toBe("");
    expect(noCert.stderr).toMatch(/certificate|tls/i);

    // Plain HTTP to the TLS port.
    const plain = await dockerCli({ DOCKER_CONFIG: dockerd.env.DOCKER_CONFIG }, [
      "--host", tcp.env.DOCKER_HOST ?? "", "version", "--format", "{{.Server.Version}}",
    ]);
    expect(plain.code).not.toBe(0);
    expect(plain.stdout.trim()).toBe("");
  });

  it("stop() leaves no process, mount, bridge, firewall rule, cgroup or directory of ours", async () => {
    const { pid, containerdPid, rootDir, bridge, cgroupParent } = dockerd;
    expect(containerdPid).toBeDefined();
    expect(listProcesses().some((p) => p.cmdline.includes(rootDir))).toBe(true);
    expect(cgroupDirs(cgroupParent).length).toBeGreaterThan(0);
    // The check below does see dockerd's chains and rules while it runs.
    const whileRunning = await dockerFirewallLeftovers(firewallBefore, [bridge, userNetworkBridge], [dockerd.subnet]);
    expect(whileRunning).toEqual(
      expect.arrayContaining([`-A FORWARD -o ${bridge} -j DOCKER`, `-A POSTROUTING -s ${dockerd.subnet} ! -o ${bridge} -j MASQUERADE`]),
    );

    await dockerd.stop();

    expect(isAlive(pid)).toBe(false);
    if (containerdPid !== undefined) expect(isAlive(containerdPid)).toBe(false);
    expect(listProcesses().filter((p) => p.cmdline.includes(rootDir))).toEqual([]);
    expect(mountsUnder(rootDir)).toEqual([]);
    expect(existsSync(rootDir)).toBe(false);
    expect(existsSync(`/sys/class/net/${bridge}`)).toBe(false);
    expect(existsSync(`/sys/class/net/${userNetworkBridge}`)).toBe(false);
    expect(cgroupDirs(cgroupParent)).toEqual([]);
    expect(await dockerFirewallLeftovers(firewallBefore, [bridge, userNetworkBridge], [dockerd.subnet])).toEqual([]);
  });
});
