// Per-file fixture for the runtime tests: a temp dir with one busybox rootfs, one --root state dir per
// runtime, unique container IDs and cgroup paths (wtest-<random>), and cleanup of everything created:
// containers (delete --force), their cgroups (rmdir), temp dirs, and the host preparation for crun.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBusyboxRootfs } from "../../../tests/harness/busybox-rootfs.js";
import { cgroupDirs, removeCgroupTree } from "../../../tests/harness/host-cgroups.js";
import { runCommand, type CommandResult, type RunOptions } from "../../../tests/harness/run-command.js";
import { baseConfig, writeBundle, type OciConfig } from "./runtime-bundle.js";
import { buildWharfRuntime, type Runtime } from "./runtime-table.js";
import { prepareHostForCrun } from "./hugetlb-for-crun.js";

export interface Container {
  id: string;
  bundle: string;
  cgroupsPath: string;
  runtime: Runtime;
}

export interface ContainerState {
  ociVersion: string;
  id: string;
  status: "creating" | "created" | "running" | "stopped" | "paused";
  pid: number;
  bundle: string;
  annotations?: Record<string, string>;
}

export class RuntimeFixture {
  dir = "";
  rootfs = "";
  private undoHost: () => void = () => {};
  private containers: Container[] = [];

  setUp(): void {
    buildWharfRuntime();
    this.dir = mkdtempSync(join(tmpdir(), "wtest-"));
    this.rootfs = writeBusyboxRootfs(join(this.dir, "rootfs"));
    this.undoHost = prepareHostForCrun();
  }

  async tearDown(): Promise<void> {
    for (const c of this.containers) await this.remove(c);
    this.undoHost();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** The --root state directory used for `runtime`. */
  stateRoot(runtime: Runtime): string {
    return join(this.dir, `state-${runtime.name}`);
  }

  /** A new container description with a bundle whose config is `edit(baseConfig)`; registered for cleanup. */
  prepare(runtime: Runtime, args: string[], edit: (c: OciConfig) => void = () => {}): Container {
    const id = `wtest-${randomBytes(5).toString("hex")}`;
    const cgroupsPath = `/${id}`;
    const config = baseConfig(this.rootfs, args, cgroupsPath);
    edit(config);
    const c = { id, bundle: writeBundle(join(this.dir, id), config), cgroupsPath, runtime };
    this.containers.push(c);
    return c;
  }

  /** Runs `<runtime> --root <stateRoot> ...args`. */
  exec(runtime: Runtime, args: string[], opts: RunOptions = {}): Promise<CommandResult> {
    return runCommand(runtime.path, ["--root", this.stateRoot(runtime), ...args], { timeout: 60_000, ...opts });
  }

  /**
   * For verbs that leave a container process behind (create, run --detach, exec --detach): that process
   * inherits stdio, so pipes would never close; stdout/stderr go to files instead and are read back after
   * the runtime itself exits.
   */
  execDetached(runtime: Runtime, args: string[]): Promise<CommandResult> {
    const base = join(this.dir, `out-${randomBytes(4).toString("hex")}`);
    const out = openSync(`${base}.out`, "w");
    const err = openSync(`${base}.err`, "w");
    const child = spawn(runtime.path, ["--root", this.stateRoot(runtime), ...args], { stdio: ["ignore", out, err] });
    closeSync(out);
    closeSync(err);
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code, signal) =>
        resolve({
          code: code ?? 128 + (signal === "SIGKILL" ? 9 : 15),
          stdout: readFileSync(`${base}.out`, "utf8"),
          stderr: readFileSync(`${base}.err`, "utf8"),
        }),
      );
    });
  }

  /** `run --detach`: returns once the runtime has exited, the container keeps running. */
  runDetached(c: Container): Promise<CommandResult> {
    return this.execDetached(c.runtime, ["run", "--detach", "--bundle", c.bundle, c.id]);
  }

  /** `run` in the foreground: the container's output and exit status. */
  run(c: Container, opts: RunOptions = {}): Promise<CommandResult> {
    return this.exec(c.runtime, ["run", "--bundle", c.bundle, c.id], opts);
  }

  async create(c: Container, extra: string[] = []): Promise<CommandResult> {
    return this.execDetached(c.runtime, ["create", "--bundle", c.bundle, ...extra, c.id]);
  }

  async state(c: Container): Promise<ContainerState> {
    const r = await this.exec(c.runtime, ["state", c.id]);
    if (r.code !== 0) throw new Error(`${c.runtime.name} state ${c.id}: ${r.stderr}`);
    return JSON.parse(r.stdout) as ContainerState;
  }

  /** Polls `state` until the container reaches `status` (or fails after `ms`). */
  async waitForStatus(c: Container, status: ContainerState["status"], ms = 10_000): Promise<ContainerState> {
    const end = Date.now() + ms;
    for (;;) {
      const s = await this.state(c);
      if (s.status === status || Date.now() > end) return s;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The container's cgroup directories that exist on the host, across all hierarchies. */
  cgroupDirs(c: Container): string[] {
    return cgroupDirs(c.cgroupsPath);
  }

  stateDirExists(c: Container): boolean {
    return existsSync(join(this.stateRoot(c.runtime), c.id));
  }

  /** Names in the runtime's state root (containers it still knows). */
  stateEntries(runtime: Runtime): string[] {
    return existsSync(this.stateRoot(runtime)) ? readdirSync(this.stateRoot(runtime)) : [];
  }

  private async remove(c: Container): Promise<void> {
    if (this.stateDirExists(c)) await this.exec(c.runtime, ["delete", "--force", c.id]);
    for (const d of this.cgroupDirs(c)) removeCgroupTree(d);
  }
}

/** Mount points from /proc/self/mountinfo (field 5). */
export function hostMountPoints(): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((l) => l.split(" ")[4])
    .filter((p): p is string => Boolean(p));
}
