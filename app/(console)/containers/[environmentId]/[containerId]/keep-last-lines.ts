/** Appends `incoming` and keeps only the newest `max` entries: the log view's memory bound. */
export function keepLastLines<T>(current: readonly T[], incoming: readonly T[], max: number): T[] {
  if (incoming.length >= max) return incoming.slice(incoming.length - max);
  const next = current.concat(incoming);
  return next.length > max ? next.slice(next.length - max) : next;
}
