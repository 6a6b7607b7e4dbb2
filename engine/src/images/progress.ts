// Progress of long operations (pull, push, load, import) as Docker's jsonmessage stream
// (moby pkg/jsonmessage): one JSON object per line, which the docker CLI renders as the familiar layer lines.
export interface ProgressMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  stream?: string;
  errorDetail?: { message: string };
  error?: string;
  aux?: unknown;
}

export type Progress = (m: ProgressMessage) => void;

export const discardProgress: Progress = () => {};

/** The 12-hex short form dockerd uses as a layer line id. */
export function shortId(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

/** `[=====>      ]  1.2MB/5MB`, as jsonmessage.JSONProgress.String renders for non-TTY consumers. */
export function progressBar(current: number, total: number | undefined): string {
  const human = (n: number) => (n < 1000 ? `${n}B` : n < 1e6 ? `${(n / 1e3).toFixed(1)}kB` : n < 1e9 ? `${(n / 1e6).toFixed(1)}MB` : `${(n / 1e9).toFixed(2)}GB`);
  if (!total) return human(current);
  const width = 50;
  const filled = Math.min(width, Math.floor((current / total) * width));
  const bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled === width ? "=" : ">") : "") + " ".repeat(width - filled);
  return `[${bar}] ${human(current).padStart(8)}/${human(total)}`;
}
