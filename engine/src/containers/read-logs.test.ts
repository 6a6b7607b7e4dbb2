import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseUnixParam, streamLogs, timeToNs } from "./read-logs.js";

const dir = mkdtempSync(join(tmpdir(), "wh-logs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = join(dir, "c-json.log");
writeFileSync(
  log,
  [
    { log: "one\n", stream: "stdout", time: "2026-11-23T12:00:00.000000001Z" },
    { log: "err\n", stream: "stderr", time: "2026-11-23T12:00:01.5Z" },
    { log: "two\n", stream: "stdout", time: "2026-11-23T12:00:02.000000000Z" },
  ].map((e) => JSON.stringify(e)).join("\n") + "\n",
);

async function read(o: Partial<Parameters<typeof streamLogs>[1]>): Promise<Buffer> {
  const out: Buffer[] = [];
  await streamLogs(log, { stdout: true, stderr: true, sinceNs: 0n, untilNs: 0n, timestamps: false, tail: -1, follow: false, tty: true, ...o }, (b) => out.push(b), () => false, () => false);
  return Buffer.concat(out);
}

describe("docker logs from the json-file log", () => {
  it("parses RFC 3339 nanosecond times and Docker's since/until values", () => {
    expect(timeToNs("2026-11-23T12:00:01.5Z") - timeToNs("2026-11-23T12:00:00.000000001Z")).toBe(1_499_999_999n);
    expect(parseUnixParam("10.25")).toBe(10_250_000_000n);
    expect(parseUnixParam(null)).toBe(0n);
  });

  it("selects streams, tail, since/until and timestamps; frames non-TTY output with stdcopy headers", async () => {
    expect((await read({})).toString()).toBe("one\nerr\ntwo\n");
    expect((await read({ stderr: false })).toString()).toBe("one\ntwo\n");
    expect((await read({ tail: 1 })).toString()).toBe("two\n");
    expect((await read({ tail: 0 })).toString()).toBe("");
    const since = timeToNs("2026-11-23T12:00:01Z");
    expect((await read({ sinceNs: since })).toString()).toBe("err\ntwo\n");
    expect((await read({ untilNs: since })).toString()).toBe("one\n");
    expect((await read({ tail: 1, timestamps: true })).toString()).toBe("2026-11-23T12:00:02.000000000Z two\n");
    const framed = await read({ tty: false, tail: 2 });
    expect([...framed.subarray(0, 8)]).toEqual([2, 0, 0, 0, 0, 0, 0, 4]);
    expect(framed.subarray(8, 12).toString()).toBe("err\n");
    expect(framed[12]).toBe(1);
  });
});
