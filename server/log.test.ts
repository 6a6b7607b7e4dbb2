import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe("logger", () => {
  it("redacts secrets at the top level and one level down", () => {
    const { lines, stream } = capture();
    const log = createLogger("info", stream);
    log.info(
      {
        password: "hunter2hunter2",
        input: { username: "admin", password: "p@ss", confirmPassword: "p@ss" },
        user: { passwordHash: "$argon2id$v=19$..." },
        headers: { cookie: "authjs.session-token=abc", authorization: "Bearer t0k3n" },
        registry: { token: "t0k3n", secret: "s3cr3t", key: "-----BEGIN" },
      },
      "sign-in",
    );
    const line = lines.join("");
    for (const secret of ["hunter2hunter2", "p@ss", "$argon2id$", "abc", "t0k3n", "s3cr3t", "BEGIN"]) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({ msg: "sign-in", input: { username: "admin", password: "[redacted]" } });
  });

  it("gives child loggers their context fields", () => {
    const { lines, stream } = capture();
    createLogger("info", stream).child({ requestId: "r1", userId: "u1" }).info("hello");
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: "r1", userId: "u1", msg: "hello" });
  });
});
