// OCI runtime `run` benchmark (issue 3):   npx tsx bench/runtime-run.ts [runs=50] [warmup=5]
// WHARF_RUNTIME_BEFORE=/path/to/wharf-runtime adds that build as a fourth runtime ("before"), to compare two builds.
// As root; needs runc, crun and busybox-static (apt) and a C compiler (builds native/ first).
//
// Times `<runtime> --root <tmp> run --bundle <bundle> <id>` of a busybox bundle whose process is /bin/true, for
// wharf-runtime, runc and crun side by side: after a warm-up, the runtimes take turns in every round so drift on
// the host hits them equally. Wall time of the whole command (create + start + wait + delete of state and
// cgroup). Twice: the bare bundle, and the same bundle with Docker's default seccomp profile as wharfd writes it
// (engine/src/containers/seccomp-profile.ts, default capabilities). Prints median and p90 per runtime and case and
// the ratios against crun and runc. Every container must exit 0;
// the bench exits 1 otherwise. Everything it creates (temp dir, cgroups, the hugetlb mount crun needs on this
// hybrid host) is removed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBusyboxRootfs } from "../tests/harness/busybox-rootfs.js";
import { cgroupDirs, removeCgroupTree } from "../tests/harness/host-cgroups.js";
import { baseConfig, writeBundle } from "../native/tests/lib/runtime-bundle.js";
import { buildWharfRuntime, RUNTIMES } from "../native/tests/lib/runtime-table.js";
import { prepareHostForCrun } from "../native/tests/lib/hugetlb-for-crun.js";
import { DEFAULT_SECCOMP_PROFILE, hostSeccompTarget, resolveSeccompProfile } from "../engine/src/containers/seccomp-profile.js";

const RUNS = Number(process.argv[2] ?? 50);
const WARMUP = Number(process.argv[3] ?? 5);

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

buildWharfRuntime();
const dir = mkdtempSync(join(tmpdir(), "wbench-"));
const undoHost = prepareHostForCrun();
const cgroupsPath = `/wbench-${process.pid}`;
let failed = false;
try {
  const rootfs = writeBusyboxRootfs(join(dir, "rootfs"));
  const runtimes: { name: string; path: string }[] = [...RUNTIMES];
  if (process.env.WHARF_RUNTIME_BEFORE) runtimes.push({ name: "before", path: process.env.WHARF_RUNTIME_BEFORE });
  const withSeccomp = baseConfig(rootfs, ["/bin/true"], cgroupsPath);
  withSeccomp.linux.seccomp = resolveSeccompProfile(DEFAULT_SECCOMP_PROFILE, hostSeccompTarget(withSeccomp.process.capabilities.bounding));
  const cases = [
    { name: "no seccomp", bundle: writeBundle(join(dir, "bundle"), baseConfig(rootfs, ["/bin/true"], cgroupsPath)) },
    { name: "Docker's default seccomp profile", bundle: writeBundle(join(dir, "bundle-seccomp"), withSeccomp) },
  ];
  for (const { name, bundle } of cases) {
    const times = new Map<string, number[]>(runtimes.map((r) => [r.name, []]));
    let n = 0;
    for (let round = 0; round < WARMUP + RUNS; round++) {
      for (const rt of runtimes) {
        const id = `wbench-${process.pid}-${n++}`;
        const start = process.hrtime.bigint();
        const r = spawnSync(rt.path, ["--root", join(dir, `state-${rt.name}`), "run", "--bundle", bundle, id], { stdio: ["ignore", "ignore", "pipe"] });
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (r.status !== 0) {
          failed = true;
          process.stderr.write(`${rt.name} run ${id} exited ${r.status}: ${r.stderr}\n`);
        }
        if (round >= WARMUP) times.get(rt.name)!.push(ms);
      }
    }
    const median = new Map<string, number>();
    process.stdout.write(`runtime run of /bin/true, ${name}: ${RUNS} runs each after ${WARMUP} warm-up rounds (ms)\n`);
    process.stdout.write(`${"runtime".padEnd(10)}${"median".padStart(9)}${"p90".padStart(9)}${"min".padStart(9)}\n`);
    for (const rt of runtimes) {
      const t = times.get(rt.name)!;
      median.set(rt.name, quantile(t, 0.5));
      process.stdout.write(`${rt.name.padEnd(10)}${quantile(t, 0.5).toFixed(1).padStart(9)}${quantile(t, 0.9).toFixed(1).padStart(9)}${Math.min(...t).toFixed(1).padStart(9)}\n`);
    }
    const w = median.get("wharf")!;
    const before = median.has("before") ? `   wharf/before = ${(w / median.get("before")!).toFixed(2)}` : "";
    process.stdout.write(`ratio wharf/crun = ${(w / median.get("crun")!).toFixed(2)}   wharf/runc = ${(w / median.get("runc")!).toFixed(2)}${before}\n\n`);
  }
} finally {
  for (const d of cgroupDirs(cgroupsPath)) removeCgroupTree(d);
  undoHost();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
