/** 1536 → "1.5 KB" (powers of 1000, as the docker CLI shows sizes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "?";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").slice(0, 19);
}

/** The ws gateway URL of a channel on this page's own host (the session cookie goes along). */
export function wsChannelUrl(channel: string, params: Array<[string, string]>): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/${channel}?${new URLSearchParams(params)}`;
}

export const buttonClass = "rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-50 disabled:opacity-50";
export const primaryButtonClass = "rounded-md bg-sky-600 px-3 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50";
export const dangerButtonClass = "rounded-md border border-red-300 px-2.5 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50";
export const tableClass = "min-w-full divide-y divide-slate-200 text-sm";
export const cardClass = "rounded-xl border border-slate-200 bg-white p-4 shadow-sm";
