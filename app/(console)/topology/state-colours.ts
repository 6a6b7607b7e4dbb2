// Container state → node colours in the topology (the same meaning as the list's state badges).
export const STATE_COLOURS: Record<string, { fill: string; border: string; text: string }> = {
  running: { fill: "#d1fae5", border: "#059669", text: "#064e3b" },
  paused: { fill: "#fef3c7", border: "#d97706", text: "#78350f" },
  restarting: { fill: "#e0f2fe", border: "#0284c7", text: "#0c4a6e" },
  created: { fill: "#f1f5f9", border: "#94a3b8", text: "#334155" },
  exited: { fill: "#e2e8f0", border: "#64748b", text: "#334155" },
  dead: { fill: "#fee2e2", border: "#dc2626", text: "#7f1d1d" },
  removing: { fill: "#fee2e2", border: "#dc2626", text: "#7f1d1d" },
};

export function coloursFor(state: string | undefined) {
  return STATE_COLOURS[state ?? ""] ?? STATE_COLOURS.created!;
}
