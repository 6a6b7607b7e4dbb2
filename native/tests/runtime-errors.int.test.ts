// Bad input and wrong state transitions: every case must fail with a non-zero exit and a clear message, and
// leave nothing behind (mounts in /proc/self/mountinfo, cgroup directories, the state dir, processes).
// Exit codes and "nothing left" are checked for all three runtimes; message wording for wharf-runtime only.
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostMountPoints, RuntimeFixture, type Container } from "./lib/runtime-fixture.js";
import { RUNTIMES, WHARF_RUNTIME_PATH } from "./lib/runtime-table.js";

const fx = new RuntimeFixture();
beforeAll(() => fx.setUp());
afterAll(() => fx.tearDown());

/** Live host pids whose cgroup membership names the container's cgroup path (zombies hold nothing). */
function pidsInCgroupNamed(c: Container): number[] {
  const out: number[] = [];
  for (const n of readdirSync("/proc")) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const stat = readFileSync(`/proc/${n}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      if (readFileSync(`/proc/${n}/cgroup`, "utf8").includes(c.cgroupsPath)) out.push(Number(n));
    } catch {
      /* exited */
    }
  }
  return out;
}

/** Mounts on the host that could only be this container's: below our temp dir or naming its ID. Other
 * engineers' test runs mount and unmount elsewhere meanwhile, so the whole table is not compared. */
function ourMounts(c: Container): string[] {
  return hostMountPoints().filter((p) => p.startsWith(fx.dir) || p.includes(c.id));
}

async function expectNothingLeft(c: Container, mountsBefore: string[]) {
  expect(fx.stateDirExists(c)).toBe(false);
  expect(fx.cgroupDirs(c)).toEqual([]);
  // runc's delete --force returns while the killed process may still be exiting.
  await expect.poll(() => pidsInCgroupNamed(c)).toEqual([]);
  expect(ourMounts(c)).toEqual(mountsBefore);
}

const wharfOnly = (name: string, message: string | RegExp) => (name === "wharf" ? message : /./);

describe.each(RUNTIMES)("$name", (runtime) => {
  const failingCreates: Array<[string, (cfg: Record<string, any>) => void, string | RegExp]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ["empty process.args", (cfg) => { cfg.process.args = []; }, "process.args: must not be empty"],
    ["an unknown namespace type", (cfg) => { cfg.linux.namespaces.push({ type: "bogus" }); }, 'unknown type "bogus"'],
    ["a missing bind source (fails mid-setup)", (cfg) => { cfg.mounts.push({ destination: "/data", type: "bind", source: "/nonexistent-wtest", options: ["rbind"] }); },
      "mount /data: source /nonexistent-wtest: No such file or directory"],
    ["an unknown filesystem type (fails after clone)", (cfg) => { cfg.mounts.push({ destination: "/mnt", type: "wtestfs", source: "none" }); },
      "mount wtestfs on /mnt: No such device"],
    ["a missing executable", (cfg) => { cfg.process.args = ["/bin/not-there"]; }, "exec /bin/not-there: No such file or directory"],
    ["a failing prestart hook", (cfg) => { cfg.hooks = { prestart: [{ path: "/bin/false" }] }; }, "prestart hook /bin/false: exit status 1"],
    ["a createRuntime hook that outlives its timeout", (cfg) => { cfg.hooks = { createRuntime: [{ path: "/bin/sleep", args: ["sleep", "30"], timeout: 1 }] }; },
      "createRuntime hook /bin/sleep: timed out after 1 s"],
    ["a negative oomScoreAdj (no CAP_SYS_RESOURCE here)", (cfg) => { cfg.process.oomScoreAdj = -500; }, /oom_score_adj/],
  ];

  it.each(failingCreates)("create with %s fails and leaves nothing behind", async (_what, edit, message) => {
    const c = fx.prepare(runtime, ["true"], edit);
    const mounts = ourMounts(c);
    expect(mounts).toEqual([]);
    const r = await fx.create(c);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(wharfOnly(runtime.name, message));
    await expectNothingLeft(c, mounts);
  });

  it("rejects a missing or malformed config.json", async () => {
    const missing = fx.prepare(runtime, ["true"]);
    rmSync(join(missing.bundle, "config.json"));
    const r1 = await fx.create(missing);
    expect(r1.code).not.toBe(0);
    expect(r1.stderr).toMatch(wharfOnly(runtime.name, /config\.json: No such file or directory/));
    expect(fx.stateDirExists(missing)).toBe(false);

    const broken = fx.prepare(runtime, ["true"]);
    writeFileSync(join(broken.bundle, "config.json"), '{"ociVersion": "1.0.2", "process": ');
    const r2 = await fx.create(broken);
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toMatch(wharfOnly(runtime.name, /invalid JSON at byte \d+/));
    expect(fx.stateDirExists(broken)).toBe(false);
  });

  it("fails on unknown container IDs", async () => {
    for (const verb of [["state"], ["start"], ["kill"], ["delete"], ["pause"], ["ps"]]) {
      const r = await fx.exec(runtime, [...verb, "wtest-does-not-exist"]);
      expect(r.code, verb[0]).not.toBe(0);
      expect(r.stderr).toMatch(wharfOnly(runtime.name, 'container "wtest-does-not-exist" does not exist'));
    }
  });

  it("refuses a duplicate ID and keeps the first container intact", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"]);
    expect((await fx.create(c)).code).toBe(0);
    const before = await fx.state(c);
    const again = await fx.create(c);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(wharfOnly(runtime.name, `container "${c.id}" already exists`));
    expect(await fx.state(c)).toEqual(before);
    expect((await fx.exec(runtime, ["delete", "--force", c.id])).code).toBe(0);
  });

  it("refuses wrong state transitions: start twice, delete running without --force, resume a running one", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"]);
    expect((await fx.create(c)).code).toBe(0);
    expect((await fx.execDetached(runtime, ["start", c.id])).code).toBe(0);
    await fx.waitForStatus(c, "running");
    const second = await fx.execDetached(runtime, ["start", c.id]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(wharfOnly(runtime.name, "it is running, not created"));

    const del = await fx.exec(runtime, ["delete", c.id]);
    expect(del.code).not.toBe(0);
    expect(del.stderr).toMatch(wharfOnly(runtime.name, "that is not stopped: running"));
    expect((await fx.state(c)).status).toBe("running");

    // crun 1.8.1 treats resume of a running container as a no-op (exit 0); wharf-runtime follows runc.
    const resume = await fx.exec(runtime, ["resume", c.id]);
    if (runtime.name !== "crun") expect(resume.code).not.toBe(0);
    expect((await fx.state(c)).status).toBe("running");

    const mounts = ourMounts(c);
    expect((await fx.exec(runtime, ["delete", "--force", c.id])).code).toBe(0);
    await expectNothingLeft(c, mounts);
  });

  it("exec works in a created container and fails cleanly for a missing program or a stopped one", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"]);
    expect((await fx.create(c)).code).toBe(0);
    // Like runc and crun: exec works while the container is only created (its init still waits for start).
    const early = await fx.exec(runtime, ["exec", c.id, "hostname"]);
    expect(early).toMatchObject({ code: 0, stdout: "wharf-test\n" });
    expect((await fx.execDetached(runtime, ["start", c.id])).code).toBe(0);
    await fx.waitForStatus(c, "running");
    const missing = await fx.exec(runtime, ["exec", c.id, "/bin/not-there"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(wharfOnly(runtime.name, "exec /bin/not-there: No such file or directory"));
    const ps = JSON.parse((await fx.exec(runtime, ["ps", "--format", "json", c.id])).stdout);
    expect(ps).toEqual([(await fx.state(c)).pid]); // nothing but init is left in the container
    expect((await fx.exec(runtime, ["kill", c.id, "KILL"])).code).toBe(0);
    await fx.waitForStatus(c, "stopped");
    const late = await fx.exec(runtime, ["exec", c.id, "true"]);
    expect(late.code).not.toBe(0);
    expect(late.stderr).toMatch(wharfOnly(runtime.name, `cannot exec in container "${c.id}": it is stopped`));
    expect((await fx.exec(runtime, ["delete", c.id])).code).toBe(0);
  });

  it("rejects an unknown signal name", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"]);
    expect((await fx.runDetached(c)).code).toBe(0);
    const r = await fx.exec(runtime, ["kill", c.id, "SIGNOPE"]);
    // crun 1.8.1 exits 0 here (it ignores the bad name); wharf-runtime follows runc and refuses it.
    if (runtime.name !== "crun") {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(wharfOnly(runtime.name, "invalid signal SIGNOPE"));
    }
    expect((await fx.state(c)).status).toBe("running");
    expect((await fx.exec(runtime, ["delete", "--force", c.id])).code).toBe(0);
  });
});

describe("wharf-runtime --log --log-format json", () => {
  it("writes runc-style error records that containerd can read", async () => {
    const runtime = RUNTIMES[0];
    expect(runtime.path).toBe(WHARF_RUNTIME_PATH);
    const log = join(fx.dir, "runtime-log.json");
    const c = fx.prepare(runtime, ["true"], (cfg) => {
      cfg.mounts.push({ destination: "/mnt", type: "wtestfs", source: "none" });
    });
    const r = await fx.exec(runtime, ["--log", log, "--log-format", "json", "create", "--bundle", c.bundle, c.id]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("wharf-runtime: mount wtestfs on /mnt: No such device\n");
    const records = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(records).toEqual([{ level: "error", msg: "mount wtestfs on /mnt: No such device", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/) }]);
  });
});
