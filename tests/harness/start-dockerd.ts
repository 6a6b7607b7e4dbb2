// A real reference dockerd (Debian docker.io 20.10) with everything private: socket, data-root, exec-root,
// pidfile, daemon.json, bridge, subnet and cgroup parent — so it collides neither with another harness dockerd
// nor with a system one — and a stop() that removes by PID and by owned name everything it left behind.
//
// Host facts this relies on (see /work/shared/host-notes.md): overlay2 on /tmp works; cgroups are v1 (hybrid),
// so the cgroupfs driver is used; iptables is the nft variant. dockerd starts its own managed containerd
// (a child process, `containerd --config <exec-root>/containerd/containerd.toml`), which stops with it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dockerApiGet, dockerApiRequest, type ApiTarget } from "./docker-api-get.js";
import { freePort } from "./free-port.js";
import { generateTlsCerts } from "./generate-tls-certs.js";
import { HarnessError } from "./harness-error.js";
import { harnessLog } from "./harness-log.js";
import { childCgroups, cgroupDirs, removeCgroupTree } from "./host-cgroups.js";
import { assertIptablesNft, restoreFirewall } from "./host-firewall.js";
import { unmountUnder } from "./host-mounts.js";
import { forgetHostBaseline, isDockerdRunning, readHostBaseline, recordHostBaseline, type HostBaseline } from "./host-baseline.js";
import { descendantsOf, listProcesses, pidsMentioning } from "./host-processes.js";
import { pickFreeSubnet } from "./pick-subnet.js";
import { runChecked, runCommand } from "./run-command.js";
import { isAlive, stopProcess, waitForPidsGone } from "./stop-process.js";
import { tempDir } from "./temp-dir.js";
import { waitFor } from "./wait-for.js";

export const DOCKERD_BINARY = "/usr/sbin/dockerd";

/** Host paths dockerd 20.10 and its managed containerd create outside --data-root/--exec-root (children first).
 * Removed at stop when they did not exist before and no other dockerd/containerd runs. */
export const DOCKERD_HOST_PATHS = [
  "/etc/docker/key.json",
  "/etc/docker",
  "/run/docker/plugins",
  "/run/docker",
  "/run/containerd/s",
  "/run/containerd",
  "/opt/containerd/bin",
  "/opt/containerd/lib",
  "/opt/containerd",
] as const;

export interface DockerdOptions {
  /** Also listen on tcp://127.0.0.1:<free port> with --tlsverify and generated CA/server/client certs. */
  tcpTls?: boolean;
  /** Passed as --insecure-registry (127.0.0.0/8 registries are insecure by default anyway). */
  insecureRegistries?: string[];
  /** Let dockerd manage iptables (needed for -p port publishing). Default true. With false, dockerd neither
   * touches iptables nor ip_forward, and two such dockerds never share firewall state. */
  iptables?: boolean;
  /** --cgroup-parent; default a unique "/wh-<id>", removed whole at stop. A given parent (e.g. "/docker") is
   * shared, so then only the container cgroups that appeared under it are removed. */
  cgroupParent?: string;
  /** --shutdown-timeout seconds for containers when the daemon stops; default 1 to keep teardown fast. */
  shutdownTimeoutSec?: number;
  /** More dockerd flags. */
  extraArgs?: string[];
  /** Milliseconds to wait for /_ping; default 30 s. */
  readyTimeoutMs?: number;
}

export interface DockerdTcp {
  host: string;
  port: number;
  /** Client files: CA, client cert and key (PEM paths); certDir is usable as DOCKER_CERT_PATH. */
  ca: string;
  cert: string;
  key: string;
  certDir: string;
  /** env for the docker CLI over TLS: DOCKER_HOST=tcp://..., DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH, DOCKER_CONFIG. */
  env: Record<string, string>;
}

