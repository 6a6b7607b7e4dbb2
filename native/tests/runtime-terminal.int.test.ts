// process.terminal: the runtime creates a pty inside the container and sends its master over
// --console-socket as SCM_RIGHTS (what containerd's shim expects). A tiny C receiver (lib/
// runtime-console-receiver.c, built here) plays the shim: it prints the fd's name and whether it is a tty,
// then everything the container writes to its terminal.
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../tests/harness/run-command.js";
import { RuntimeFixture } from "./lib/runtime-fixture.js";
import { RUNTIMES } from "./lib/runtime-table.js";

const fx = new RuntimeFixture();
let receiverBin = "";
beforeAll(() => {
  fx.setUp();
  receiverBin = join(fx.dir, "console-receiver");
  const src = fileURLToPath(new URL("./lib/runtime-console-receiver.c", import.meta.url));
  execFileSync("cc", ["-O2", "-Wall", "-o", receiverBin, src]);
});
afterAll(() => fx.tearDown());

/** Starts a receiver on a fresh socket; `output` resolves with what it printed once the pty closes. */
async function startReceiver(name: string): Promise<{ socket: string; output: Promise<{ code: number; stdout: string }> }> {
  const socket = join(fx.dir, `${name}.sock`);
  const child = spawn(receiverBin, [socket], { stdio: ["ignore", "pipe", "inherit"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => chunks.push(b));
  const output = new Promise<{ code: number; stdout: string }>((resolve) =>
    child.once("close", (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(chunks).toString("utf8") })),
  );
  const timer = setTimeout(() => child.pid && process.kill(child.pid, "SIGKILL"), 20_000);
  output.finally(() => clearTimeout(timer));
  await expect.poll(() => existsSync(socket)).toBe(true);
  return { socket, output };
}

describe.each(RUNTIMES)("$name", (runtime) => {
  it("sends the pty master over --console-socket and the process runs on that terminal", async () => {
    const c = fx.prepare(runtime, ["sh", "-c", "tty; test -t 0 && test -t 1 && echo stdio-is-a-tty; echo hello-from-pty"], (cfg) => {
      cfg.process.terminal = true;
    });
    const rx = await startReceiver(c.id);
    const created = await fx.create(c, ["--console-socket", rx.socket]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect((await fx.execDetached(runtime, ["start", c.id])).code).toBe(0);
    const out = await rx.output;
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^name: .+\nisatty: 1\n/);
    expect(out.stdout).toContain("/dev/pts/0\r\nstdio-is-a-tty\r\nhello-from-pty\r\n");
    expect((await fx.waitForStatus(c, "stopped")).status).toBe("stopped");
    expect((await fx.exec(runtime, ["delete", c.id])).code).toBe(0);
  });

  it("run in the foreground relays its own terminal to the container's pty (under script(1) for a tty)", async () => {
    const c = fx.prepare(runtime, ["sh", "-c", "tty; echo on-tty; exit 4"], (cfg) => {
      cfg.process.terminal = true;
    });
    const cmd = [runtime.path, "--root", fx.stateRoot(runtime), "run", "--bundle", c.bundle, c.id].join(" ");
    const r = await runCommand("script", ["-qec", cmd, "/dev/null"]);
    expect(r.stdout).toContain("/dev/pts/0\r\non-tty\r\n");
    expect(r.code).toBe(4);
    expect(fx.stateDirExists(c)).toBe(false);
  });

  it("exec --tty --detach gives the new process its own pty over the console socket", async () => {
    const c = fx.prepare(runtime, ["sleep", "300"]);
    expect((await fx.runDetached(c)).code).toBe(0);
    await fx.waitForStatus(c, "running");
    const rx = await startReceiver(`${c.id}-exec`);
    const r = await fx.execDetached(runtime, ["exec", "--tty", "--detach", "--console-socket", rx.socket, c.id, "sh", "-c", "tty; echo exec-on-pty"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = await rx.output;
    expect(out.stdout).toMatch(/isatty: 1\n/);
    expect(out.stdout).toMatch(/\/dev\/pts\/\d+\r\nexec-on-pty\r\n/);
    expect((await fx.exec(runtime, ["delete", "--force", c.id])).code).toBe(0);
  });
});
