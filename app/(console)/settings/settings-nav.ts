// The settings pages a user sees in the sidebar, by what they may do (the server refuses the rest anyway).
import type { AccessView } from "@/server/auth/page-guards";

export type NavItem = { href: string; label: string };

export function settingsNavFor(access: AccessView | null): NavItem[] {
  if (!access) return [];
  const has = (permission: string) => (access.global as readonly string[]).includes(permission);
  const items: NavItem[] = [];
  if (has("user:manage")) items.push({ href: "/settings/users", label: "Users" });
  if (has("user:manage") || access.ledTeamIds.length > 0) items.push({ href: "/settings/teams", label: "Teams" });
  if (has("role:manage")) items.push({ href: "/settings/roles", label: "Roles & access" });
  if (has("audit:read")) items.push({ href: "/settings/audit", label: "Audit log" });
  items.push({ href: "/settings/tokens", label: "API tokens" });
  items.push({ href: "/settings/account", label: "My account" });
  return items;
}
