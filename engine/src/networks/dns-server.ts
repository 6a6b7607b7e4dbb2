// The embedded DNS server of user-defined networks. Docker answers on 127.0.0.11 inside each container's netns;
// wharfd listens (UDP) on each user-defined network's gateway address instead — one socket per network in the
// engine process — and containers on it get `nameserver <gateway>` in resolv.conf. It answers A queries for
// container names, network aliases and `--link` aliases on that network (RFC 1035 §4 message format), answers
// AAAA/other types for those names with no records, and relays every other query to the querying container's
// `--dns` servers or, without those, the host's resolvers.
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { readFileSync } from "node:fs";

/** name (lower case, no trailing dot) → IPv4 addresses, for the client at `clientIp`. */
export type Lookup = (name: string, clientIp: string) => string[] | undefined;

const TYPE_A = 1;
const CLASS_IN = 1;
const TTL = 600;

interface Question {
  name: string;
  type: number;
  qclass: number;
  /** Offset just after the question section (the end of the first question). */
  end: number;
}

/** Parses the first question of a query; undefined for anything malformed or not a query. */
export function parseQuestion(msg: Buffer): Question | undefined {
  if (msg.length < 12 || (msg[2]! & 0x80) !== 0 || msg.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let o = 12;
  for (;;) {
    if (o >= msg.length) return undefined;
    const len = msg[o]!;
    if (len === 0) {
      o += 1;
      break;
    }
    if (len > 63 || o + 1 + len > msg.length) return undefined;
    labels.push(msg.subarray(o + 1, o + 1 + len).toString("latin1"));
    o += 1 + len;
  }
  if (o + 4 > msg.length) return undefined;
  return { name: labels.join(".").toLowerCase(), type: msg.readUInt16BE(o), qclass: msg.readUInt16BE(o + 2), end: o + 4 };
}

/** A response to `query` with A records `ips` (none: NOERROR/NODATA), echoing the question. */
export function buildAnswer(query: Buffer, q: Question, ips: string[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR=1, opcode from the query, AA=1, RD copied, RA=1, RCODE=0.
  header.writeUInt16BE(0x8000 | (query.readUInt16BE(2) & 0x7900) | 0x0400 | 0x0080, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(q.type === TYPE_A ? ips.length : 0, 6);
  const answers = q.type === TYPE_A
    ? ips.map((ip) => {
        const rr = Buffer.alloc(16);
        rr.writeUInt16BE(0xc00c, 0); // pointer to the question name at offset 12
        rr.writeUInt16BE(TYPE_A, 2);
        rr.writeUInt16BE(CLASS_IN, 4);
        rr.writeUInt32BE(TTL, 6);
        rr.writeUInt16BE(4, 10);
        ip.split(".").forEach((o, i) => (rr[12 + i] = Number(o)));
        return rr;
      })
    : [];
  return Buffer.concat([header, query.subarray(12, q.end), ...answers]);
}

/** Nameservers of the host's resolv.conf that a container can reach (not loopback ones). */
export function hostNameservers(text = safeRead("/etc/resolv.conf")): string[] {
  return [...text.matchAll(/^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/gm)].map((m) => m[1]!).filter((ip) => !ip.startsWith("127."));
}

function safeRead(p: string): string {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return "";
  }
}

export class EmbeddedDns {
  private socket?: Socket;

  /**
   * `upstreams(clientIp)`: where to relay names we do not know — the querying container's `--dns` servers, else the
   * host's resolvers (as Docker's embedded DNS does).
   */
  constructor(private readonly address: string, private readonly lookup: Lookup, private readonly upstreams: (clientIp: string) => string[] = () => hostNameservers()) {}

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = createSocket({ type: "udp4" });
      s.once("error", reject);
      s.on("message", (msg, rinfo) => this.answer(msg, rinfo));
      s.bind({ address: this.address, port: 53, exclusive: true }, () => {
        s.removeListener("error", reject);
        s.on("error", () => {});
        this.socket = s;
        resolve();
      });
    });
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  private answer(msg: Buffer, rinfo: RemoteInfo): void {
    const q = parseQuestion(msg);
    if (!q) return;
    const ips = q.qclass === CLASS_IN ? this.lookup(q.name, rinfo.address) : undefined;
    if (ips && ips.length) {
      this.socket?.send(buildAnswer(msg, q, ips), rinfo.port, rinfo.address);
      return;
    }
    this.forward(msg, rinfo);
  }

  /** Relays the raw query to the first upstream resolver that answers, 2 s each. */
  private forward(msg: Buffer, rinfo: RemoteInfo): void {
    const servers = this.upstreams(rinfo.address);
    const tryNext = (i: number) => {
      if (i >= servers.length) return;
      const up = createSocket("udp4");
      const timer = setTimeout(() => {
        up.close();
        tryNext(i + 1);
      }, 2000);
      up.on("error", () => {
        clearTimeout(timer);
        up.close();
        tryNext(i + 1);
      });
      up.on("message", (reply) => {
        clearTimeout(timer);
        up.close();
        this.socket?.send(reply, rinfo.port, rinfo.address);
      });
      up.send(msg, 53, servers[i]!);
    };
    tryNext(0);
  }
}
