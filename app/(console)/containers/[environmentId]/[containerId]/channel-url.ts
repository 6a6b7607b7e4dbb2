/** The ws gateway URL of a container channel on this page's own host (the session cookie goes along). */
export function channelUrl(channel: "logs" | "stats" | "console", params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/${channel}?${query}`;
}
