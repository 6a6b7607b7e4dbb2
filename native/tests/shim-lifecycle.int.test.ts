// wharf-shim: outliving the process that launched it (engine kill -9), reattach, and bad input leaving nothing.
// Runs every case with each OCI runtime in SHIM_RUNTIMES.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ShimAttachClient } from "./lib/shim-attach-client.js";
import { ShimFixture } from "./lib/shim-fixture.js";
import {
  SHIM_BINARY,
  isAlive,
  pidsMentioning,
  readShimPid,
  runShim,
  runtimeContainerIds,
  shimArgs,
  waitFor,
} from "./lib/shim-process.js";
import { SHIM_RUNTIMES } from "./lib/shim-runtimes.js";

/** Cgroup directories (any v1 controller or the v2 tree) named after the container id. */
function cgroupDirsFor(id: string): string[] {
  const r = spawnSync("find", ["/sys/fs/cgroup", "-maxdepth", "4", "-type", "d", "-name", `*${id}*`], { encoding: "utf8" });
  return r.stdout.split("\n").filter(Boolean);
}

const fx = new ShimFixture();
let throwaway: number | undefined;
beforeAll(() => fx.setUp());
afterEach(() => {
  if (throwaway && isAlive(throwaway)) process.kill(throwaway, "SIGKILL");
  throwaway = undefined;
  fx.removeLaunched();
});
afterAll(() => fx.tearDown());

