import { describe, expect, it } from "vitest";
import type { ContainerRecord } from "./container-record.js";
import { Runtimes } from "./runtimes.js";

const rec = (hostConfig: Record<string, unknown>) => ({ hostConfig }) as unknown as ContainerRecord;

describe("Runtimes", () => {
  const rts = new Runtimes({ wharf: "/opt/wharf-runtime", runc: "/usr/sbin/runc" }, "runc", "/run/w");

  it("gives each runtime its binary and its own state root (wharf keeps <exec-root>/runtime)", () => {
    expect(rts.get("wharf")).toEqual({ name: "wharf", path: "/opt/wharf-runtime", root: "/run/w/runtime" });
    expect(rts.get("runc")).toEqual({ name: "runc", path: "/usr/sbin/runc", root: "/run/w/runtimes/runc" });
    expect(rts.info()).toEqual({ wharf: { path: "/opt/wharf-runtime" }, runc: { path: "/usr/sbin/runc" } });
  });

  it("create records the default for an empty Runtime, keeps a known one, refuses an unknown one with dockerd's message", () => {
    const create = rts.hooks().create!;
    const a = rec({});
    void create(a, {});
    expect(a.hostConfig.Runtime).toBe("runc");
    const b = rec({ Runtime: "wharf" });
    void create(b, {});
    expect(b.hostConfig.Runtime).toBe("wharf");
    expect(() => create(rec({ Runtime: "nosuch" }), {})).toThrow("Unknown runtime specified nosuch");
  });

  it("a record without Runtime (made before the registry) runs under wharf", () => {
    expect(rts.of(rec({})).name).toBe("wharf");
    expect(rts.of(rec({ Runtime: "runc" })).path).toBe("/usr/sbin/runc");
  });
});
