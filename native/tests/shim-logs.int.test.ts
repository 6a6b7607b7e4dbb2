// wharf-shim: the container's output in Docker's json-file format, and exit codes in exit.json.
// Runs every case with each OCI runtime in SHIM_RUNTIMES.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ShimAttachClient, type ShimExit } from "./lib/shim-attach-client.js";
import { ShimFixture } from "./lib/shim-fixture.js";
import { isAlive, runtimeContainerIds, waitFor, type ShimLaunch } from "./lib/shim-process.js";
import { SHIM_RUNTIMES } from "./lib/shim-runtimes.js";

const RFC3339_NANO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;
type LogEntry = { log: string; stream: string; time: string };

function readLog(path: string): { lines: string[]; entries: LogEntry[] } {
  const lines = readFileSync(path, "utf8").split("\n").filter(Boolean);
  return { lines, entries: lines.map((l) => JSON.parse(l) as LogEntry) };
}

function readExitJson(l: ShimLaunch): ShimExit {
  return JSON.parse(readFileSync(join(l.stateDir, "exit.json"), "utf8")) as ShimExit;
}

const fx = new ShimFixture();
beforeAll(() => fx.setUp());
afterEach(() => fx.removeLaunched());
afterAll(() => fx.tearDown());

describe.each(SHIM_RUNTIMES)("wharf-shim logs and exit codes with $name", (runtime) => {
  it("writes stdout and stderr to the json-file log, long and unterminated lines intact", async () => {
    const script = [
      "echo out",
      "echo err >&2",
      "head -c 40000 /dev/zero | tr '\\0' a; echo",
      "printf 'esc\\001\\377\"<\\n'",
      "printf tail",
    ].join("; ");
    const l = fx.prepare(runtime, { args: ["sh", "-c", script] });
    const { shimPid } = fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await client.start();
    const exit = await client.waitForExit();
    expect(exit.exitCode).toBe(0);

    const { lines, entries } = readLog(l.logPath);
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(["log", "stream", "time"]);
      expect(e.time).toMatch(RFC3339_NANO_UTC);
    }
    const text = (stream: string) => entries.filter((e) => e.stream === stream).map((e) => e.log).join("");
    const longLine = "a".repeat(40000);
    expect(text("stdout")).toBe(`out\n${longLine}\nesc\u0001\ufffd"<\ntail`);
    expect(text("stderr")).toBe("err\n");
    // The long line is split into 16 KiB partial entries; the unterminated last line is flushed at exit.
    const stdoutEntries = entries.filter((e) => e.stream === "stdout");
    expect(stdoutEntries.map((e) => e.log.length)).toEqual([4, 16384, 16384, 7233, 8, 4]);
    expect(stdoutEntries.at(-1)!.log).toBe("tail");
    // Control characters and invalid UTF-8 are escaped, as dockerd writes them.
    expect(lines.find((x) => x.includes("esc"))).toContain('"log":"esc\\u0001\\ufffd\\"\\u003c\\n"');

    // Live attach saw the same bytes, demultiplexed by stream.
    expect(client.output([1])).toBe(`out\n${longLine}\nesc\u0001\ufffd"<\ntail`);
    expect(client.output([2])).toBe("err\n");
    await waitFor(() => !isAlive(shimPid), "the shim to exit");
  });

  it("splits a long line of multi-byte characters only on character boundaries", async () => {
    // 6000 x U+20AC (3 bytes each): 16384 is not a multiple of 3, so a byte-wise split would cut a character.
    const l = fx.prepare(runtime, { args: ["sh", "-c", "head -c 6000 /dev/zero | tr '\\0' x | sed 's/x/\u20ac/g'; echo"] });
    fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await client.start();
    expect(await client.waitForExit()).toMatchObject({ exitCode: 0 });
    const { entries } = readLog(l.logPath);
    expect(entries.map((e) => e.log).join("")).toBe(`${"\u20ac".repeat(6000)}\n`);
    expect(entries.length).toBe(2);
    expect(entries.some((e) => e.log.includes("\ufffd"))).toBe(false);
  });

  it("escapes invalid UTF-8 byte by byte (overlong, surrogate, above U+10FFFF) and keeps valid UTF-8", async () => {
    const bytes = "\\300\\257|\\355\\240\\200|\\364\\220\\200\\200|\\303\\251\\360\\237\\230\\200|\\342\\200\\250\\n";
    const l = fx.prepare(runtime, { args: ["sh", "-c", `printf '${bytes}'`] });
    fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await client.start();
    await client.waitForExit();
    const { lines, entries } = readLog(l.logPath);
    expect(entries.map((e) => e.log)).toEqual(["\ufffd\ufffd|\ufffd\ufffd\ufffd|\ufffd\ufffd\ufffd\ufffd|\u00e9\u{1f600}|\u2028\n"]);
    expect(lines[0]).toContain('"log":"\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd\\ufffd|\u00e9\u{1f600}|\\u2028\\n"');
  });

  it("records `exit 3` as exit code 3 in exit.json and removes its live state", async () => {
    const l = fx.prepare(runtime, { args: ["sh", "-c", "exit 3"] });
    const { shimPid } = fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await client.start();
    const exit = await client.waitForExit();
    expect(exit).toMatchObject({ exitCode: 3, signal: 0 });
    expect(exit.exitedAt).toMatch(RFC3339_NANO_UTC);
    expect(readExitJson(l)).toEqual(exit);
    await waitFor(() => !isAlive(shimPid), "the shim to exit");
    expect(existsSync(join(l.stateDir, "shim.pid"))).toBe(false);
    expect(existsSync(join(l.stateDir, "attach.sock"))).toBe(false);
    expect(runtimeContainerIds(l.runtime, l.runtimeRoot)).not.toContain(l.id);
  });

  it("records a container killed by SIGKILL as 137 (128 + 9)", async () => {
    const l = fx.prepare(runtime, { args: ["sleep", "1000"] });
    const { initPid, shimPid } = fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await client.start();
    expect(isAlive(initPid)).toBe(true);
    const kill = spawnSync(l.runtime, ["--root", l.runtimeRoot, "kill", l.id, "KILL"], { encoding: "utf8" });
    expect(kill.stderr).toBe("");
    const exit = await client.waitForExit();
    expect(exit).toMatchObject({ exitCode: 137, signal: 9 });
    expect(readExitJson(l)).toMatchObject({ exitCode: 137, signal: 9 });
    await waitFor(() => !isAlive(shimPid), "the shim to exit");
  });

  it("rotates the log to PATH.1 when --log-max-size is reached", async () => {
    const l = fx.prepare(runtime, { args: ["sh", "-c", "i=0; while [ $i -lt 200 ]; do echo line-$i; i=$((i+1)); done"] }, { logMaxSize: "4k" });
    fx.launch(l);
    const { client } = await ShimAttachClient.connect(join(l.stateDir, "attach.sock"));
    await client.start();
    await client.waitForExit();
    const current = readLog(l.logPath).entries;
    const rotated = readLog(`${l.logPath}.1`).entries;
    expect(readFileSync(l.logPath).length).toBeLessThanOrEqual(4096);
    expect(readFileSync(`${l.logPath}.1`).length).toBeLessThanOrEqual(4096);
    expect(current.at(-1)!.log).toBe("line-199\n");
    // Consecutive lines across the two files: nothing lost at the rotation point.
    const all = [...rotated, ...current].map((e) => Number(e.log.slice(5)));
    expect(all).toEqual(all.map((_, i) => all[0]! + i));
  });
});
