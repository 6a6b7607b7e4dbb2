const COLORS: Record<string, string> = {
  running: "bg-emerald-100 text-emerald-800",
  paused: "bg-amber-100 text-amber-800",
  restarting: "bg-sky-100 text-sky-800",
  created: "bg-slate-100 text-slate-700",
  exited: "bg-slate-200 text-slate-700",
  dead: "bg-red-100 text-red-800",
  removing: "bg-red-100 text-red-800",
};

export function StateBadge({ state }: { state: string }) {
  return (
    <span data-testid="container-state" className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${COLORS[state] ?? "bg-slate-100"}`}>
      {state}
    </span>
  );
}
