"use client";
// The web console: xterm.js over /ws/console. Choose the shell and user, then Connect. Leaving the tab or
// the page closes the socket, which ends the exec on the host.
import { useEffect, useRef, useState } from "react";
import "@xterm/xterm/css/xterm.css";
import { channelUrl } from "./channel-url";
import { inputClass } from "../../../../components/field";

const SHELLS = ["/bin/sh", "/bin/bash", "/bin/ash", "/bin/zsh"] as const;

export function ConsolePanel({ environmentId, containerId, running }: { environmentId: string; containerId: string; running: boolean }) {
  const [shell, setShell] = useState<string>("/bin/sh");
  const [user, setUser] = useState("");
  const [session, setSession] = useState(0);
  const [status, setStatus] = useState("not connected");
  const holder = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (session === 0 || !holder.current) return;
    let disposed = false;
    let ws: WebSocket | null = null;
    let cleanup = () => {};
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed || !holder.current) return;
      const term = new Terminal({ cursorBlink: true, fontSize: 13, convertEol: false, theme: { background: "#020617" } });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(holder.current);
      fit.fit();
      ws = new WebSocket(channelUrl("console", { environmentId, containerId, shell, user, cols: term.cols, rows: term.rows }));
      ws.binaryType = "arraybuffer";
      setStatus("connecting…");
      ws.onmessage = (event) => {
        if (typeof event.data !== "string") return term.write(new Uint8Array(event.data as ArrayBuffer));
        const m = JSON.parse(event.data);
        if (m.type === "ready") {
          setStatus("connected");
          term.focus();
        } else if (m.type === "exit") setStatus(`ended (exit code ${m.exitCode ?? "unknown"})`);
        else if (m.type === "error") setStatus(`error: ${m.message}`);
      };
      ws.onclose = () => setStatus((s) => (s === "connected" ? "disconnected" : s));
      const input = term.onData((data) => ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: "input", data })));
      const resize = term.onResize(({ cols, rows }) => ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: "resize", cols, rows })));
      const onWindowResize = () => fit.fit();
      window.addEventListener("resize", onWindowResize);
      cleanup = () => {
        window.removeEventListener("resize", onWindowResize);
        input.dispose();
        resize.dispose();
        ws?.close();
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [session, environmentId, containerId, shell, user]);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="space-y-1">
          <span className="block text-slate-600">Shell</span>
          <select aria-label="Shell" value={shell} onChange={(e) => setShell(e.target.value)} disabled={session > 0} className={`${inputClass} w-36`}>
            {SHELLS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span className="block text-slate-600">User</span>
          <input aria-label="User" placeholder="default" value={user} onChange={(e) => setUser(e.target.value)} disabled={session > 0} className={`${inputClass} w-36`} />
        </label>
        {session === 0 ? (
          <button type="button" disabled={!running} onClick={() => setSession(1)} className="rounded-md bg-sky-600 px-3 py-2 text-white disabled:opacity-50">
            Connect
          </button>
        ) : (
          <button type="button" onClick={() => (setSession(0), setStatus("not connected"))} className="rounded-md border border-slate-300 px-3 py-2">
            Disconnect
          </button>
        )}
        <span className="text-slate-500" data-testid="console-status">{running ? status : "The container is not running: start it to open a console."}</span>
      </div>
      <div ref={holder} data-testid="console" className="h-[28rem] rounded-lg bg-slate-950 p-2" />
    </div>
  );
}
