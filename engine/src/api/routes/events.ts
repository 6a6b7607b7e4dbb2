// GET /events (Docker Engine API "System" → Monitor events): JSON lines, one EventMessage each. `since` replays
// from the bus ring (and, with no `since`, `until` alone replays everything up to it); an `until` in the past ends
// the stream after the replay, one in the future ends it when reached; otherwise it runs until the client leaves.
// Same order of checks and messages as dockerd's getEvents (api/server/router/system/system_routes.go).
import type { EventBus } from "../../events/event-bus.js";
import { matchesEvent, parseEventFilters, parseEventTime } from "../../events/event-filter.js";
import { invalidArgument } from "../../errors.js";
import type { HttpRoute } from "../router.js";

export function eventRoutes(bus: EventBus): HttpRoute[] {
  return [
    {
      method: "GET",
      pattern: "/events",
      handle(ctx, res) {
        const sinceRaw = ctx.query.get("since");
        const untilRaw = ctx.query.get("until");
        const since = parseEventTime(sinceRaw, "since");
        const until = parseEventTime(untilRaw, "until");
        const nowNs = BigInt(Date.now()) * 1_000_000n;
        if (until !== undefined && until < (since ?? 0n)) throw invalidArgument(`\`since\` time (${sinceRaw}) cannot be after \`until\` time (${untilRaw})`);
        const filters = parseEventFilters(ctx.query.get("filters"));
        const onlyPast = until !== undefined && until < nowNs;

        res.writeHead(200, { "Content-Type": "application/json" });
        res.flushHeaders();
        const send = (e: object) => {
          if (!res.destroyed) res.write(`${JSON.stringify(e)}\n`);
        };
        // Replay and subscription happen in one tick, so no event falls between them.
        if (since !== undefined || until !== undefined) {
          for (const e of bus.recent()) {
            const t = BigInt(e.timeNano);
            if (since !== undefined && t < since) continue;
            if (until !== undefined && t > until) continue;
            if (matchesEvent(filters, e)) send(e);
          }
        }
        if (onlyPast) {
          res.end();
          return;
        }
        return new Promise<void>((resolve) => {
          let timer: NodeJS.Timeout | undefined;
          const unsubscribe = bus.subscribe((e) => {
            if (until !== undefined && BigInt(e.timeNano) > until) return;
            if (matchesEvent(filters, e)) send(e);
          });
          const finish = () => {
            clearTimeout(timer);
            unsubscribe();
            if (!res.writableEnded) res.end();
            resolve();
          };
          // setTimeout holds at most ~24.8 days: a later `until` is reached in steps.
          const arm = () => {
            const leftMs = Number((until! - BigInt(Date.now()) * 1_000_000n) / 1_000_000n) + 1;
            if (leftMs <= 0) return finish();
            timer = setTimeout(arm, Math.min(leftMs, 2 ** 31 - 1));
          };
          if (until !== undefined) arm();
          res.on("close", finish);
        });
      },
    },
  ];
}
