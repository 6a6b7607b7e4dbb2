// Brings the daemon up: data and exec roots, engine id, the API router and its listeners. Returns a handle whose
// stop() closes listeners and removes sockets and the pid file, leaving containers running (live restore).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { DaemonConfig } from "../config/daemon-config.js";
import type { Logger } from "../log.js";
import { Router } from "../api/router.js";
import { createRequestHandler, createUpgradeHandler } from "../api/handle-request.js";
import { openListeners, type Listener } from "../api/listen.js";
import { systemRoutes } from "../api/routes/system.js";
import { imageRoutes } from "../api/routes/images.js";
import { ImageStore } from "../images/image-store.js";
import { ContainerService } from "../containers/container-service.js";
import { EventBus } from "../events/event-bus.js";
import { containerRoutes } from "../api/routes/containers.js";
import { volumeRoutes } from "../api/routes/volumes.js";
import { VolumeService } from "../volumes/volume-service.js";
import { volumeHooks } from "../volumes/volume-hooks.js";
import { archiveRoutes } from "../api/routes/archive.js";
import { ContainerFs } from "../containers/container-fs.js";
import { execRoutes } from "../api/routes/exec.js";
import { networkRoutes } from "../api/routes/networks.js";
import { NetworkService } from "../networks/network-service.js";
import { networkHooks } from "../networks/network-hooks.js";
import { ExecService } from "../containers/exec-service.js";
import { HealthChecks } from "../containers/health-check.js";
import { eventRoutes } from "../api/routes/events.js";
import { updateRoutes } from "../api/routes/update.js";
import { detectCgroupVersion } from "../host/cgroup-version.js";
import { writePidFile } from "./pidfile.js";
import { Runtimes } from "../containers/runtimes.js";
import type { DaemonState } from "./daemon-state.js";

export interface RunningDaemon {
  state: DaemonState;
  listeners: Listener[];
  stop(): Promise<void>;
}

export async function startDaemon(config: DaemonConfig, log: Logger): Promise<RunningDaemon> {
  mkdirSync(config.dataRoot, { recursive: true, mode: 0o711 });
  mkdirSync(config.execRoot, { recursive: true, mode: 0o711 });
  const removePidFile = config.pidFile ? writePidFile(config.pidFile) : () => {};

  const images = new ImageStore(join(config.dataRoot, "image"));
  const bus = new EventBus();
  const containers = new ContainerService({ dataRoot: config.dataRoot, execRoot: config.execRoot, shimPath: config.shimBinary, runtimes: new Runtimes(config.runtimes, config.defaultRuntime, config.execRoot), initPath: config.initPath, images, bus, log: log.child({ subsystem: "containers" }) });
  // Subsystems that extend containers (networks, volumes, health checks) register their hooks here, before restore.
  // container-fs first: its prepare hook makes sure the rootfs is mounted before others (volume copy-up) use it.
  const containerFs = new ContainerFs(containers);
  containers.addHooks(containerFs.hooks());
  const volumes = new VolumeService({ root: join(config.dataRoot, "volumes"), bus, log: log.child({ subsystem: "volumes" }), containers: () => containers.store.all() });
  containers.addHooks(volumeHooks({ volumes, images, bus, dataRoot: config.dataRoot, log: log.child({ subsystem: "volumes" }), findContainer: (ref) => containers.store.find(ref) }));
  // Networks: predefined networks and our bridges before restore (running containers' veths stay attached),
  // stale veths and the nft table repaired after it (engine/src/networks/README.md "Start-up repair").
  const networks = new NetworkService({ dataRoot: config.dataRoot, ...config.network, containers, bus, log: log.child({ subsystem: "networks" }) });
  await networks.init();
  containers.addHooks(networkHooks(networks));
  const health = new HealthChecks(containers, config.execRoot, log.child({ subsystem: "health" }));
  containers.addHooks(health);
  await containers.restore();
  await networks.afterRestore();
  await volumes.releaseIdle();
  await containers.restartAfterRestore();
  const state: DaemonState = {
    config,
    engineId: loadEngineId(config.dataRoot),
    cgroupVersion: detectCgroupVersion(),
    operatingSystem: readOperatingSystem(),
    runtimes: containers.runtimes.info(),
    defaultRuntime: containers.runtimes.defaultName,
    counts: () => ({ ...containers.counts(), images: images.metadata.images().length }),
    images,
    containers,
    bus,
    volumes,
  };

  const router = new Router().add(...systemRoutes(state), ...imageRoutes({ images, config, bus }), ...containerRoutes(containers), ...networkRoutes(networks), ...volumeRoutes(volumes), ...archiveRoutes(containerFs), ...execRoutes(new ExecService(containers, join(config.execRoot, "exec"))), ...eventRoutes(bus), ...updateRoutes(containers));
  let listeners: Listener[];
  try {
    listeners = await openListeners(config, { request: createRequestHandler(router, log), upgrade: createUpgradeHandler(router, log) });
  } catch (err) {
    // Not listening means not started: nothing of ours stays on the host (bridges, nft table) unless containers run.
    await networks.shutdown().catch(() => {});
    removePidFile();
    throw err;
  }
  log.info({ hosts: config.hosts, dataRoot: config.dataRoot, execRoot: config.execRoot, cgroupVersion: state.cgroupVersion }, "API listening");

  return {
    state,
    listeners,
    async stop() {
      health.close();
      containers.close();
      await networks.shutdown();
      await Promise.all(listeners.map((l) => l.close()));
      removePidFile();
      log.info("daemon stopped");
    },
  };
}

function loadEngineId(dataRoot: string): string {
  const file = join(dataRoot, "engine-id");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const id = randomBytes(16).toString("hex").toUpperCase().match(/.{4}/g)!.join(":");
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}

function readOperatingSystem(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
    return m?.[1] ?? "Linux";
  } catch {
    return "Linux";
  }
}
