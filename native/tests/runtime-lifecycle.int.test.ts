// Lifecycle of a container through the runc command line (runtime-spec runtime.md): create -> state ->
// start -> exec -> pause/resume -> ps/events -> kill -> delete, and `run` exit statuses; checked the same
// way against wharf-runtime, runc and crun.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RuntimeFixture } from "./lib/runtime-fixture.js";
import { RUNTIMES } from "./lib/runtime-table.js";

const fx = new RuntimeFixture();
beforeAll(() => fx.setUp());
afterAll(() => fx.tearDown());

function procStatus(pid: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, "utf8").split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

describe.each(RUNTIMES)("$name", (runtime) => {
  it("goes create -> start -> kill -> delete with the state JSON of the spec", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"], (cfg) => {
      cfg.annotations = { "org.wharf.test": "lifecycle" };
    });
    const pidFile = join(fx.dir, `${c.id}.pid`);
    const created = await fx.create(c, ["--pid-file", pidFile]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);

    const s1 = await fx.state(c);
    expect(s1).toMatchObject({ ociVersion: expect.any(String), id: c.id, status: "created", bundle: c.bundle });
    expect(s1.annotations).toEqual({ "org.wharf.test": "lifecycle" });
    expect(Number(readFileSync(pidFile, "utf8"))).toBe(s1.pid);
    // The init process exists on the host, sits in the container's cgroup and has not exec'd sleep yet.
    expect(existsSync(`/proc/${s1.pid}`)).toBe(true);
    expect(readFileSync(`/proc/${s1.pid}/cgroup`, "utf8")).toContain(c.cgroupsPath);
    expect(readFileSync(`/proc/${s1.pid}/cmdline`, "utf8")).not.toContain("sleep");

    expect((await fx.execDetached(runtime, ["start", c.id])).code).toBe(0);
    const s2 = await fx.waitForStatus(c, "running");
    expect(s2.status).toBe("running");
    expect(s2.pid).toBe(s1.pid);
    await expect.poll(() => readFileSync(`/proc/${s1.pid}/cmdline`, "utf8")).toContain("sleep");

    const list = await fx.exec(runtime, ["list", "--format", "json"]);
    expect(JSON.parse(list.stdout).map((e: { id: string }) => e.id)).toContain(c.id);

    expect((await fx.exec(runtime, ["kill", c.id, "KILL"])).code).toBe(0);
    expect((await fx.waitForStatus(c, "stopped")).status).toBe("stopped");

    expect((await fx.exec(runtime, ["delete", c.id])).code).toBe(0);
    expect(fx.stateDirExists(c)).toBe(false);
    expect(fx.cgroupDirs(c)).toEqual([]);
    const gone = await fx.exec(runtime, ["state", c.id]);
    expect(gone.code).not.toBe(0);
  });

  it("exec runs a process inside a running container (command line and --process)", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"]);
    expect((await fx.runDetached(c)).code).toBe(0);
    await fx.waitForStatus(c, "running");

    const viaArgs = await fx.exec(runtime, ["exec", c.id, "sh", "-c", "hostname; cat /proc/1/cmdline | tr '\\0' ' '"]);
    expect(viaArgs.code).toBe(0);
    expect(viaArgs.stdout).toBe("wharf-test\nsleep 300 ");

    const processJson = join(fx.dir, `${c.id}-process.json`);
    const proc = {
      terminal: false, user: { uid: 1000, gid: 1000 }, args: ["sh", "-c", "id -u; echo $WHO; exit 3"],
      env: ["PATH=/bin", "WHO=exec-process"], cwd: "/tmp",
    };
    await import("node:fs").then((fs) => fs.writeFileSync(processJson, JSON.stringify(proc)));
    const viaFile = await fx.exec(runtime, ["exec", "--process", processJson, c.id]);
    expect(viaFile.stdout).toBe("1000\nexec-process\n");
    expect(viaFile.code).toBe(3);

    const ps = await fx.exec(runtime, ["ps", "--format", "json", c.id]);
    expect(ps.code).toBe(0);
    expect(JSON.parse(ps.stdout)).toContain((await fx.state(c)).pid);

    expect((await fx.exec(runtime, ["delete", "--force", c.id])).code).toBe(0);
    expect(fx.stateDirExists(c)).toBe(false);
  });

  it("pause freezes every process and resume thaws them", async () => {
    const c = fx.prepare(runtime, ["sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /tmp/counter; sleep 0.05; done"]);
    expect((await fx.runDetached(c)).code).toBe(0);
    const { pid } = await fx.waitForStatus(c, "running");
    const counter = join(fx.rootfs, "tmp", "counter");
    await expect.poll(() => existsSync(counter)).toBe(true);

    expect((await fx.exec(runtime, ["pause", c.id])).code).toBe(0);
    expect((await fx.state(c)).status).toBe("paused");
    const frozenAt = readFileSync(counter, "utf8");
    await new Promise((r) => setTimeout(r, 300));
    expect(readFileSync(counter, "utf8")).toBe(frozenAt); // no progress while frozen
    expect(procStatus(pid).State).toMatch(/^[DS]/);

    expect((await fx.exec(runtime, ["resume", c.id])).code).toBe(0);
    expect((await fx.state(c)).status).toBe("running");
    await expect.poll(() => readFileSync(counter, "utf8"), { timeout: 3000 }).not.toBe(frozenAt);
    expect((await fx.exec(runtime, ["delete", "--force", c.id])).code).toBe(0);
  });

  it("run exits with the container's status, 128+signal when killed", async () => {
    const ok = fx.prepare(runtime, ["sh", "-c", "echo out; echo err >&2; exit 7"]);
    const r = await fx.run(ok);
    expect(r).toMatchObject({ code: 7, stdout: "out\n", stderr: "err\n" });
    expect(fx.stateDirExists(ok)).toBe(false);
    // The container's init ignores signals sent from inside its pid namespace, so SIGKILL comes via `kill`.
    const killed = fx.prepare(runtime, ["sleep", "300"]);
    const running = fx.run(killed);
    await expect.poll(async () => (fx.stateDirExists(killed) ? (await fx.state(killed)).status : "none")).toBe("running");
    expect((await fx.exec(runtime, ["kill", killed.id, "9"])).code).toBe(0);
    expect((await running).code).toBe(137);
    expect(fx.stateDirExists(killed)).toBe(false);
  });
});

