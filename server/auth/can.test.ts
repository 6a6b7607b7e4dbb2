import { describe, expect, it } from "vitest";
import { can } from "./can";
import { PERMISSIONS } from "./permissions";

const admin = { id: "u1", isAdmin: true, disabled: false };
const plain = { id: "u2", isAdmin: false, disabled: false };

describe("can", () => {
  it("lets an administrator do everything, in any environment", () => {
    for (const permission of PERMISSIONS) {
      expect(can(admin, permission)).toBe(true);
      expect(can(admin, permission, "env-1")).toBe(true);
    }
  });

  it("lets a user without a role do nothing", () => {
    for (const permission of PERMISSIONS) expect(can(plain, permission)).toBe(false);
  });

  it("lets a disabled administrator do nothing", () => {
    expect(can({ ...admin, disabled: true }, "environment:read")).toBe(false);
  });

  it("lets nobody without a session do anything", () => {
    expect(can(null, "environment:read")).toBe(false);
    expect(can(undefined, "container:read")).toBe(false);
  });
});
