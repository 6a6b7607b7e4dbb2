import { describe, expect, it } from "vitest";
import { csvCell, formatAuditCsv } from "./audit-csv";

describe("audit CSV", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(null)).toBe("");
  });

  it("writes a header and one CRLF-terminated row per entry", () => {
    const csv = formatAuditCsv([
      {
        id: "a",
        createdAt: new Date("2026-11-23T12:00:00Z"),
        action: "access.denied",
        result: "refused",
        username: "op",
        target: "network.remove",
        environmentId: "env1",
        address: "127.0.0.1",
        detail: 'You lack the permission "network:manage".',
        via: "session",
        tokenId: null,
      },
    ]);
    expect(csv).toBe(
      "time,user,via,token,action,target,environment,result,address,detail\r\n" +
        '2026-11-23T12:00:00.000Z,op,session,,access.denied,network.remove,env1,refused,127.0.0.1,"You lack the permission ""network:manage""."\r\n',
    );
  });
});
