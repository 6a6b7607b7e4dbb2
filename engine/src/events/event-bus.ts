// The engine's event stream (Docker API "System" → GET /events): every subsystem publishes what happened to its
// objects here; /events subscribers get them live, and a ring of recent events answers `since`/`until` replays.
// Shape: API EventMessage (Type, Action, Actor{ID, Attributes}, scope, time, timeNano) plus the pre-1.22 fields
// (status, id, from) that old clients and docker-compose v1 still read for containers.

export const EVENT_TYPES = ["container", "image", "volume", "network", "daemon", "plugin", "node", "service", "secret", "config"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EngineEvent {
  Type: EventType;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: "local";
  time: number;
  timeNano: number;
  status?: string;
  id?: string;
  from?: string;
}

export type EventListener = (e: EngineEvent) => void;

/** moby keeps the last 256 events for replays (daemon/events/events.go eventsLimit); we keep more, it is cheap. */
const RING_SIZE = 1024;

export class EventBus {
  private readonly ring: EngineEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private lastNs = 0n;

  publish(type: EventType, action: string, id: string, attributes: Record<string, string> = {}): EngineEvent {
    // Wall-clock ms plus sub-ms digits, kept strictly increasing (1 µs apart at least, so the float timeNano still
    // orders): `since`/`until` replays and the CLI's printed times follow publish order.
    let nowNs = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    if (nowNs <= this.lastNs) nowNs = this.lastNs + 1_000n;
    this.lastNs = nowNs;
    const e: EngineEvent = {
      Type: type,
      Action: action,
      Actor: { ID: id, Attributes: attributes },
      scope: "local",
      time: Number(nowNs / 1_000_000_000n),
      timeNano: Number(nowNs),
    };
    if (type === "container" || type === "image") {
      e.status = action;
      e.id = id;
      if (attributes.image) e.from = attributes.image;
    }
    this.ring.push(e);
    if (this.ring.length > RING_SIZE) this.ring.shift();
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a broken subscriber never breaks the publisher */
      }
    }
    return e;
  }

  /** Live events from now on; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Recent events, oldest first (for `since`). */
  recent(): readonly EngineEvent[] {
    return this.ring;
  }
}
