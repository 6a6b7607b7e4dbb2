import { describe, expect, it } from "vitest";
import { can, canAnywhere } from "./can";
import { BUILT_IN_ROLES, PERMISSIONS } from "./permissions";

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

describe("can with role grants (issue 9)", () => {
  const operatorOnA = {
    id: "u3",
    isAdmin: false,
    disabled: false,
    grants: [{ environmentId: "env-a", permissions: BUILT_IN_ROLES.operator }],
  };

  it("grants an environment binding's permissions on that environment only", () => {
    expect(can(operatorOnA, "container:operate", "env-a")).toBe(true);
    expect(can(operatorOnA, "container:operate", "env-b")).toBe(false);
    expect(can(operatorOnA, "container:operate")).toBe(false);
    expect(canAnywhere(operatorOnA, "container:operate")).toBe(true);
  });

  it("never lets an environment binding grant a global permission", () => {
    const custom = { ...operatorOnA, grants: [{ environmentId: "env-a", permissions: ["user:manage", "audit:read"] as const }] };
    expect(can(custom, "user:manage", "env-a")).toBe(false);
    expect(canAnywhere(custom, "audit:read")).toBe(false);
  });

  it("takes the union of grants", () => {
    const both = {
      ...operatorOnA,
      grants: [...operatorOnA.grants, { environmentId: null, permissions: BUILT_IN_ROLES["read-only"] }],
    };
    expect(can(both, "container:read", "env-b")).toBe(true);
    expect(can(both, "container:operate", "env-b")).toBe(false);
    expect(can(both, "container:operate", "env-a")).toBe(true);
  });

  it("gives Operator lifecycle but no network/volume/environment changes, Helpdesk logs but no console", () => {
    for (const p of ["network:manage", "volume:manage", "environment:manage", "container:create", "container:remove"] as const) {
      expect(can(operatorOnA, p, "env-a")).toBe(false);
    }
    const helpdesk = { ...operatorOnA, grants: [{ environmentId: null, permissions: BUILT_IN_ROLES.helpdesk }] };
    expect(can(helpdesk, "container:logs", "env-a")).toBe(true);
    expect(can(helpdesk, "container:console", "env-a")).toBe(false);
    expect(can(helpdesk, "container:operate", "env-a")).toBe(false);
  });

  it("lets a team leader manage only its own team's membership", () => {
    const leader = { ...plain, ledTeamIds: ["team-1"] };
    expect(can(leader, "team:membership", { teamId: "team-1" })).toBe(true);
    expect(can(leader, "team:membership", { teamId: "team-2" })).toBe(false);
    expect(can(leader, "user:manage")).toBe(false);
  });

  it("narrows an API token to its scope and to what its owner holds now", () => {
    const token = { id: "t1", permissions: ["container:read", "user:manage"] as const, environmentId: null };
    expect(can({ ...admin, token }, "container:read", "env-a")).toBe(true);
    expect(can({ ...admin, token }, "container:operate", "env-a")).toBe(false);
    // the owner was demoted: the token's user:manage no longer works
    expect(can({ ...plain, token }, "user:manage")).toBe(false);
    const tied = { ...token, environmentId: "env-a" };
    expect(can({ ...admin, token: tied }, "container:read", "env-b")).toBe(false);
    expect(can({ ...admin, token: tied }, "user:manage")).toBe(false);
    expect(canAnywhere({ ...admin, token: tied }, "container:read")).toBe(true);
  });
});
