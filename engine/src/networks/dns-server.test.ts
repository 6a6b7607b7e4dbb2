import { describe, expect, it } from "vitest";
import { buildAnswer, hostNameservers, parseQuestion } from "./dns-server.js";

/** A standard query (RD set) for `name`, type `qtype`, as a resolver sends it. */
function query(name: string, qtype: number): Buffer {
  const labels = name.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const head = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([head, ...labels, Buffer.from([0, 0, qtype, 0, 1])]);
}

describe("embedded DNS messages", () => {
  it("parses the question and answers A records with the query's id, echoing the question", () => {
    const q = query("Web.Example", 1);
    const parsed = parseQuestion(q)!;
    expect(parsed).toMatchObject({ name: "web.example", type: 1, qclass: 1 });
    const a = buildAnswer(q, parsed, ["172.18.0.2", "172.18.0.3"]);
    expect(a.readUInt16BE(0)).toBe(0x1234);
    expect(a.readUInt16BE(2) & 0x8000).toBe(0x8000); // a response
    expect(a.readUInt16BE(2) & 0x000f).toBe(0); // NOERROR
    expect(a.readUInt16BE(6)).toBe(2);
    expect([...a.subarray(a.length - 4)]).toEqual([172, 18, 0, 3]);
    expect(a.subarray(12, parsed.end)).toEqual(q.subarray(12, parsed.end));
  });

  it("answers other types for known names with no records; refuses responses and truncated input", () => {
    const q = query("web", 28);
    expect(buildAnswer(q, parseQuestion(q)!, ["172.18.0.2"]).readUInt16BE(6)).toBe(0);
    const resp = Buffer.from(q);
    resp[2] = 0x81;
    expect(parseQuestion(resp)).toBeUndefined();
    expect(parseQuestion(q.subarray(0, 15))).toBeUndefined();
  });

  it("relays to the host's non-loopback nameservers", () => {
    expect(hostNameservers("nameserver 127.0.0.53\nnameserver 10.0.0.2\n# x\nsearch a\nnameserver 10.0.0.3\n")).toEqual(["10.0.0.2", "10.0.0.3"]);
  });
});