// crun 1.8.1 has no `events` verb; runc is the reference for its output.
describe.each(RUNTIMES.filter((r) => r.name !== "crun"))("$name events", (runtime) => {
  it("events --stats prints one stats object with cpu, memory and pids", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"], (cfg) => {
      cfg.linux.resources.memory = { limit: 64 * 1024 * 1024 };
      cfg.linux.resources.pids = { limit: 50 };
    });
    expect((await fx.runDetached(c)).code).toBe(0);
    await fx.waitForStatus(c, "running");
    const r = await fx.exec(runtime, ["events", "--stats", c.id]);
    expect(r.code).toBe(0);
    const ev = JSON.parse(r.stdout.trim().split("\n")[0] as string);
    expect(ev).toMatchObject({ type: "stats", id: c.id });
    expect(ev.data.pids).toMatchObject({ current: 1, limit: 50 });
    expect(ev.data.memory.usage.limit).toBe(64 * 1024 * 1024);
    expect(ev.data.memory.usage.usage).toBeGreaterThan(0);
    expect(ev.data.cpu.usage.total).toBeGreaterThan(0);
    expect((await fx.exec(runtime, ["delete", "--force", c.id])).code).toBe(0);
  });
});

/** `run` with two extra open fds (3 and 4) inherited from the caller, as a shim might hold them. */
function runWithExtraFds(runtime: (typeof RUNTIMES)[number], args: string[]): Promise<string> {
  const extra = [openSync("/dev/null", "r"), openSync("/dev/null", "r")];
  const child = spawn(runtime.path, ["--root", fx.stateRoot(runtime), ...args], { stdio: ["ignore", "pipe", "inherit", extra[0], extra[1]] });
  for (const fd of extra) closeSync(fd);
  const out: Buffer[] = [];
  child.stdout!.on("data", (b: Buffer) => out.push(b));
  return new Promise((resolve) => child.once("close", () => resolve(Buffer.concat(out).toString("utf8"))));
}

describe.each(RUNTIMES)("$name file descriptors", (runtime) => {
  it("passes only stdio into the container, plus --preserve-fds N more", async () => {
    // The shell's glob opens /proc/self/fd itself, which shows up as the next free fd.
    const plain = fx.prepare(runtime, ["sh", "-c", "cd /proc/self/fd && echo *"]);
    expect(await runWithExtraFds(runtime, ["run", "--bundle", plain.bundle, plain.id])).toBe("0 1 2 3\n");
    const kept = fx.prepare(runtime, ["sh", "-c", "cd /proc/self/fd && echo * && readlink 3"]);
    expect(await runWithExtraFds(runtime, ["run", "--preserve-fds", "1", "--bundle", kept.bundle, kept.id])).toBe("0 1 2 3 4\n/dev/null\n");
  });
});

describe.each(RUNTIMES)("$name about itself", (runtime) => {
  it("--version prints a version line", async () => {
    const r = await fx.exec(runtime, ["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/version \d+\.\d+/);
  });
});

// crun 1.8.1 has no `features` verb.
describe.each(RUNTIMES.filter((r) => r.name !== "crun"))("$name features", (runtime) => {
  it("features describes hooks, namespaces, capabilities, cgroups and seccomp as JSON", async () => {
    const r = await fx.exec(runtime, ["features"]);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.hooks).toEqual(expect.arrayContaining(["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]));
    expect(f.linux.namespaces).toEqual(expect.arrayContaining(["cgroup", "ipc", "mount", "network", "pid", "user", "uts"]));
    expect(f.linux.capabilities).toEqual(expect.arrayContaining(["CAP_SYS_ADMIN", "CAP_KILL", "CAP_BPF"]));
    expect(f.linux.cgroup).toMatchObject({ v1: true, v2: true });
    expect(f.linux.seccomp.enabled).toBe(true);
    expect(f.mountOptions).toEqual(expect.arrayContaining(["rbind", "ro", "nosuid", "rprivate"]));
  });
});
