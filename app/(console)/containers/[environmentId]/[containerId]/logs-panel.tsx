"use client";
// Live logs over /ws/logs. The browser keeps only the last MAX_LINES lines (bounded memory); search and the
// stdout/stderr switches filter what is shown; Download saves the kept lines as a text file.
import { useEffect, useMemo, useRef, useState } from "react";
import { channelUrl } from "./channel-url";
import { keepLastLines } from "./keep-last-lines";
import { inputClass } from "../../../../components/field";

export const MAX_LINES = 2000;
type Line = { n: number; stream: "stdout" | "stderr"; time: string | null; text: string };

export function LogsPanel({ environmentId, containerId, name }: { environmentId: string; containerId: string; name: string }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [status, setStatus] = useState("connecting…");
  const [filter, setFilter] = useState("");
  const [showOut, setShowOut] = useState(true);
  const [showErr, setShowErr] = useState(true);
  const [timestamps, setTimestamps] = useState(true);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const counter = useRef(0);

  useEffect(() => {
    const ws = new WebSocket(channelUrl("logs", { environmentId, containerId, tail: 500 }));
    ws.onopen = () => setStatus("live");
    ws.onmessage = (event) => {
      const m = JSON.parse(String(event.data));
      if (m.type === "lines") {
        const incoming: Line[] = m.lines.map((l: Omit<Line, "n">) => ({ ...l, n: counter.current++ }));
        setLines((prev) => keepLastLines(prev, incoming, MAX_LINES));
      } else if (m.type === "end") setStatus("ended (the container stopped)");
      else if (m.type === "error") setStatus(`error: ${m.message}`);
    };
    ws.onclose = () => setStatus((s) => (s === "live" ? "disconnected" : s));
    return () => ws.close();
  }, [environmentId, containerId]);

  const shown = useMemo(() => {
    const needle = filter.toLowerCase();
    return lines.filter((l) => (l.stream === "stdout" ? showOut : showErr) && (!needle || l.text.toLowerCase().includes(needle)));
  }, [lines, filter, showOut, showErr]);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);

  const download = () => {
    const text = shown.map((l) => `${l.time ?? ""} ${l.stream} ${l.text}`.trim()).join("\n") + "\n";
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    a.download = `${name}-logs.txt`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <input aria-label="Filter logs" placeholder="Filter lines…" value={filter} onChange={(e) => setFilter(e.target.value)} className={`${inputClass} w-64`} />
        <label className="flex items-center gap-1"><input type="checkbox" checked={showOut} onChange={(e) => setShowOut(e.target.checked)} /> stdout</label>
        <label className="flex items-center gap-1"><input type="checkbox" checked={showErr} onChange={(e) => setShowErr(e.target.checked)} /> stderr</label>
        <label className="flex items-center gap-1"><input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> timestamps</label>
        <label className="flex items-center gap-1"><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow</label>
        <button type="button" onClick={download} className="rounded-md border border-slate-300 px-3 py-1">Download</button>
        <span className="text-slate-500" data-testid="logs-status">{status} · {shown.length} of {lines.length} lines (last {MAX_LINES} kept)</span>
      </div>
      <div ref={box} data-testid="log-view" className="h-[28rem] overflow-auto rounded-lg bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100">
        {shown.map((l) => (
          <div key={l.n} data-stream={l.stream} className={l.stream === "stderr" ? "text-red-300" : undefined}>
            {timestamps && l.time ? <span className="mr-2 text-slate-500">{l.time.replace("T", " ").slice(0, 23)}</span> : null}
            {l.stream === "stderr" ? <span className="mr-1 text-red-400">ERR</span> : null}
            <span className="whitespace-pre-wrap">{l.text}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