export interface Dockerd {
  /** Absolute path of the API socket. */
  readonly socketPath: string;
  /** "unix://<socketPath>" */
  readonly dockerHost: string;
  readonly pid: number;
  /** PID of the managed containerd dockerd started (undefined if none was seen). */
  readonly containerdPid: number | undefined;
  /** env for the docker CLI: DOCKER_HOST and a private DOCKER_CONFIG. */
  readonly env: Record<string, string>;
  readonly tcp?: DockerdTcp;
  /** Everything below this dir is ours (data-root, exec-root, certs, logs); removed by stop(). */
  readonly rootDir: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  /** dockerd's log (stdout+stderr); read it when a test fails. */
  readonly logPath: string;
  /** The default bridge we created for it (--bridge) and its subnet. */
  readonly bridge: string;
  readonly subnet: string;
  readonly cgroupParent: string;
  /**
   * SIGKILLs its running containers (through the API), SIGTERMs dockerd by PID (SIGKILL after 20 s), waits, kills any of its processes left (containerd, shims,
   * docker-proxy, container processes) by PID, unmounts what is under rootDir, deletes its bridges (ours and
   * those of networks it created), removes the firewall rules/chains that appeared, its cgroups and host paths
   * it created, then rootDir. Idempotent.
   */
  stop(): Promise<void>;
}

/** Starts dockerd and resolves once GET /_ping answers on its socket (and on TCP with TLS when asked). */
export async function startDockerd(opts: DockerdOptions = {}): Promise<Dockerd> {
  if (!existsSync(DOCKERD_BINARY)) {
    throw new HarnessError("Unavailable", "missing: apt-get install docker.io containerd runc", { object: DOCKERD_BINARY });
  }
  if (opts.iptables !== false) await assertIptablesNft();
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(opts);
    } catch (e) {
      last = e;
      // Only a lost race for the TLS port is worth another try.
      if (!(e instanceof HarnessError && /address already in use/.test(e.message))) throw e;
    }
  }
  throw last;
}

