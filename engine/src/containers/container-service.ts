// Container lifecycle (create, start, stop, kill, pause, remove, rename, wait, live restore) on top of the
// record store, the overlay rootfs and one wharf-shim per running container. The engine keeps one "monitor"
// connection per running container to the shim's attach.sock; the shim's EXIT frame (or exit.json after an engine
// restart) ends the run. Attach clients that connect before start are connected to the shim before START, so no
// output is lost and stdin sent early is delivered (native/shim/README.md "Starting the container").
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants as osConstants, hostname as hostHostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { conflict, EngineError, invalidArgument } from "../errors.js";
import type { ImageStore } from "../images/image-store.js";
import type { Logger } from "../log.js";
import { type ContainerRecord, initialState } from "./container-record.js";
import { generateName, normalizeName } from "./container-names.js";
import { ContainerStore } from "./container-store.js";
import { checkUnsupported, mergeConfig } from "./create-config.js";
import { Runtimes, type RuntimeChoice } from "./runtimes.js";
import { generateSpec } from "./oci-spec.js";
import { checkExecutable } from "./find-executable.js";
import { wasOomKilled } from "./detect-oom.js";
import { mountRootfs, rootfsPaths, unmountRootfs } from "./rootfs-mount.js";
import { type ExitStatus, FRAME, launchShim, ShimConnection } from "./shim-client.js";
import type { ContainerHooks, RemoveOptions, StartContext } from "./container-hooks.js";
import { EventBus } from "../events/event-bus.js";
import { RestartManager } from "./restart-policy.js";

const run = promisify(execFile);
const NATIVE_BUILD = resolve(import.meta.dirname, "../../../native/build");

export const WAIT_CONDITIONS = ["not-running", "next-exit", "removed"] as const;
export type WaitCondition = (typeof WAIT_CONDITIONS)[number];

export interface ContainerServiceOptions {
  dataRoot: string;
  execRoot: string;
  images: ImageStore;
  log: Logger;
  shimPath?: string;
  /** The `wharf` runtime's binary when no `runtimes` registry is given (tests). */
  runtimePath?: string;
  /** The OCI runtimes containers pick from (runtimes.ts); default: just `wharf`. */
  runtimes?: Runtimes;
  /** init binary bind-mounted at /sbin/docker-init for HostConfig.Init (oci-spec.ts) */
  initPath?: string;
  /** The daemon's event stream; a private one when absent (tests). */
  bus?: EventBus;
}

/** Someone attached to a container's streams; connected to the shim when it runs. */
export interface AttachClient {
  connect(conn: ShimConnection): void;
}

export class ContainerService {
  readonly store: ContainerStore;
  readonly events = new EventEmitter();
  readonly shimPath: string;
  readonly initPath: string;
  readonly runtimes: Runtimes;
  private readonly monitors = new Map<string, ShimConnection>();
  private readonly pendingAttach = new Map<string, Set<AttachClient>>();
  private readonly busy = new Set<string>();
  private readonly hooks: ContainerHooks[] = [];
  readonly bus: EventBus;
  /** Restart policies (restart-policy.ts): decides on each exit, holds the back-off timers. */
  readonly restarts: RestartManager;
  private stoppedAtBoot: string[] = [];

  constructor(private readonly o: ContainerServiceOptions) {
    this.store = new ContainerStore(join(o.dataRoot, "containers"));
    this.shimPath = o.shimPath ?? join(NATIVE_BUILD, "wharf-shim");
    this.runtimes = o.runtimes ?? new Runtimes({ wharf: o.runtimePath ?? join(NATIVE_BUILD, "wharf-runtime") }, "wharf", o.execRoot);
    this.initPath = o.initPath ?? join(NATIVE_BUILD, "wharf-init");
    this.events.setMaxListeners(0);
    this.bus = o.bus ?? new EventBus();
    this.restarts = new RestartManager(o.log);
    this.restarts.bind({
      find: (id) => this.store.find(id),
      autoStart: async (id) => void (await this.start(id, { auto: true })),
      giveUp: async (id) => this.endRestarting(id),
    });
    this.hooks.push(this.restarts, this.runtimes.hooks());
    o.images.imageUsers = (imageId) => this.store.all().filter((r) => r.imageId === imageId).map((r) => r.id);
  }

