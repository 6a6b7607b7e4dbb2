/** A small SVG line chart of the last values (no chart library). Series share the y scale. */
export function Sparkline(props: { title: string; value: string; series: Array<{ values: number[]; color: string; label: string }>; testId: string }) {
  const W = 320;
  const H = 90;
  const all = props.series.flatMap((s) => s.values);
  const max = Math.max(1e-9, ...all);
  const points = (values: number[]) =>
    values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * W},${H - (v / max) * (H - 4) - 2}`).join(" ");
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid={props.testId} data-samples={props.series[0]?.values.length ?? 0}>
      <figcaption className="flex items-baseline justify-between text-sm">
        <span className="font-medium">{props.title}</span>
        <span className="font-mono text-xs text-slate-600" data-testid={`${props.testId}-value`}>{props.value}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="mt-2 h-24 w-full" preserveAspectRatio="none" role="img" aria-label={props.title}>
        {props.series.map((s) => (
          <polyline key={s.label} points={points(s.values)} fill="none" stroke={s.color} strokeWidth="2" vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
      <div className="flex gap-3 text-xs text-slate-500">
        {props.series.map((s) => (
          <span key={s.label} style={{ color: s.color }}>■ {s.label}</span>
        ))}
      </div>
    </figure>
  );
}
