// wharf-shim: live attach over attach.sock — stdin (also before start), several clients, close-stdin, TTY.
// Runs every case with each OCI runtime in SHIM_RUNTIMES.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FRAME, ShimAttachClient } from "./lib/shim-attach-client.js";
import { ShimFixture } from "./lib/shim-fixture.js";
import { SHIM_RUNTIMES } from "./lib/shim-runtimes.js";

/** utime + stime of a process, in clock ticks (proc(5), /proc/PID/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

const fx = new ShimFixture();
beforeAll(() => fx.setUp());
afterEach(() => fx.removeLaunched());
afterAll(() => fx.tearDown());

describe.each(SHIM_RUNTIMES)("wharf-shim attach with $name", (runtime) => {
  it("delivers stdin sent before start, and every attached client sees the output live", async () => {
    const l = fx.prepare(runtime, { args: ["sh", "-c", "read x; echo got $x; read y; echo then $y >&2"] }, { stdin: true });
    fx.launch(l);
    const sock = join(l.stateDir, "attach.sock");
    const { client: a, state } = await ShimAttachClient.connect(sock);
    const { client: b } = await ShimAttachClient.connect(sock);
    expect(state).toMatchObject({ id: l.id, started: false, tty: false, stdin: true });
    a.writeStdin("hello\n"); // before start: must not be lost
    await a.start();
    await a.waitForOutput(/got hello\n/);
    await b.waitForOutput(/got hello\n/);
    b.writeStdin("world\n"); // any client may write stdin
    await a.waitForOutput(/then world\n/, [FRAME.stderr]);
    expect(await a.waitForExit()).toMatchObject({ exitCode: 0 });
    expect(await b.waitForExit()).toMatchObject({ exitCode: 0 });
    expect(b.output([FRAME.stdout])).toBe("got hello\n");
    expect(b.output([FRAME.stderr])).toBe("then world\n");
  });

  it("closes the container's stdin on CLOSE_STDIN after writing what was queued (cat ends)", async () => {
    const l = fx.prepare(runtime, { args: ["cat"] }, { stdin: true });
    fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    client.writeStdin("one\ntwo");
    await client.closeStdin();
    await client.start();
    expect(await client.waitForExit()).toMatchObject({ exitCode: 0 });
    expect(client.output([FRAME.stdout])).toBe("one\ntwo");
  });

  it("ignores stdin when the shim was started without --stdin", async () => {
    const l = fx.prepare(runtime, { args: ["sh", "-c", "cat; echo eof"] });
    fx.launch(l);
    const { client, state } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    expect(state.stdin).toBe(false);
    client.writeStdin("ignored\n");
    await client.start();
    expect(await client.waitForExit()).toMatchObject({ exitCode: 0 });
    expect(client.output()).toBe("eof\n");
  });

  it("with --tty delivers raw terminal output and resize changes `stty size` inside", async () => {
    const l = fx.prepare(runtime, { args: ["sh", "-c", "stty size; read x; stty size; echo \"got $x\""], tty: true }, { stdin: true });
    fx.launch(l);
    const { client, state } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    expect(state.tty).toBe(true);
    await client.resize(30, 100);
    await client.start();
    await client.waitForOutput(/30 100\r\n/);
    await client.resize(40, 120);
    client.writeStdin("go\n");
    const out = await client.waitForOutput(/got go\r\n/);
    expect(await client.waitForExit()).toMatchObject({ exitCode: 0 });
    // Raw PTY bytes: the line discipline's \r\n and the echo of what was typed.
    expect(out).toBe("30 100\r\ngo\r\n40 120\r\ngot go\r\n");
    expect(client.frames.some((f) => f.type === FRAME.stderr)).toBe(false);
    const entries = readFileSync(l.logPath, "utf8").split("\n").filter(Boolean).map((x) => JSON.parse(x));
    expect(entries.every((e) => e.stream === "stdout")).toBe(true);
    expect(entries.map((e) => e.log).join("")).toBe(out);
  });

  it("with --tty, CLOSE_STDIN sends end-of-file through the terminal (cat ends)", async () => {
    const l = fx.prepare(runtime, { args: ["cat"], tty: true }, { stdin: true });
    fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await client.start();
    client.writeStdin("abc\n");
    await client.waitForOutput(/abc\r\nabc\r\n/); // the echo, then cat's copy
    await client.closeStdin();
    expect(await client.waitForExit()).toMatchObject({ exitCode: 0 });
  });

  it("never lets a client that stops reading hold up the container or the log", async () => {
    const l = fx.prepare(runtime, { args: ["sh", "-c", "head -c 12000000 /dev/zero | tr '\\0' x; echo; echo end"] });
    fx.launch(l);
    const sock = join(l.stateDir, "attach.sock");
    const stalled = await ShimAttachClient.connect(sock);
    stalled.client.pause(); // reads nothing from here on
    const { client } = await ShimAttachClient.connect(sock);
    await client.start();
    expect(await client.waitForExit()).toMatchObject({ exitCode: 0 });
    expect(client.output().length).toBe(12000000 + 5);
    const entries = readFileSync(l.logPath, "utf8").split("\n").filter(Boolean).map((x) => JSON.parse(x));
    expect(entries.map((e) => e.log).join("").length).toBe(12000000 + 5);
    expect(entries.at(-1).log).toBe("end\n");
    stalled.client.close();
  });

  it("stays idle when the container closes its own stdin", async () => {
    const l = fx.prepare(runtime, { args: ["sh", "-c", "exec 0<&-; while [ ! -e /tmp/go ]; do sleep 0.05; done"] }, { stdin: true });
    const { initPid, shimPid } = fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await client.start();
    await new Promise((r) => setTimeout(r, 200));
    const before = cpuTicks(shimPid);
    await new Promise((r) => setTimeout(r, 1000));
    // 100 ticks would be a core spinning for the whole second; an idle shim uses none.
    expect(cpuTicks(shimPid) - before).toBeLessThan(5);
    writeFileSync(`/proc/${initPid}/root/tmp/go`, "");
    expect(await client.waitForExit()).toMatchObject({ exitCode: 0 });
  });

  it("rejects resize without a TTY and a second start with a clear reply", async () => {
    const l = fx.prepare(runtime, { args: ["sleep", "1000"] });
    fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await expect(client.resize(10, 10)).rejects.toThrow("container has no TTY");
    await client.start();
    await expect(client.start()).rejects.toThrow("container already started");
  });
});
