// Folds the engine's pull progress stream (JSON messages of POST /images/create: {status, id?, progressDetail?,
// error?}) into per-layer state the UI draws, in the order layers first appeared.
export const LAYER_PHASES = ["waiting", "downloading", "verifying", "extracting", "complete", "exists"] as const;
export type LayerPhase = (typeof LAYER_PHASES)[number];

export type LayerProgress = { id: string; phase: LayerPhase; status: string; current: number; total: number };
export type PullProgress = { layers: LayerProgress[]; messages: string[]; error: string | null; done: boolean };

export type PullMessage = {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
};

export function emptyPullProgress(): PullProgress {
  return { layers: [], messages: [], error: null, done: false };
}

function phaseOf(status: string): LayerPhase | null {
  const s = status.toLowerCase();
  if (s.startsWith("waiting") || s.startsWith("pulling fs layer")) return "waiting";
  if (s.startsWith("downloading")) return "downloading";
  if (s.startsWith("verifying") || s.startsWith("download complete")) return "verifying";
  if (s.startsWith("extracting")) return "extracting";
  if (s.startsWith("pull complete")) return "complete";
  if (s.startsWith("already exists")) return "exists";
  return null;
}

/** Pure: returns the next state; unknown messages per layer keep the layer's phase and show their text. */
export function applyPullMessage(state: PullProgress, message: PullMessage): PullProgress {
  if (message.error || message.errorDetail?.message) {
    return { ...state, error: message.errorDetail?.message ?? message.error ?? "pull failed", done: true };
  }
  const status = message.status ?? "";
  const phase = phaseOf(status);
  if (!message.id || (phase === null && !state.layers.some((l) => l.id === message.id))) {
    return { ...state, messages: [...state.messages, message.id ? `${message.id}: ${status}` : status].slice(-20) };
  }
  const layers = [...state.layers];
  const index = layers.findIndex((l) => l.id === message.id);
  const previous = index >= 0 ? layers[index]! : { id: message.id, phase: "waiting" as LayerPhase, status: "", current: 0, total: 0 };
  const next: LayerProgress = {
    ...previous,
    phase: phase ?? previous.phase,
    status,
    current: message.progressDetail?.current ?? (phase === "complete" ? previous.total : previous.current),
    total: message.progressDetail?.total ?? previous.total,
  };
  if (index >= 0) layers[index] = next;
  else layers.push(next);
  return { ...state, layers };
}