  /** The container's OCI runtime (binary and --root): every runtime command of a container goes through this. */
  runtimeFor(rec: ContainerRecord): RuntimeChoice {
    return this.runtimes.of(rec);
  }

  /** Registers a subsystem's lifecycle hooks (container-hooks.ts); call before restore(). */
  addHooks(...hooks: ContainerHooks[]): this {
    this.hooks.push(...hooks);
    return this;
  }

  /** Runs one hook kind in registration order; `bestEffort` logs failures instead of throwing (cleanup paths). */
  private async runHooks<K extends Exclude<keyof ContainerHooks, "name">>(kind: K, bestEffort: boolean, ...args: Parameters<NonNullable<ContainerHooks[K]>>): Promise<void> {
    for (const h of this.hooks) {
      const fn = h[kind] as ((...a: unknown[]) => unknown) | undefined;
      if (!fn) continue;
      try {
        await fn.apply(h, args);
      } catch (err) {
        if (!bestEffort) throw err;
        this.o.log.warn({ hook: h.name, kind, err: String(err) }, "container hook failed");
      }
    }
  }

  /** Publishes a container event with Docker's attributes (name, image, the container's labels). */
  emit(rec: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.bus.publish("container", action, rec.id, { ...(rec.config.Labels ?? {}), image: rec.imageName, name: rec.name.replace(/^\//, ""), ...extra });
  }

  stateDir(rec: ContainerRecord): string {
    return join(this.o.execRoot, "s", `${rec.id.slice(0, 16)}.${rec.generation}`);
  }

  logPath(rec: ContainerRecord): string {
    return join(this.store.dir(rec.id), `${rec.id}-json.log`);
  }

  async create(body: Record<string, any>, name: string | null): Promise<ContainerRecord> { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (name) {
      const n = normalizeName(name);
      const other = this.store.byName(n);
      if (other) throw new EngineError("Conflict", `Conflict. The container name "${n}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`, { object: n });
    }
    if (typeof body.Image !== "string" || body.Image === "") throw invalidArgument("Config.Image: image name is required");
    checkUnsupported(body);
    const img = this.o.images.get(body.Image);
    const imageConfig = this.o.images.config(img);
    let id: string;
    do id = randomBytes(32).toString("hex");
    while (this.store.find(id) || /^\d+$/.test(id.slice(0, 12)));
    const merged = mergeConfig(body, imageConfig, id);
    const rec: ContainerRecord = {
      id,
      name: name ? normalizeName(name) : generateName((n) => this.store.byName(n) !== undefined),
      created: new Date().toISOString(),
      imageName: body.Image,
      imageId: img.id,
      lowerDirs: [...img.layers].reverse().map((l) => this.o.images.snapshots.diffDir(l.chainId)),
      config: merged.config,
      hostConfig: merged.hostConfig,
      path: merged.path,
      args: merged.args,
      state: initialState(),
      restartCount: 0,
      generation: 0,
    };
    await this.runHooks("create", false, rec, body);
    this.store.save(rec);
    this.emit(rec, "create");
    return rec;
  }

  /** `auto`: an automatic start by the restart policy, which keeps RestartCount and the back-off. */
  async start(ref: string, opts: { auto?: boolean } = {}): Promise<"started" | "already"> {
    const rec = this.store.get(ref);
    if (rec.state.status === "running") return "already";
    // dockerd counts a restarting container as running: a manual start is a no-op (304).
    if (rec.state.status === "restarting" && !opts.auto) return "already";
    if (rec.state.status === "paused") throw conflict("cannot start a paused container, try unpause instead", ref);
    if (rec.state.status === "removing" || rec.state.status === "dead") throw conflict(`container ${rec.id} is marked for removal and cannot be started`, ref);
    if (this.busy.has(rec.id)) throw conflict(`container ${rec.id} is already starting`, ref);
    this.busy.add(rec.id);
    if (!opts.auto) this.restarts.manualStart(rec);
    const dir = this.store.dir(rec.id);
    let prepared = false;
    try {
      const rootfs = await mountRootfs(dir, rec.lowerDirs);
      checkExecutable(rootfs, rec.path, rec.config.Env ?? [], rec.config.WorkingDir);
      const files = { hostsFile: join(dir, "hosts"), hostnameFile: join(dir, "hostname"), resolvConfFile: join(dir, "resolv.conf") };
      const ctx: StartContext = {
        rec, dir, rootfs, mounts: [], hosts: [],
        resolvConf: existsSync("/etc/resolv.conf") ? readFileSync("/etc/resolv.conf", "utf8") : "",
        hostname: rec.hostConfig.NetworkMode === "host" ? hostHostname() : rec.config.Hostname,
      };
      prepared = true;
      await this.runHooks("prepare", false, ctx);
      writeFileSync(files.hostnameFile, `${ctx.hostname}\n`);
      writeFileSync(files.hostsFile, `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n${ctx.hosts.map((l) => `${l}\n`).join("")}`);
      writeFileSync(files.resolvConfFile, ctx.resolvConf);
      const spec = generateSpec({ ...rec, config: { ...rec.config, Hostname: ctx.hostname } }, { rootfs, ...files, mounts: ctx.mounts, netnsPath: ctx.netnsPath, initPath: this.initPath });
      writeFileSync(join(dir, "config.json"), JSON.stringify(spec));
      rec.generation += 1;
      const stateDir = this.stateDir(rec);
      rmSync(stateDir, { recursive: true, force: true });
      mkdirSync(dirname(stateDir), { recursive: true, mode: 0o711 });
      const rt = this.runtimeFor(rec);
      const pid = await launchShim({
        shim: this.shimPath, runtime: rt.path, runtimeRoot: rt.root, id: rec.id, bundle: dir, stateDir,
        logPath: this.logPath(rec), tty: rec.config.Tty === true, stdin: rec.config.OpenStdin === true,
      });
      await this.runHooks("created", false, rec, pid);
      const monitor = await ShimConnection.open(join(stateDir, "attach.sock"));
      this.watch(rec.id, monitor);
      for (const a of this.pendingAttach.get(rec.id) ?? []) a.connect(await ShimConnection.open(join(stateDir, "attach.sock")));
      this.pendingAttach.delete(rec.id);
      const err = await monitor.request(FRAME.start);
      if (err) {
        await run(rt.path, ["--root", rt.root, "kill", rec.id, "KILL"]).catch(() => {});
        throw new EngineError("Internal", `failed to start container: ${err}`);
      }
      rec.state = { ...rec.state, status: "running", pid, exitCode: 0, error: "", oomKilled: false, startedAt: new Date().toISOString() };
      this.store.save(rec);
      this.events.emit(`start:${rec.id}`);
      this.emit(rec, "start");
      await this.runHooks("started", true, rec);
      return "started";
    } catch (err) {
      // dockerd (daemon/start.go): a failed start leaves the container exited with 127/126/128 by the error's
      // text, and an AutoRemove container is removed.
      const message = err instanceof Error ? err.message : String(err);
      if (rec.state.status !== "running") {
        await unmountRootfs(dir).catch(() => {});
        if (prepared) await this.runHooks("stopped", true, rec);
        rec.state = { ...rec.state, status: "exited", error: message, exitCode: startFailureCode(message), finishedAt: new Date().toISOString() };
        if (this.store.find(rec.id)) this.store.save(rec);
        if (rec.hostConfig.AutoRemove) {
          this.busy.delete(rec.id);
          await this.remove(rec.id, { force: true }).catch(() => {});
        }
      }
      throw mapStartError(err);
    } finally {
      this.busy.delete(rec.id);
    }
  }

  /** Registers an attach client: connected now if the container runs, else at its next start. */
  async attach(rec: ContainerRecord, client: AttachClient): Promise<void> {
    if (this.monitors.has(rec.id) && (rec.state.status === "running" || rec.state.status === "paused")) {
      client.connect(await ShimConnection.open(join(this.stateDir(rec), "attach.sock")));
      return;
    }
    let set = this.pendingAttach.get(rec.id);
    if (!set) this.pendingAttach.set(rec.id, (set = new Set()));
    set.add(client);
  }

  detachPending(id: string, client: AttachClient): void {
    this.pendingAttach.get(id)?.delete(client);
  }

  private watch(id: string, monitor: ShimConnection): void {
    this.monitors.set(id, monitor);
    let done = false;
    const finish = (status: ExitStatus | undefined) => {
      if (done) return;
      done = true;
      this.monitors.delete(id);
      monitor.close();
      void this.recordExit(id, status ?? this.readExitFile(id));
    };
    monitor.on("exit", (s: ExitStatus) => finish(s));
    monitor.on("close", () => finish(undefined));
  }

  private readExitFile(id: string): ExitStatus | undefined {
    const rec = this.store.find(id);
    if (!rec) return undefined;
    try {
      return JSON.parse(readFileSync(join(this.stateDir(rec), "exit.json"), "utf8")) as ExitStatus;
    } catch {
      return undefined;
    }
  }

  private async recordExit(id: string, status: ExitStatus | undefined): Promise<void> {
    const rec = this.store.find(id);
    if (!rec) return;
    const oom = status?.exitCode === 137 && wasOomKilled(id);
    if (!status) {
      // The shim is gone (killed, or the machine rebooted): nobody supervises the container any more. Killing the
      // init kills its pid namespace; then the runtime forgets it. Docker reports 255 for such an unknown exit.
      if (rec.state.pid > 0 && inContainerCgroup(rec.state.pid, id)) {
        try {
          process.kill(rec.state.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
        await waitGone(rec.state.pid, 2000);
      }
      await this.runtime(rec, ["delete", "--force", id]).catch(() => {});
    }
    await unmountRootfs(this.store.dir(id)).catch((err) => this.o.log.warn({ id, err: String(err) }, "unmount rootfs"));
    rmSync(this.stateDir(rec), { recursive: true, force: true });
    await this.runHooks("stopped", true, rec);
    // The restart policy decides before the state changes (it reads StartedAt for the back-off reset).
    const restartIn = rec.state.status === "removing" ? undefined : this.restarts.onExit(rec, status?.exitCode ?? 255);
    rec.state = {
      ...rec.state,
      status: rec.state.status === "removing" ? "removing" : restartIn !== undefined ? "restarting" : "exited",
      pid: 0,
      exitCode: status?.exitCode ?? 255,
      oomKilled: oom,
      finishedAt: status?.exitedAt ?? new Date().toISOString(),
    };
    if (this.store.find(id)) this.store.save(rec);
    this.o.log.info({ id, exitCode: rec.state.exitCode }, "container exited");
    if (oom) this.emit(rec, "oom");
    this.emit(rec, "die", { exitCode: String(rec.state.exitCode) });
    this.events.emit(`exit:${id}`, rec.state.exitCode);
    if (restartIn !== undefined) return this.restarts.schedule(id, restartIn);
    if (rec.hostConfig.AutoRemove && rec.state.status !== "removing") await this.remove(id, { force: true }).catch(() => {});
  }

  /** A restarting container whose restart was cancelled (stop, kill) or failed: exited for good. */
  private endRestarting(id: string): void {
    const rec = this.store.find(id);
    if (!rec || rec.state.status !== "restarting") return;
    this.restarts.cancelPending(id);
    rec.state = { ...rec.state, status: "exited" };
    this.store.save(rec);
  }

  signal(rec: ContainerRecord, sig: string): void {
    if (rec.state.status !== "running" && rec.state.status !== "paused") throw conflict(`Container ${rec.id} is not running`, rec.id);
    try {
      process.kill(rec.state.pid, sig as NodeJS.Signals);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
  }

  async kill(ref: string, sig = "SIGKILL"): Promise<void> {
    const rec = this.store.get(ref);
    const name = normalizeSignal(sig);
    if (rec.state.status !== "running" && rec.state.status !== "paused" && rec.state.status !== "restarting") throw conflict(`Cannot kill container: ${ref}: Container ${rec.id} is not running`, ref);
    // dockerd 20.10 (daemon/kill.go): SIGKILL or the stop signal ends the restart policy until the next manual
    // start; any kill counts as a manual stop for unless-stopped. A restarting container has no process to signal.
    if (!rec.config.StopSignal || name === "SIGKILL" || name === normalizeSignal(rec.config.StopSignal)) this.restarts.manualStop(rec);
    rec.manuallyStopped = true;
    this.store.save(rec);
    if (rec.state.status === "restarting") return this.endRestarting(rec.id);
    this.emit(rec, "kill", { signal: String((osConstants.signals as Record<string, number>)[name] ?? name) });
    if (rec.state.status === "paused" && name === "SIGKILL") {
      this.signal(rec, name);
      await this.runtime(rec, ["resume", rec.id]).catch(() => {});
      return;
    }
    this.signal(rec, name);
  }

  /** Docker's stop: StopSignal (default SIGTERM), then SIGKILL after `timeout` seconds. */
  async stop(ref: string, timeout?: number): Promise<"stopped" | "already"> {
    const rec = this.store.get(ref);
    if (rec.state.status === "restarting") {
      // Waiting out a restart back-off: cancelling the restart is the whole stop (dockerd sends no signal).
      this.restarts.manualStop(rec);
      this.endRestarting(rec.id);
      this.emit(rec, "stop");
      return "stopped";
    }
    if (rec.state.status !== "running" && rec.state.status !== "paused") return "already";
    this.restarts.manualStop(rec);
    const t = timeout ?? rec.config.StopTimeout ?? 10;
    const exited = this.waitExit(rec.id);
    const stopSignal = rec.state.status === "paused" ? "SIGKILL" : normalizeSignal(rec.config.StopSignal ?? "SIGTERM");
    this.emit(rec, "kill", { signal: String((osConstants.signals as Record<string, number>)[stopSignal]) });
    if (rec.state.status === "paused") {
      this.signal(rec, "SIGKILL");
      await this.runtime(rec, ["resume", rec.id]).catch(() => {});
    } else {
      this.signal(rec, stopSignal);
    }
    const timer = t >= 0 ? setTimeout(() => this.safeSignal(rec, "SIGKILL"), t * 1000) : undefined;
    await exited;
    clearTimeout(timer);
    this.emit(rec, "stop");
    return "stopped";
  }

  private safeSignal(rec: ContainerRecord, sig: string): void {
    try {
      this.signal(rec, sig);
    } catch {
      /* already gone */
    }
  }

  async restart(ref: string, timeout?: number): Promise<void> {
    const rec = this.store.get(ref);
    await this.stop(rec.id, timeout);
    await this.start(rec.id);
    this.emit(rec, "restart");
  }

  async pause(ref: string): Promise<void> {
    const rec = this.store.get(ref);
    if (rec.state.status === "paused") throw conflict(`Container ${rec.id} is already paused`, ref);
    if (rec.state.status === "restarting") throw conflict(`Container ${rec.id} is restarting, wait until the container is running`, ref);
    if (rec.state.status !== "running") throw conflict(`Container ${rec.id} is not running`, ref);
    await this.runtime(rec, ["pause", rec.id]);
    rec.state = { ...rec.state, status: "paused" };
    this.store.save(rec);
    this.emit(rec, "pause");
  }

  async unpause(ref: string): Promise<void> {
    const rec = this.store.get(ref);
    if (rec.state.status !== "paused") throw conflict(`Container ${rec.id} is not paused`, ref);
    await this.runtime(rec, ["resume", rec.id]);
    rec.state = { ...rec.state, status: "running" };
    this.store.save(rec);
    this.emit(rec, "unpause");
  }

  rename(ref: string, newName: string): void {
    const rec = this.store.get(ref);
    if (!newName) throw invalidArgument("Neither old nor new names may be empty");
    const n = normalizeName(newName);
    if (n === rec.name) throw invalidArgument(`Renaming a container with the same name as its current name`);
    const other = this.store.byName(n);
    if (other) throw new EngineError("Conflict", `Conflict. The container name "${n}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`, { object: n });
    const oldName = rec.name;
    rec.name = n;
    this.store.save(rec);
    this.emit(rec, "rename", { oldName });
  }

  async remove(ref: string, opts: RemoveOptions): Promise<void> {
    const rec = this.store.get(ref);
    if (rec.state.status === "removing") throw conflict(`removal of container ${rec.id} is already in progress`, ref);
    if ((rec.state.status === "running" || rec.state.status === "paused" || rec.state.status === "restarting") && !opts.force) {
      const verb = rec.state.status;
      throw conflict(`cannot remove container "${rec.name}": container is ${verb}: stop the container before removing or force remove`, ref);
    }
    if (rec.state.status === "running" || rec.state.status === "paused") {
      // dockerd's rm -f kills at once (one "kill" event with signal 9, no "stop").
      this.restarts.manualStop(rec);
      const exited = this.waitExit(rec.id);
      await this.kill(rec.id, "SIGKILL");
      await exited;
    }
    this.restarts.cancelPending(rec.id);
    rec.state = { ...rec.state, status: "removing" };
    this.store.save(rec);
    await unmountRootfs(this.store.dir(rec.id)).catch(() => {});
    await this.runtime(rec, ["delete", "--force", rec.id]).catch(() => {});
    rmSync(this.stateDir(rec), { recursive: true, force: true });
    await this.runHooks("removed", true, rec, opts);
    this.store.delete(rec.id);
    this.emit(rec, "destroy");
    this.events.emit(`removed:${rec.id}`, rec.state.exitCode);
  }

  private waitExit(id: string): Promise<number> {
    return new Promise((res) => this.events.once(`exit:${id}`, res));
  }

  /** Docker's wait; resolves with the exit code. Registered synchronously, so callers can flush headers first. */
  wait(ref: string, condition: WaitCondition): Promise<number> {
    const rec = this.store.get(ref);
    const active = rec.state.status === "running" || rec.state.status === "paused" || this.busy.has(rec.id);
    if (condition === "not-running" && !active) return Promise.resolve(rec.state.exitCode);
    if (condition === "removed") {
      return new Promise((res) => {
        const onRemoved = (code: number) => res(code);
        this.events.once(`removed:${rec.id}`, onRemoved);
      });
    }
    return this.waitExit(rec.id);
  }

  private async runtime(rec: ContainerRecord, args: string[]): Promise<void> {
    try {
      const rt = this.runtimeFor(rec);
      await run(rt.path, ["--root", rt.root, ...args]);
    } catch (err) {
      throw new EngineError("Internal", `${args[0]}: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`);
    }
  }

  /**
   * Live restore (native/shim/README.md "Engine restart / recovery"): exit.json → exited with its code; a live
   * shim with a listening attach.sock → monitored again; otherwise the shim is lost → delete, exit 255.
   */
  async restore(): Promise<void> {
    this.stoppedAtBoot = this.store.all().filter((r) => r.state.status === "exited" || r.state.status === "restarting").map((r) => r.id);
    for (const rec of this.store.all()) {
      if (rec.state.status === "removing") {
        await this.remove(rec.id, { force: true }).catch(() => {});
        continue;
      }
      if (rec.state.status !== "running" && rec.state.status !== "paused") continue;
      const stateDir = this.stateDir(rec);
      const exitFile = this.readExitFile(rec.id);
      if (exitFile) {
        await this.recordExit(rec.id, exitFile);
        continue;
      }
      try {
        const conn = await ShimConnection.open(join(stateDir, "attach.sock"));
        this.watch(rec.id, conn);
        this.o.log.info({ id: rec.id }, "container reattached");
        await this.runHooks("restored", true, rec);
      } catch {
        await this.recordExit(rec.id, undefined);
      }
    }
  }

  /**
   * dockerd's restore, second half (call once the subsystems are repaired): containers that were stopped when the
   * daemon started and whose restart policy says so start again, as a manual start (count and back-off reset).
   * Containers that ended while the daemon was down went through recordExit in restore().
   */
  async restartAfterRestore(): Promise<void> {
    for (const id of this.stoppedAtBoot.splice(0)) {
      const rec = this.store.find(id);
      if (!rec) continue;
      const wanted = this.restarts.wantsStartAtBoot(rec);
      // A restart the previous daemon had scheduled ends here: either this start or exited for good.
      if (rec.state.status === "restarting") {
        rec.state = { ...rec.state, status: "exited" };
        this.store.save(rec);
      }
      if (!wanted) continue;
      await this.start(rec.id).catch((err) => this.o.log.warn({ id: rec.id, err: String(err) }, "restart at daemon start failed"));
    }
  }

  counts(): { containers: number; running: number; paused: number } {
    const all = this.store.all();
    return { containers: all.length, running: all.filter((r) => r.state.status === "running").length, paused: all.filter((r) => r.state.status === "paused").length };
  }

  /** Closes monitor connections, leaving containers and shims running (live restore on next start). */
  close(): void {
    this.restarts.close();
    for (const m of this.monitors.values()) {
      m.removeAllListeners("close");
      m.removeAllListeners("exit");
      m.close();
    }
    this.monitors.clear();
  }

  rootfsOf(rec: ContainerRecord): string {
    return rootfsPaths(this.store.dir(rec.id)).rootfs;
  }
}

/** "9", "KILL", "SIGKILL" → "SIGKILL". */
export function normalizeSignal(sig: string): string {
  const s = sig.toUpperCase();
  if (/^\d+$/.test(s)) {
    const names: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 9: "SIGKILL", 10: "SIGUSR1", 12: "SIGUSR2", 15: "SIGTERM", 19: "SIGSTOP", 18: "SIGCONT", 28: "SIGWINCH" };
    const n = names[Number(s)];
    if (!n) throw invalidArgument(`Invalid signal: ${sig}`);
    return n;
  }
  const n = s.startsWith("SIG") ? s : `SIG${s}`;
  if (!(n in (osConstants.signals as Record<string, number>))) throw invalidArgument(`Invalid signal: ${sig}`);
  return n;
}

/** Guards against pid reuse (e.g. after a reboot): the pid must still be in the container's cgroup. */
function inContainerCgroup(pid: number, id: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cgroup`, "utf8").includes(`/wharf/${id}`);
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startFailureCode(message: string): number {
  if (/executable file not found|no such file or directory/i.test(message)) return 127;
  if (/permission denied|exec format error|cannot execute/i.test(message)) return 126;
  return 128;
}

/** The runtime's own message is kept: the CLI picks 126/127 from its text ("no such file", "permission denied"). */
function mapStartError(err: unknown): EngineError {
  if (err instanceof EngineError) {
    return err;
  }
  return new EngineError("Internal", String(err));
}
