// /ws/console?environmentId&containerId[&shell=/bin/sh][&user=][&cols=80][&rows=24]: an interactive exec
// with a TTY (POST /containers/{id}/exec, then POST /exec/{id}/start hijacked, Engine API "Exec").
// Client → server: {"type":"input","data":string} | {"type":"resize","cols","rows"}.
// Server → client: binary frames = raw terminal output; {"type":"ready","execId"}; {"type":"exit","exitCode"};
// {"type":"error","message"}. When the socket closes the hijacked connection is destroyed: the engine closes
// the TTY, the shell gets SIGHUP and ends (checked by the console test); if it is still running after
// EXIT_GRACE_MS, the session's processes (found by a marker in their environment) are killed from a second exec.
import { randomUUID } from "node:crypto";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import type { WebSocket } from "ws";
import type { Database } from "../../db/client";
import type { Logger } from "../../log";
import type { SessionUser } from "../../services/auth/get-principal";
import { runAudited } from "../../services/audit/run-audited";
import { closeWithError, openContainer, send } from "./open-container";

export const SHELLS = ["/bin/sh", "/bin/bash", "/bin/ash", "/bin/zsh"] as const;
const EXIT_GRACE_MS = 1000;
const MARKER_VAR = "WHARF_CONSOLE_SESSION";
const USER_PATTERN = /^[a-zA-Z0-9_.-]*(?::[a-zA-Z0-9_.-]+)?$/;

function clampSize(value: string | null | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : fallback;
}

export function createConsoleChannel(db: Database) {
  return (ws: WebSocket, params: URLSearchParams, user: SessionUser, log: Logger, clientAddress: string) => {
    void (async () => {
      const opened = await openContainer(db, ws, params, user, "container:console", { channel: "console", log, clientAddress });
      if (!opened) return;
      const shell = params.get("shell") || "/bin/sh";
      const execUser = params.get("user") ?? "";
      if (!(SHELLS as readonly string[]).includes(shell)) return closeWithError(ws, `shell must be one of ${SHELLS.join(", ")}`);
      if (!USER_PATTERN.test(execUser)) return closeWithError(ws, "user must be a name or uid, optionally :group");
      if (!opened.info.State.Running) return closeWithError(ws, "The container is not running: start it to open a console.");

      const actor = { db, log, user, clientAddress };
      // Marks this session's processes (inherited by its children) so cleanup can find exactly them.
      const marker = randomUUID();
      let exec: Docker.Exec;
      let stream: Duplex;
      try {
        ({ exec, stream } = await runAudited(
          actor,
          { action: "container.console", target: opened.info.Id, environmentId: opened.environmentId, detail: `${shell} as ${execUser || "default user"}` },
          async () => {
            const exec = await opened.container.exec({
              Cmd: [shell],
              User: execUser,
              AttachStdin: true,
              AttachStdout: true,
              AttachStderr: true,
              Tty: true,
              Env: ["TERM=xterm-256color", `${MARKER_VAR}=${marker}`],
            });
            const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
            return { exec, stream };
          },
        ));
      } catch (error) {
        return closeWithError(ws, `console: ${(error as { json?: { message?: string } }).json?.message ?? (error as Error).message}`);
      }
      const resize = (cols: number, rows: number) =>
        exec.resize({ w: cols, h: rows }).catch((error: unknown) => log.debug({ err: error }, "exec resize failed"));
      await resize(clampSize(params.get("cols"), 80), clampSize(params.get("rows"), 24));
      send(ws, { type: "ready", execId: exec.id });

      stream.on("data", (chunk: Buffer) => {
        if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
      });
      stream.on("end", () => {
        void exec
          .inspect()
          .then((info) => send(ws, { type: "exit", exitCode: info.ExitCode }))
          .catch(() => send(ws, { type: "exit", exitCode: null }))
          .finally(() => ws.readyState === ws.OPEN && ws.close(1000, "console ended"));
      });
      stream.on("error", (error) => log.debug({ err: error }, "console stream error"));

      ws.on("message", (data, isBinary) => {
        if (isBinary) return stream.write(data as Buffer);
        let message: { type?: string; data?: unknown; cols?: unknown; rows?: unknown };
        try {
          message = JSON.parse(data.toString());
        } catch {
          return send(ws, { type: "error", message: "messages must be JSON" });
        }
        if (message.type === "input" && typeof message.data === "string") stream.write(message.data);
        else if (message.type === "resize") void resize(clampSize(String(message.cols), 80), clampSize(String(message.rows), 24));
      });
      ws.on("close", () => {
        stream.destroy();
        setTimeout(() => void endIfStillRunning(opened.container, exec, marker, log), EXIT_GRACE_MS).unref();
      });
    })();
  };
}

/** Last resort when the engine kept the exec alive: kill, inside the container, the processes of THIS session
 * only — those whose environment holds its marker (other consoles and `docker exec`s are left alone). */
async function endIfStillRunning(container: Docker.Container, exec: Docker.Exec, marker: string, log: Logger): Promise<void> {
  try {
    const info = await exec.inspect();
    if (!info.Running) return;
    log.warn({ execId: exec.id }, "console exec still running after close; killing its processes");
    // dockerd keeps a TTY exec running when its client goes away (moby/moby#9098), and the exec's PID is a
    // host PID, useless inside the container: match the marker in /proc/<pid>/environ instead.
    const script = `for p in /proc/[0-9]*; do q=\${p#/proc/}; [ "$q" != "$$" ] && tr '\\0' '\\n' < "$p/environ" 2>/dev/null | grep -qx "${MARKER_VAR}=${marker}" && kill -KILL "$q"; done; true`;
    const killer = await container.exec({ Cmd: ["sh", "-c", script], AttachStdout: false, AttachStderr: false });
    await killer.start({ Detach: true });
  } catch (error) {
    log.debug({ err: error }, "console cleanup check failed");
  }
}
