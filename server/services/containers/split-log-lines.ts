// Turns a byte stream of log output into lines. With timestamps=1 Docker prefixes each line with an
// RFC 3339 nano timestamp and one space (Engine API, GET /containers/{id}/logs).
export type LogLine = { stream: "stdout" | "stderr"; time: string | null; text: string };

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) /;

/** Returns a push function: feed chunks, get the complete lines so far (a partial last line is kept). */
export function createLineSplitter(stream: LogLine["stream"]): { push(chunk: Buffer | string): LogLine[]; flush(): LogLine[] } {
  let pending = "";
  const toLine = (raw: string): LogLine => {
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const m = TIMESTAMP.exec(text);
    return m ? { stream, time: m[1]!, text: text.slice(m[0].length) } : { stream, time: null, text };
  };
  return {
    push(chunk) {
      pending += typeof chunk === "string" ? chunk : chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      return parts.map(toLine);
    },
    flush() {
      if (!pending) return [];
      const line = toLine(pending);
      pending = "";
      return [line];
    },
  };
}