describe.each(SHIM_RUNTIMES)("wharf-shim lifecycle with $name", (runtime) => {
  it("keeps the container running when its launcher is SIGKILLed, allows reattach and still records the exit", async () => {
    const script = "echo running; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo done; exit 5";
    const l = fx.prepare(runtime, { args: ["sh", "-c", script] });
    // The throwaway parent runs the launcher, then stays alive as `sleep` (same pid) until we kill it.
    const parent = spawn("sh", ["-c", `"$0" "$@" && exec sleep 600`, SHIM_BINARY, ...shimArgs(l)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    throwaway = parent.pid!;
    let stdout = "";
    parent.stdout.on("data", (d) => (stdout += d));
    const initPid = Number(await waitFor(() => /^\d+\n/.test(stdout) && stdout.trim(), "the launcher's pid line"));
    const shimPid = readShimPid(l.stateDir)!;
    fx.track(l, shimPid);
    expect(shimPid).not.toBe(parent.pid);

    const first = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await first.client.start();
    await first.client.waitForOutput(/running\n/);
    first.client.close(); // the engine goes away ...
    process.kill(parent.pid!, "SIGKILL"); // ... hard
    await waitFor(() => !isAlive(parent.pid!), "the throwaway parent to die");
    await new Promise((r) => setTimeout(r, 200));
    expect(isAlive(shimPid)).toBe(true);
    expect(isAlive(initPid)).toBe(true);

    // A restarted engine finds the shim through the state dir and reattaches.
    const again = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    expect(again.state).toMatchObject({ id: l.id, pid: initPid, started: true });
    again.client.close();

    // The container ends while nobody is attached: exit.json still gets the status.
    writeFileSync(`/proc/${initPid}/root/tmp/go`, "");
    const exit = await waitFor(() => existsSync(join(l.stateDir, "exit.json")) && readFileSync(join(l.stateDir, "exit.json"), "utf8"), "exit.json");
    expect(JSON.parse(exit)).toMatchObject({ exitCode: 5, signal: 0 });
    await waitFor(() => !isAlive(shimPid), "the shim to exit");
    const logged = readFileSync(l.logPath, "utf8").split("\n").filter(Boolean).map((x) => JSON.parse(x).log);
    expect(logged).toEqual(["running\n", "done\n"]);
    expect(runtimeContainerIds(l.runtime, l.runtimeRoot)).not.toContain(l.id);
    expect(cgroupDirsFor(l.id)).toEqual([]);
  });

  it("refuses missing flags with a usage error and starts nothing", () => {
    const l = fx.prepare(runtime, { args: ["true"] });
    const none = runShim([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("missing required flag --id");
    expect(none.stderr).toContain("usage: wharf-shim");
    const noRuntime = runShim(shimArgs(l).filter((a, i, all) => a !== "--runtime" && all[i - 1] !== "--runtime"));
    expect(noRuntime.status).toBe(2);
    expect(noRuntime.stderr).toContain("missing required flag --runtime");
    const badId = runShim(shimArgs({ ...l, id: "../escape" }));
    expect(badId.status).toBe(2);
    expect(badId.stderr).toContain('invalid --id "../escape"');
    expect(existsSync(l.stateDir)).toBe(false);
    expect(existsSync(l.logPath)).toBe(false);
  });

  it("refuses a runtime that is not executable, and a log path that cannot be opened, leaving nothing", () => {
    const l = fx.prepare(runtime, { args: ["true"] });
    const noRuntime = runShim(shimArgs({ ...l, runtime: "/no/such/runtime" }));
    expect(noRuntime.status).toBe(2);
    expect(noRuntime.stderr).toContain('runtime "/no/such/runtime" is not executable: No such file or directory');
    const badLog = runShim(shimArgs({ ...l, logPath: join(l.stateDir, "..", "missing-dir", "x.log") }));
    expect(badLog.status).toBe(1);
    expect(badLog.stderr).toMatch(/^wharf-shim: open log ".*missing-dir\/x\.log": No such file or directory\n$/);
    expect(existsSync(l.stateDir)).toBe(false); // it was created for this launch, so it is removed again
    expect(pidsMentioning(l.stateDir)).toEqual([]);
    expect(runtimeContainerIds(l.runtime, l.runtimeRoot)).not.toContain(l.id);
  });

  it("reports the runtime's error for an invalid config.json and leaves no shim, container or files", () => {
    const l = fx.prepare(runtime, { args: ["true"] });
    writeFileSync(join(l.bundle, "config.json"), "{ this is not json");
    const r = runShim(shimArgs(l));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^wharf-shim: "${runtime.path} create" failed \\(exit status \\d+\\): .+`));
    expect(existsSync(l.stateDir)).toBe(false);
    expect(existsSync(l.logPath)).toBe(false);
    expect(pidsMentioning(l.stateDir)).toEqual([]);
    expect(runtimeContainerIds(l.runtime, l.runtimeRoot)).not.toContain(l.id);
    expect(cgroupDirsFor(l.id)).toEqual([]);
  });

  it("reports a bundle whose program does not exist (create fails, like runc) and leaves nothing", () => {
    const l = fx.prepare(runtime, { args: ["/no/such/program"] });
    const r = runShim(shimArgs(l));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`"${runtime.path} create" failed`);
    expect(r.stderr).toContain("/no/such/program");
    expect(existsSync(l.stateDir)).toBe(false);
    expect(existsSync(l.logPath)).toBe(false);
    expect(pidsMentioning(l.stateDir)).toEqual([]);
    expect(runtimeContainerIds(l.runtime, l.runtimeRoot)).not.toContain(l.id);
    expect(cgroupDirsFor(l.id)).toEqual([]);
  });

  it("refuses a state dir that another live shim is using", async () => {
    const l = fx.prepare(runtime, { args: ["sleep", "1000"] });
    const { shimPid } = fx.launch(l);
    const second = runShim(shimArgs({ ...l, id: `${l.id}-b` }));
    expect(second.status).toBe(1);
    expect(second.stderr).toContain("is in use by another shim");
    expect(isAlive(shimPid)).toBe(true);
    expect(existsSync(join(l.stateDir, "attach.sock"))).toBe(true); // the first shim's files are untouched
    expect(runtimeContainerIds(l.runtime, l.runtimeRoot)).not.toContain(`${l.id}-b`);
  });
});
