// Per-file fixture for shim tests: a temp dir, a shared busybox rootfs, one runtime root per runtime, and a
// registry of everything launched so afterEach can remove it (runtime delete --force, shim by pid, temp dirs).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBusyboxRootfs } from "../../../tests/harness/busybox-rootfs.js";
import { writeShimBundle, type BundleOptions } from "./shim-bundle.js";
import { buildNative, readShimPid, removeShimContainer, runShim, shimArgs, type LaunchResult, type ShimLaunch } from "./shim-process.js";
import { type ShimRuntime } from "./shim-runtimes.js";
import { prepareHostForCrun } from "./hugetlb-for-crun.js";

export class ShimFixture {
  root = "";
  rootfs = "";
  private launched: Array<{ launch: ShimLaunch; shimPid?: number }> = [];
  private undoCgroups: () => void = () => {};
  private counter = 0;

  setUp() {
    buildNative();
    this.root = mkdtempSync(join(tmpdir(), "wharf-shim-test-"));
    this.rootfs = writeBusyboxRootfs(join(this.root, "rootfs"));
    this.undoCgroups = prepareHostForCrun();
  }

  tearDown() {
    this.removeLaunched();
    this.undoCgroups();
    if (this.root) rmSync(this.root, { recursive: true, force: true });
  }

  /** A fresh launch description (bundle written) for `runtime`; registered for cleanup. */
  prepare(runtime: ShimRuntime, bundle: BundleOptions, extra: Partial<ShimLaunch> = {}): ShimLaunch {
    const n = ++this.counter;
    const id = `wst-${runtime.name}-${process.pid}-${n}`;
    const dir = join(this.root, `c${n}`);
    const launch: ShimLaunch = {
      id,
      bundle: writeShimBundle(join(dir, "bundle"), this.rootfs, bundle),
      stateDir: join(dir, "state"),
      logPath: join(dir, "container-json.log"),
      runtime: runtime.path,
      runtimeRoot: join(this.root, `runtime-root-${runtime.name}`),
      tty: bundle.tty,
      ...extra,
    };
    this.launched.push({ launch });
    return launch;
  }

  /** Launches the shim and records its pid for cleanup. */
  launch(l: ShimLaunch): LaunchResult & { initPid: number; shimPid: number } {
    const r = runShim(shimArgs(l));
    const shimPid = readShimPid(l.stateDir) ?? 0;
    const entry = this.launched.find((e) => e.launch === l);
    if (entry) entry.shimPid = shimPid;
    if (r.status !== 0) throw new Error(`wharf-shim failed (${r.status}): ${r.stderr}`);
    return { ...r, initPid: Number(r.stdout.trim()), shimPid };
  }

  track(l: ShimLaunch, shimPid: number) {
    const entry = this.launched.find((e) => e.launch === l);
    if (entry) entry.shimPid = shimPid;
  }

  removeLaunched() {
    for (const { launch, shimPid } of this.launched) removeShimContainer(launch, shimPid);
    this.launched = [];
  }
}
