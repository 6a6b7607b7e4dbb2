import { describe, expect, it } from "vitest";
import { settingsNavFor } from "./settings-nav";

const base = { userId: "u", username: "u", isAdmin: false, via: "session" as const, environments: [], ledTeamIds: [] as string[] };

describe("settingsNavFor", () => {
  it("shows nothing without a session", () => {
    expect(settingsNavFor(null)).toEqual([]);
  });

  it("shows an operator only their own tokens and account", () => {
    const labels = settingsNavFor({ ...base, global: [] }).map((i) => i.label);
    expect(labels).toEqual(["API tokens", "My account"]);
  });

  it("shows a team leader their teams, and an administrator everything", () => {
    expect(settingsNavFor({ ...base, global: [], ledTeamIds: ["t1"] }).map((i) => i.label)).toContain("Teams");
    const admin = settingsNavFor({ ...base, isAdmin: true, global: ["user:manage", "role:manage", "audit:read"] }).map((i) => i.label);
    expect(admin).toEqual(["Users", "Teams", "Roles & access", "Audit log", "API tokens", "My account"]);
  });
});