async function startOnce(opts: DockerdOptions): Promise<Dockerd> {
  const id = randomBytes(3).toString("hex");
  const root = tempDir("wh-dockerd");
  const p = (n: string) => join(root.path, n);
  const socketPath = p("docker.sock");
  const dataRoot = p("data");
  const execRoot = p("x");
  const logPath = p("dockerd.log");
  const cliConfig = p("cli-config");
  const bridge = `whd${id}`;
  const ownCgroupParent = opts.cgroupParent === undefined;
  const cgroupParent = opts.cgroupParent ?? `/wh-${id}`;
  const cgroupsBefore = ownCgroupParent ? new Set<string>() : childCgroups(cgroupParent);
  const cgroupParentExisted = cgroupDirs(cgroupParent).length > 0;

  const baseline = await recordHostBaseline(DOCKERD_HOST_PATHS);

  const { subnet, gateway } = await pickFreeSubnet();
  try {
    await runChecked("ip", ["link", "add", bridge, "type", "bridge"]);
  } catch (e) {
    root.remove();
    throw e;
  }
  const args: string[] = [];
  let tcp: DockerdTcp | undefined;
  let tcpTarget: ApiTarget["tcp"];
  try {
    await runChecked("ip", ["addr", "add", gateway, "dev", bridge]);
    await runChecked("ip", ["link", "set", bridge, "up"]);
    writeFileSync(p("daemon.json"), "{}\n"); // never read /etc/docker/daemon.json
    args.push(
      "--config-file", p("daemon.json"),
      "--data-root", dataRoot,
      "--exec-root", execRoot,
      "--pidfile", p("dockerd.pid"),
      "--host", `unix://${socketPath}`,
      "--storage-driver", "overlay2",
      "--exec-opt", "native.cgroupdriver=cgroupfs",
      "--cgroup-parent", cgroupParent,
      "--bridge", bridge,
      "--shutdown-timeout", String(opts.shutdownTimeoutSec ?? 1),
    );
    if (opts.iptables === false) args.push("--iptables=false");
    for (const r of opts.insecureRegistries ?? []) args.push("--insecure-registry", r);
    if (opts.tcpTls) {
      const certs = await generateTlsCerts(root.path);
      const port = await freePort();
      args.push("--host", `tcp://127.0.0.1:${port}`, "--tlsverify", "--tlscacert", certs.ca, "--tlscert", certs.serverCert, "--tlskey", certs.serverKey);
      tcp = {
        host: "127.0.0.1",
        port,
        ca: certs.ca,
        cert: certs.cert,
        key: certs.key,
        certDir: certs.certDir,
        env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs.certDir, DOCKER_CONFIG: cliConfig },
      };
      tcpTarget = { host: "127.0.0.1", port, ca: readFileSync(certs.ca), cert: readFileSync(certs.cert), key: readFileSync(certs.key) };
    }
    args.push(...(opts.extraArgs ?? []));
  } catch (e) {
    await runCommand("ip", ["link", "del", bridge]);
    root.remove();
    throw e;
  }

  const logFd = openSync(logPath, "a");
  const child = spawn(DOCKERD_BINARY, args, {
    stdio: ["ignore", logFd, logFd],
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: process.env.HOME ?? "/root" } as Record<string, string> as NodeJS.ProcessEnv,
  });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new HarnessError("Unavailable", "spawn returned no pid", { object: DOCKERD_BINARY });
  const logTail = () => (existsSync(logPath) ? readFileSync(logPath, "utf8").slice(-3000) : "");
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = `dockerd exited (${code ?? signal}): ${logTail()}`;
  });

  let stopped = false;
  let containerdPid: number | undefined;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await teardown({
      child, pid, rootPath: root.path, bridge, subnet, cgroupParent, ownCgroupParent, cgroupsBefore, cgroupParentExisted, baseline,
      api: { socketPath }, containerdPid,
    });
    root.remove();
  };

  try {
    await waitFor(`dockerd ${socketPath} /_ping`, async () => ((await dockerApiGet({ socketPath }, "/_ping")).status === 200 ? true : undefined), {
      timeoutMs: opts.readyTimeoutMs ?? 30_000,
      intervalMs: 100,
      abort: () => exited,
    });
    if (tcpTarget) {
      const t = tcpTarget;
      await waitFor(`dockerd tcp://127.0.0.1:${t.port} /_ping`, async () => ((await dockerApiGet({ tcp: t }, "/_ping")).status === 200 ? true : undefined), {
        timeoutMs: 10_000,
        abort: () => exited,
      });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const containerdPidFile = join(execRoot, "containerd", "containerd.pid");
  containerdPid = existsSync(containerdPidFile) ? Number(readFileSync(containerdPidFile, "utf8").trim()) || undefined : undefined;
  harnessLog.debug({ pid, containerdPid, socketPath, bridge, subnet }, "dockerd ready");

  return {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    pid,
    containerdPid,
    env: { DOCKER_HOST: `unix://${socketPath}`, DOCKER_CONFIG: cliConfig },
    tcp,
    rootDir: root.path,
    dataRoot,
    execRoot,
    logPath,
    bridge,
    subnet,
    cgroupParent,
    stop,
  };
}

interface TeardownInput {
  child: import("node:child_process").ChildProcess;
  pid: number;
  rootPath: string;
  bridge: string;
  subnet: string;
  cgroupParent: string;
  ownCgroupParent: boolean;
  cgroupsBefore: Set<string>;
  cgroupParentExisted: boolean;
  /** Host state from before this dockerd started (used when no shared baseline file is left). */
  baseline: HostBaseline;
  api: ApiTarget;
  containerdPid: number | undefined;
}

async function teardown(t: TeardownInput): Promise<void> {
  // 1. Inventory while dockerd still answers: bridges of the networks it created.
  const bridges = new Set([t.bridge]);
  const subnets = new Set([t.subnet]);
  if (isAlive(t.pid)) {
    try {
      const res = await dockerApiGet(t.api, "/networks", 3_000);
      for (const n of JSON.parse(res.body) as { Id: string; Driver: string; Options?: Record<string, string>; IPAM?: { Config?: { Subnet?: string }[] } }[]) {
        if (n.Driver !== "bridge") continue;
        bridges.add(n.Options?.["com.docker.network.bridge.name"] ?? `br-${n.Id.slice(0, 12)}`);
        for (const c of n.IPAM?.Config ?? []) if (c.Subnet) subnets.add(c.Subnet);
      }
    } catch (e) {
      harnessLog.warn({ err: (e as Error).message }, "cannot list dockerd networks before stop");
    }
    // dockerd's own shutdown gives each container its StopTimeout (10 s by default) after SIGTERM, and many
    // fixture processes (httpd, sh as PID 1) ignore SIGTERM: this is teardown, so SIGKILL them first.
    try {
      const res = await dockerApiGet(t.api, "/containers/json", 3_000);
      const running = JSON.parse(res.body) as { Id: string }[];
      await Promise.all(running.map((c) => dockerApiRequest(t.api, "POST", `/containers/${c.Id}/kill`, 5_000).catch(() => undefined)));
    } catch (e) {
      harnessLog.warn({ err: (e as Error).message }, "cannot kill running containers before stop");
    }
  }
  // 2. Every process that is ours: dockerd's descendants (containerd, docker-proxy) and anything naming our
  //    private paths (containerd-shim-runc-v2 re-parents to init) plus their descendants (container processes).
  const procs = listProcesses();
  const ours = descendantsOf([t.pid, ...(t.containerdPid ? [t.containerdPid] : []), ...pidsMentioning(`${t.rootPath}/`, procs)], procs);
  await stopProcess(t.child, { graceMs: 20_000 });
  await waitForPidsGone(ours.filter((p) => p !== t.pid), 3_000);
  // 3. Mounts, then links.
  await unmountUnder(t.rootPath);
  for (const b of bridges) {
    if (existsSync(`/sys/class/net/${b}`)) await runCommand("ip", ["link", "del", b]);
  }
  // 4. Firewall: rules that appeared and name our bridges/subnets; when no dockerd is left on the host, also
  //    the DOCKER* chains and the jumps into them (while others run, those shared chains still serve them).
  const othersRunning = isDockerdRunning();
  const baseline = readHostBaseline() ?? t.baseline;
  await restoreFirewall(baseline.firewall, { bridges: [...bridges], subnets: [...subnets], dockerChains: !othersRunning });
  // 5. Cgroups: the whole private parent, or only container cgroups that appeared under a shared one.
  if (t.ownCgroupParent) {
    for (const d of cgroupDirs(t.cgroupParent)) removeCgroupTree(d);
  } else {
    for (const name of childCgroups(t.cgroupParent)) {
      if (!t.cgroupsBefore.has(name) && /^[0-9a-f]{64}$/.test(name)) {
        for (const d of cgroupDirs(join(t.cgroupParent, name))) removeCgroupTree(d);
      }
    }
    // A shared parent we brought into existence goes too, once empty (rmdir fails on a non-empty cgroup).
    if (!t.cgroupParentExisted) {
      for (const d of cgroupDirs(t.cgroupParent)) {
        try {
          rmdirSync(d);
        } catch {
          /* another dockerd's containers live there now */
        }
      }
    }
  }
  // 6. Host paths dockerd/containerd created, once nothing of theirs runs any more.
  const daemonsLeft = listProcesses().some((p) => p.comm === "dockerd" || p.comm === "containerd");
  if (!daemonsLeft) {
    for (const h of DOCKERD_HOST_PATHS) {
      if (baseline.hostPaths.has(h) || !existsSync(h)) continue;
      try {
        if (h.endsWith(".json")) rmSync(h);
        else if (readdirSync(h).length === 0) rmdirSync(h);
      } catch (e) {
        harnessLog.warn({ path: h, err: (e as Error).message }, "cannot remove dockerd host path");
      }
    }
  }
  if (!othersRunning) forgetHostBaseline();
}
