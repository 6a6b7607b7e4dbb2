"use client";
// Pull an image: the procedure starts the pull, the /ws/image-pull channel streams per-layer progress.
import { useEffect, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../trpc-provider";
import { Field, inputClass } from "../../components/field";
import { ErrorBanner } from "../../components/error-banner";
import { describeError } from "../../components/trpc-error";
import { formatBytes, primaryButtonClass, wsChannelUrl } from "../../components/resources/format";
import type { PullProgress } from "@/server/services/images/pull-progress";

export function PullPanel({ environmentId, onDone }: { environmentId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const [reference, setReference] = useState("");
  const [job, setJob] = useState<{ jobId: string; reference: string } | null>(null);
  const [progress, setProgress] = useState<PullProgress | null>(null);
  const pull = useMutation(trpc.image.pull.mutationOptions({ onSuccess: (r) => (setProgress(null), setJob(r)) }));

  useEffect(() => {
    if (!job) return;
    const ws = new WebSocket(wsChannelUrl("image-pull", [["environmentId", environmentId], ["jobId", job.jobId]]));
    ws.onmessage = (m) => {
      const message = JSON.parse(String(m.data)) as { type: string; progress?: PullProgress; message?: string };
      if (message.type === "progress" && message.progress) {
        setProgress(message.progress);
        if (message.progress.done) onDone();
      } else if (message.type === "error") setProgress((p) => ({ ...(p ?? { layers: [], messages: [] }), error: message.message ?? "error", done: true }));
    };
    return () => ws.close();
  }, [job, environmentId, onDone]);

  const error = pull.error ? describeError(pull.error) : null;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label="Pull an image">
      <form
        className="flex items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          pull.mutate({ environmentId, reference });
        }}
      >
        <div className="flex-1">
          <Field id="reference" label="Image to pull" errors={error?.fieldErrors.reference}>
            <input id="reference" value={reference} onChange={(e) => setReference(e.target.value)} placeholder="registry.example.com/app:1.2" className={`${inputClass} font-mono`} />
          </Field>
        </div>
        <button type="submit" className={primaryButtonClass} disabled={!environmentId || pull.isPending}>
          Pull
        </button>
      </form>
      <div className="mt-2">
        <ErrorBanner error={error && !error.fieldErrors.reference ? error : null} />
      </div>
      {job && progress ? (
        <div className="mt-3 space-y-1 text-xs" data-testid="pull-progress">
          <p className="font-medium text-slate-700">
            {job.reference}:{" "}
            <span data-testid="pull-state">{progress.error ? `failed: ${progress.error}` : progress.done ? "pull complete" : "pulling…"}</span>
          </p>
          {progress.layers.map((l) => (
            <div key={l.id} className="flex items-center gap-2" data-testid="pull-layer">
              <span className="w-28 font-mono">{l.id}</span>
              <span className="w-40 text-slate-600">{l.status}</span>
              <div className="h-2 w-48 overflow-hidden rounded bg-slate-100">
                <div className="h-2 bg-sky-500" style={{ width: `${l.total ? Math.round((100 * l.current) / l.total) : l.phase === "complete" || l.phase === "exists" ? 100 : 0}%` }} />
              </div>
              <span className="text-slate-500">{l.total ? `${formatBytes(l.current)} / ${formatBytes(l.total)}` : ""}</span>
            </div>
          ))}
          {progress.messages.slice(-3).map((m, i) => (
            <p key={i} className="font-mono text-slate-500">
              {m}
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}
