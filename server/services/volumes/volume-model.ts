// The volume model and its one translation from Docker's wire types (GET /volumes, Engine API v1.41 §Volume).
import type Docker from "dockerode";

export type VolumeUser = { id: string; name: string; state: string };

export type VolumeSummary = {
  name: string;
  driver: string;
  mountpoint: string;
  scope: string;
  createdAt: string | null;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** containers (any state) that mount it */
  usedBy: VolumeUser[];
};

type WireVolume = Docker.VolumeInspectInfo & { CreatedAt?: string; Options?: Record<string, string> | null };

/** Containers by the volume names they mount (Mounts[].Type === "volume"). */
export function volumeUsers(containers: Docker.ContainerInfo[]): Map<string, VolumeUser[]> {
  const users = new Map<string, VolumeUser[]>();
  for (const c of containers) {
    for (const m of c.Mounts ?? []) {
      if (m.Type !== "volume" || !m.Name) continue;
      const list = users.get(m.Name) ?? [];
      list.push({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ""), state: c.State });
      users.set(m.Name, list);
    }
  }
  return users;
}

export function toVolumeSummary(wire: WireVolume, users: Map<string, VolumeUser[]>): VolumeSummary {
  return {
    name: wire.Name,
    driver: wire.Driver,
    mountpoint: wire.Mountpoint,
    scope: wire.Scope ?? "local",
    createdAt: wire.CreatedAt ?? null,
    labels: wire.Labels ?? {},
    options: wire.Options ?? {},
    usedBy: [...(users.get(wire.Name) ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** "key=value" lines → a map; field errors name the bad line. */
export function parseKeyValueLines(text: string, field: string): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf("=");
    if (eq <= 0) errors.push(`${field}: "${line}" is not key=value`);
    else values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { values, errors };
}
