// The one translation of an engine event (GET /events: {Type, Action, Actor:{ID, Attributes}, time}) into
// what the browser needs to refresh its views. Events of other object types (plugin, daemon, ...) are dropped.
export const EVENT_OBJECT_TYPES = ["container", "network", "volume", "image"] as const;
export type EventObjectType = (typeof EVENT_OBJECT_TYPES)[number];

export type EngineEvent = { objectType: EventObjectType; action: string; id: string; name: string; time: number };

type WireEvent = { Type?: string; Action?: string; status?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; time?: number };

export function toEngineEvent(wire: WireEvent): EngineEvent | null {
  const type = wire.Type ?? "";
  if (!(EVENT_OBJECT_TYPES as readonly string[]).includes(type)) return null;
  const attributes = wire.Actor?.Attributes ?? {};
  // Exec and health events carry a suffix ("exec_start: sh", "health_status: healthy"); keep the verb.
  const action = (wire.Action ?? wire.status ?? "").split(":")[0]!.trim();
  return {
    objectType: type as EventObjectType,
    action,
    id: wire.Actor?.ID ?? wire.id ?? "",
    name: attributes.name ?? "",
    time: wire.time ?? 0,
  };
}
