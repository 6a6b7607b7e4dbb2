// wharf-init (native/init/README.md) run directly on the host: exit codes, signal forwarding, orphan reaping.
// Inside containers it is exercised by engine/tests/init.int.test.ts.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NATIVE_DIR } from "./lib/shim-process.js";

const INIT = join(NATIVE_DIR, "build/wharf-init");

beforeAll(() => {
  execFileSync("make", ["-s", "-C", NATIVE_DIR, "build/wharf-init"], { stdio: ["ignore", "ignore", "pipe"] });
});

const run = (args: string[]) => spawnSync(INIT, args, { encoding: "utf8", timeout: 20_000 });

describe("wharf-init", () => {
  it("is a static binary", () => {
    expect(spawnSync("ldd", [INIT], { encoding: "utf8" }).stdout + spawnSync("ldd", [INIT], { encoding: "utf8" }).stderr).toMatch(/not a dynamic executable/);
  });

  it("exits with the command's status, 128+signal when it was killed, 127/126 when it cannot run, 2 without one", () => {
    expect(run(["--", "sh", "-c", "exit 5"]).status).toBe(5);
    expect(run(["sh", "-c", "echo out; echo err >&2"])).toMatchObject({ status: 0, stdout: "out\n", stderr: "err\n" });
    expect(run(["sh", "-c", "kill -TERM $$"]).status).toBe(143);
    const missing = run(["/no/such/command"]);
    expect([missing.status, missing.stderr]).toEqual([127, "docker-init: exec /no/such/command: No such file or directory\n"]);
    expect(run(["/etc/passwd"]).status).toBe(126);
    expect(run([]).status).toBe(2);
  });

  it("forwards a signal it receives to the command, which decides the exit code", async () => {
    const child = spawn(INIT, ["sh", "-c", "trap 'echo got-term; exit 3' TERM; echo ready; while :; do sleep 0.05; done"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await new Promise<void>((resolve) => child.stdout.on("data", () => out.includes("ready") && resolve()));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(3);
    expect(out).toBe("ready\ngot-term\n");
  });

  it("reaps orphans reparented to it (a child subreaper when not PID 1): the orphan's parent is the init, then it is gone", () => {
    // The inner sh backgrounds a waiter and exits, orphaning it. Its new parent must be wharf-init (the outer sh's
    // parent, $PPID); after it is released and exits, only a reaper that waits for it removes /proc/<pid>.
    const tmp = join(NATIVE_DIR, "build", `init-orphan-${process.pid}`);
    const script = [
      `sh -c 'sh -c "while [ ! -e $0.go ]; do sleep 0.02; done" "$0" >/dev/null & echo $!' "$0" > "$0"`,
      'p=$(cat "$0")',
      'echo "parent-is-init=$([ "$(sed -n "s/^PPid:\t//p" /proc/$p/status)" = "$PPID" ] && echo yes || echo no)"',
      'touch "$0.go"',
      "while [ -e /proc/$p ]; do sleep 0.02; done",
      "echo reaped",
    ].join("; ");
    const r = run(["sh", "-c", script, tmp]);
    spawnSync("rm", ["-f", tmp, `${tmp}.go`]);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "parent-is-init=yes\nreaped\n", ""]);
  });
});
