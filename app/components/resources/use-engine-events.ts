"use client";
// Subscribes to /ws/events for the given environments and calls `onChange` (debounced) after container,
// network or volume events; reconnects after 2 s when the socket drops.
import { useEffect, useRef, useState } from "react";
import { wsChannelUrl } from "./format";

export type LiveEvent = { environmentId: string; objectType: string; action: string; id: string; name: string; time: number };

export function useEngineEvents(environmentIds: string[], onChange: () => void, debounceMs = 250): { connected: boolean; recent: LiveEvent[] } {
  const [connected, setConnected] = useState(false);
  const [recent, setRecent] = useState<LiveEvent[]>([]);
  const callback = useRef(onChange);
  callback.current = onChange;
  const key = environmentIds.join(",");

  useEffect(() => {
    let ws: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      ws = new WebSocket(wsChannelUrl("events", key ? key.split(",").map((id) => ["environmentId", id]) : []));
      ws.onmessage = (m) => {
        const message = JSON.parse(String(m.data)) as { type: string } & LiveEvent;
        if (message.type === "subscribed") setConnected(true);
        if (message.type !== "event") return;
        setRecent((r) => [message, ...r].slice(0, 20));
        clearTimeout(timer);
        timer = setTimeout(() => callback.current(), debounceMs);
      };
      ws.onclose = () => {
        setConnected(false);
        if (!stopped) retry = setTimeout(open, 2000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(retry);
      ws?.close();
    };
  }, [key, debounceMs]);
  return { connected, recent };
}
