// Networks (Docker Engine API "Network" tag) and container endpoints: records, IPAM, bridges, veths, the nft
// table, published-port reservations and the embedded DNS. Containers reach this through its lifecycle hooks
// (network-hooks.ts); routes through the methods below. Everything kernel-side is derived from the records:
// repair at start-up = recreate our bridges, drop veths of ours that no running endpoint claims, rebuild our table.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import type { ContainerRecord } from "../containers/container-record.js";
import type { ContainerService } from "../containers/container-service.js";
import { EngineError, invalidArgument } from "../errors.js";
import type { EventBus } from "../events/event-bus.js";
import type { Logger } from "../log.js";
import { EmbeddedDns, hostNameservers } from "./dns-server.js";
import { applyTable, deleteTable, type FirewallPort, tableName } from "./firewall.js";
import { attachVeth, bridgePorts, deleteLink, ensureBridge, linkExists } from "./host-links.js";
import { AddressAllocator, hostPrefixes, normalizePool, pickSubnet, routePrefixes } from "./ipam.js";
import { formatIp, mustParseCidr, overlaps, parseCidr, parseIp, type Prefix } from "./ipv4.js";
import { type Endpoint, isUserDefinedBridge, type NetworkRecord } from "./network-record.js";
import { NetworkStore } from "./network-store.js";
import type { Reservation } from "./port-mappings.js";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

export interface NetworkServiceOptions {
  dataRoot: string;
  bridge: string;
  bip?: string;
  iptables: boolean;
  ipForward: boolean;
  mtu: number;
  containers: ContainerService;
  bus: EventBus;
  log: Logger;
}

export interface CreateNetworkRequest {
  Name?: string;
  Driver?: string;
  Internal?: boolean;
  Attachable?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string; IPRange?: string; AuxiliaryAddresses?: Record<string, string> }[] | null; Options?: Record<string, string> | null };
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function createdNow(): string {
  const d = new Date();
  return d.toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(process.hrtime.bigint() % 1_000_000n).padStart(6, "0")}Z`);
}

export class NetworkService {
  readonly store: NetworkStore;
  readonly table: string;
  /** Host veth names: `wv` + 5 hex of the default bridge's name (one daemon's) + 7 random hex, so repair and tests can tell ours. */
  readonly vethPrefix: string;
  readonly ipam = new AddressAllocator();
  /** Held host ports per container id. */
  readonly reservations = new Map<string, Reservation[]>();
  private readonly dns = new Map<string, EmbeddedDns>();
  private fwQueue: Promise<void> = Promise.resolve();
  private fwPending?: Promise<void>;
  /**
   * Bridges whose rules belong in the table: the default one, and a user network's from its first endpoint until
   * it is removed (an empty network carries no traffic, so create/rm of an unused network costs no nft call).
   */
  private readonly ruled = new Set<string>();
  /** Bridges named by the table as last applied. */
  private rendered = new Set<string>();
  /** Serializes create/remove so two concurrent creates cannot pick the same subnet. */
  private createQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly o: NetworkServiceOptions) {
    this.store = new NetworkStore(join(o.dataRoot, "network"));
    this.table = tableName(o.bridge);
    this.vethPrefix = `wv${createHash("sha256").update(o.bridge).digest("hex").slice(0, 5)}`;
  }

  get containers(): ContainerService {
    return this.o.containers;
  }

  // ---- start-up ---------------------------------------------------------------------------------------------

  /** Predefined networks, then every bridge of ours (re)created. Before containers.restore(). */
  /** Host veths being deleted in the background (deleting a veth takes the kernel 20-30 ms). */
  private readonly deleting = new Set<Promise<void>>();

  /**
   * Deletes a stopped container's host veth off the critical path: its peer's netns is going away with the
   * container (which deletes the pair anyway); a `docker rm`/`run --rm` need not wait for the kernel.
   */
  deleteLater(ifname: string): void {
    const p = deleteLink(ifname)
      .catch((err) => this.o.log.warn({ veth: ifname, err: String(err) }, "delete veth"))
      .finally(() => this.deleting.delete(p));
    this.deleting.add(p);
  }

  /** Held while this daemon owns its default bridge and nft table (see lockBridge). */
  private lock?: Server;

  /**
   * One daemon per default bridge on a host: an abstract unix socket named after the bridge is the lock (the kernel
   * drops it when the process dies, even by SIGKILL). A second wharfd with the same bridge (or data root) stops
   * here, before it touches the first one's bridges or rules.
   */
  private lockBridge(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once("error", (err: NodeJS.ErrnoException) =>
        reject(err.code === "EADDRINUSE" ? new EngineError("Conflict", `another wharfd already uses the bridge ${this.o.bridge}: give this one its own --bridge or --data-root`) : err));
      server.listen({ path: `\0wharf-bridge-${this.o.bridge}` }, () => {
        server.unref();
        this.lock = server;
        resolve();
      });
    });
  }

  async init(): Promise<void> {
    await this.lockBridge();
    const bridgeNet = this.store.byName("bridge");
    if (bridgeNet && (bridgeNet.bridge !== this.o.bridge || (this.o.bip && this.bipPool().subnet !== bridgeNet.ipam.config[0]?.subnet))) {
      // --bridge/--bip changed since the last run: the default network follows the flags (dockerd does the same).
      if (bridgeNet.bridge) await deleteLink(bridgeNet.bridge).catch(() => {});
      this.store.delete(bridgeNet.id);
    }
    if (!this.store.byName("bridge")) {
      const pool = this.o.bip ? this.bipPool() : await this.autoPool([]);
      this.store.save(this.newRecord("bridge", "bridge", {
        predefined: true, ipam: { driver: "default", options: {}, config: [pool] }, userSubnet: false, bridge: this.o.bridge, mtu: this.o.mtu,
        options: {
          "com.docker.network.bridge.default_bridge": "true", "com.docker.network.bridge.enable_icc": "true",
          "com.docker.network.bridge.enable_ip_masquerade": "true", "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
          "com.docker.network.bridge.name": this.o.bridge, "com.docker.network.driver.mtu": String(this.o.mtu),
        },
      }));
    }
    if (!this.store.byName("host")) this.store.save(this.newRecord("host", "host", { predefined: true }));
    if (!this.store.byName("none")) this.store.save(this.newRecord("none", "null", { predefined: true }));
    this.ruled.add(this.o.bridge);
    // Bridges come back with their addresses. A daemon that took one of our automatic subnets while we were
    // stopped (our bridges go at a clean stop), or is starting at the same moment, wins: an automatic subnet moves on
    // while none of the network's containers runs; a --bip or --subnet is the operator's choice and only warned about.
    const runningOn = (n: NetworkRecord) => this.containers.store.all().some((r) => (r.state.status === "running" || r.state.status === "paused") && r.network?.endpoints[n.name]);
    for (const n of this.store.all()) {
      if (n.driver !== "bridge") continue;
      let others = await this.setUpBridge(n);
      const movable = (n.name === "bridge" ? !this.o.bip : !n.userSubnet) && !runningOn(n);
      for (let attempt = 0; attempt < 8; attempt++) {
        const subnet = parseCidr(n.ipam.config[0]!.subnet)!;
        if (!others.some((h) => overlaps(h, subnet))) break;
        if (!movable) {
          this.o.log.warn({ network: n.name, subnet: n.ipam.config[0]!.subnet }, "network subnet overlaps a route of another interface");
          break;
        }
        this.o.log.warn({ network: n.name, subnet: n.ipam.config[0]!.subnet }, "network subnet in use elsewhere; picking another");
        await this.undoBridge(n);
        n.ipam.config = [normalizePool({}, pickSubnet([...others, ...this.ourSubnets([n.id]), subnet]))];
        this.store.save(n);
        others = await this.setUpBridge(n);
      }
    }
  }

  /** After containers.restore(): veths on our bridges that no running endpoint claims are removed; rules rebuilt. */
  async afterRestore(): Promise<void> {
    const claimed = new Set(this.containers.store.all().flatMap((r) => Object.values(r.network?.endpoints ?? {}).map((e) => e.hostVeth).filter(Boolean)));
    const ours = new Set(readdirSync("/sys/class/net").filter((i) => i.startsWith(this.vethPrefix)));
    for (const n of this.store.all()) if (n.bridge) for (const port of bridgePorts(n.bridge)) ours.add(port);
    for (const port of ours) {
      if (claimed.has(port)) continue;
      this.o.log.info({ veth: port }, "removing a stale veth");
      await deleteLink(port).catch(() => {});
    }
    for (const r of this.containers.store.all()) {
      for (const [name, e] of Object.entries(r.network?.endpoints ?? {})) {
        const b = e.ipAddress ? this.store.find(e.networkId)?.bridge ?? this.store.find(name)?.bridge : undefined;
        if (b) this.ruled.add(b);
      }
    }
    await this.syncFirewall();
  }

  /** Clean daemon stop: with no container running, take down everything kernel-side (recreated at next start). */
  async shutdown(): Promise<void> {
    if (!this.lock) return; // never owned anything (a second daemon refused at init)
    await Promise.all([...this.deleting]);
    for (const d of this.dns.values()) d.close();
    this.dns.clear();
    for (const r of this.reservations.values()) for (const x of r) x.close();
    this.reservations.clear();
    const running = this.containers.store.all().filter((r) => r.state.status === "running" || r.state.status === "paused");
    if (running.length) {
      this.o.log.info({ running: running.length }, "keeping bridges and nft table for running containers (live restore)");
      this.lock.close();
      this.lock = undefined;
      return;
    }
    if (this.o.iptables) await this.fwQueue.then(() => deleteTable(this.table)).catch((err) => this.o.log.warn({ err: String(err) }, "delete nft table"));
    const bridges = this.store.all().map((n) => n.bridge).filter((b): b is string => !!b);
    for (const b of bridges) await deleteLink(b).catch((err) => this.o.log.warn({ bridge: b, err: String(err) }, "delete bridge"));
    this.o.log.info({ table: this.table, bridges }, "bridges and nft table removed");
    this.lock.close();
    this.lock = undefined;
  }

  private bipPool() {
    const p = mustParseCidr(this.o.bip!);
    if (p.addr === p.base) throw invalidArgument(`--bip ${this.o.bip}: give the gateway address, e.g. ${formatIp(p.base + 1)}/${p.bits}`);
    return { subnet: `${formatIp(p.base)}/${p.bits}`, gateway: formatIp(p.addr) };
  }

  private async autoPool(except: string[]) {
    const used: Prefix[] = [...(await hostPrefixes()), ...this.ourSubnets(except)];
    return normalizePool({}, pickSubnet(used));
  }

  private ourSubnets(exceptIds: string[] = []): Prefix[] {
    return this.store.all().filter((n) => !exceptIds.includes(n.id)).flatMap((n) => n.ipam.config.map((c) => parseCidr(c.subnet)!));
  }

  private newRecord(name: string, driver: NetworkRecord["driver"], extra: Partial<NetworkRecord>): NetworkRecord {
    let id: string;
    do id = randomBytes(32).toString("hex");
    while (this.store.find(id.slice(0, 12)));
    return {
      id, name, driver, created: createdNow(), internal: false, attachable: false,
      ipam: { driver: "default", options: {}, config: [] }, userSubnet: false, options: {}, labels: {}, predefined: false, ...extra,
    };
  }

  /**
   * net.ipv4.ip_forward=1 (unless --ip-forward=false), checked again at every endpoint: another tool on the host
   * (e.g. a test harness restoring its baseline) may have turned it off while we run.
   */
  private ensureIpForward(): void {
    if (!this.o.ipForward) return;
    try {
      if (readFileSync("/proc/sys/net/ipv4/ip_forward", "utf8").trim() !== "1") writeFileSync("/proc/sys/net/ipv4/ip_forward", "1");
    } catch (err) {
      this.o.log.warn({ err: String(err) }, "cannot enable ip_forward");
    }
  }

  /** Bridge, ip_forward, embedded DNS; returns the prefixes routed through OTHER interfaces (overlap check). */
  private async setUpBridge(n: NetworkRecord): Promise<Prefix[]> {
    const pool = n.ipam.config[0]!;
    const bits = parseCidr(pool.subnet)!.bits;
    const others = routePrefixes(await ensureBridge(n.bridge!, `${pool.gateway}/${bits}`, n.mtu ?? this.o.mtu), n.bridge);
    this.ensureIpForward();
    if (isUserDefinedBridge(n) && !this.dns.has(n.id)) {
      const d = new EmbeddedDns(pool.gateway, (name, client) => this.resolve(n, name, client), (client) => this.upstreamsFor(n, client));
      try {
        await d.listen();
        this.dns.set(n.id, d);
      } catch (err) {
        this.o.log.warn({ network: n.name, err: String(err) }, "embedded DNS not listening");
      }
    }
    return others;
  }

  // ---- firewall ---------------------------------------------------------------------------------------------

  /** Regenerates our nft table from the records (serialized; each run reads the state at its turn). */
  syncFirewall(): Promise<void> {
    if (!this.o.iptables) return Promise.resolve();
    // A render that is queued and has not started yet will read the newest state: join it instead of queueing another.
    if (this.fwPending) return this.fwPending;
    const next = this.fwQueue.then(async () => {
      this.fwPending = undefined;
      const bridges = this.store.all().filter((n) => n.bridge && this.ruled.has(n.bridge) && linkExists(n.bridge)).map((n) => ({ name: n.bridge!, subnet: n.ipam.config[0]!.subnet, internal: n.internal }));
      const ports: FirewallPort[] = [];
      // Containers holding port reservations (from prepare until stopped) are the live ones; the record says
      // "running" only after START, but the rules must be in place before the process runs.
      for (const rec of this.containers.store.all()) {
        const ip = this.reservations.has(rec.id) ? Object.values(rec.network?.endpoints ?? {}).find((e) => e.ipAddress)?.ipAddress : undefined;
        if (!ip) continue;
        for (const p of rec.network?.ports ?? []) ports.push({ proto: p.proto, hostIp: p.hostIp, hostPort: p.hostPort, containerIp: ip, containerPort: p.containerPort });
      }
      await applyTable(this.table, { bridges, ports });
      this.rendered = new Set(bridges.map((b) => b.name));
    });
    this.fwQueue = next.catch((err) => this.o.log.error({ err: String(err) }, "nft table update failed"));
    this.fwPending = next;
    return next;
  }

  // ---- DNS --------------------------------------------------------------------------------------------------

  /** Embedded DNS lookup on network `n` for a query from `clientIp`. */
  resolve(n: NetworkRecord, name: string, clientIp: string): string[] | undefined {
    const running = this.containers.store.all().filter((r) => r.state.status === "running" || r.state.status === "paused");
    const on = running.map((r) => ({ r, e: r.network?.endpoints[n.name] })).filter((x): x is { r: ContainerRecord; e: Endpoint } => !!x.e?.ipAddress);
    const hits = on.filter(({ r, e }) => dnsNames(r, e).some((d) => d.toLowerCase() === name)).map(({ e }) => e.ipAddress!);
    if (hits.length) return hits;
    // `--link target:alias` names, only for the container that has the link.
    const client = on.find(({ e }) => e.ipAddress === clientIp);
    for (const l of client?.e.links ?? []) {
      const [target, alias] = splitLink(l);
      if (alias.toLowerCase() !== name) continue;
      const t = on.find(({ r }) => r.name === `/${target}` || r.id.startsWith(target));
      if (t) return [t.e.ipAddress!];
    }
    return undefined;
  }

  /** The `--dns` servers of the container at `clientIp` on `n`, else the host's resolvers. */
  upstreamsFor(n: NetworkRecord, clientIp: string): string[] {
    const client = this.containers.store.all().find((r) => (r.state.status === "running" || r.state.status === "paused") && r.network?.endpoints[n.name]?.ipAddress === clientIp);
    const own = ((client?.hostConfig.Dns ?? []) as string[]).filter((x) => /^\d+\.\d+\.\d+\.\d+$/.test(x));
    return own.length ? own : hostNameservers();
  }

  // ---- API: networks ----------------------------------------------------------------------------------------

  async create(body: CreateNetworkRequest): Promise<NetworkRecord> {
    const run = this.createQueue.then(() => this.createNow(body));
    this.createQueue = run.catch(() => {});
    return run;
  }

  private async createNow(body: CreateNetworkRequest): Promise<NetworkRecord> {
    const name = body.Name ?? "";
    if (!name) throw invalidArgument("network name is required");
    if (!NAME_RE.test(name)) throw invalidArgument(`invalid network name "${name}": must match ${NAME_RE.source}`);
    if (this.store.byName(name)) throw new EngineError("Conflict", `network with name ${name} already exists`, { object: name });
    const driver = body.Driver || "bridge";
    if (driver === "host" || driver === "null") throw new EngineError("Forbidden", `only one instance of "${driver}" network is allowed`, { object: name });
    if (driver !== "bridge") throw new EngineError("NotFound", `plugin "${driver}" not found`, { object: driver });
    if (body.EnableIPv6) throw invalidArgument("IPv6 networks are not supported by wharfd");
    const ipamDriver = body.IPAM?.Driver || "default";
    if (ipamDriver !== "default") throw new EngineError("NotFound", `plugin "${ipamDriver}" not found`, { object: ipamDriver });
    const cfgs = (body.IPAM?.Config ?? []).filter((c) => !(c.Subnet ?? "").includes(":"));
    if (cfgs.length > 1) throw invalidArgument("bridge driver doesnt support multiple subnets");
    const options = { ...(body.Options ?? {}) };
    const bridgeName = options["com.docker.network.bridge.name"] ?? "";
    // It reaches `ip -batch` lines: an interface name and nothing else.
    if (bridgeName && !/^[A-Za-z0-9_.-]{1,15}$/.test(bridgeName)) throw invalidArgument(`invalid bridge name: ${JSON.stringify(bridgeName)}`);
    const mtu = options["com.docker.network.driver.mtu"] ? Number(options["com.docker.network.driver.mtu"]) : this.o.mtu;
    if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) throw invalidArgument(`invalid MTU: ${options["com.docker.network.driver.mtu"]}`);
    let pool;
    if (cfgs[0]?.Subnet) {
      pool = normalizePool(cfgs[0], { base: 0, bits: 0 });
      const p = parseCidr(pool.subnet)!;
      if (this.ourSubnets().some((o) => overlaps(o, p))) throw new EngineError("Forbidden", "Pool overlaps with other one on this address space", { object: name });
      if ((await hostPrefixes()).some((o) => overlaps(o, p))) throw new EngineError("Forbidden", `networks have overlapping IPv4: ${pool.subnet} overlaps a route or address on the host`, { object: name });
    } else {
      if (cfgs[0]?.Gateway || cfgs[0]?.IPRange) throw invalidArgument("Invalid IPAM config: a gateway or ip-range needs a subnet");
      pool = await this.autoPool([]);
    }
    const rec = this.newRecord(name, "bridge", {
      internal: body.Internal === true, attachable: body.Attachable === true, userSubnet: !!cfgs[0]?.Subnet,
      ipam: { driver: "default", options: { ...(body.IPAM?.Options ?? {}) }, config: [pool] }, options, labels: { ...(body.Labels ?? {}) }, mtu,
    });
    rec.bridge = bridgeName || `br-${rec.id.slice(0, 12)}`;
    if (bridgeName && (linkExists(bridgeName) || this.store.all().some((n) => n.bridge === bridgeName))) throw new EngineError("Forbidden", `bridge name ${bridgeName} is already in use`, { object: name });
    const taken: Prefix[] = [];
    for (let attempt = 0; ; attempt++) {
      try {
        const others = await this.setUpBridge(rec);
        // Another daemon may have taken the same subnet between our check and the address assignment: an
        // automatic subnet moves on to the next free pool, a user's subnet is refused.
        const clash = others.some((h) => overlaps(h, parseCidr(rec.ipam.config[0]!.subnet)!));
        if (clash) {
          if (rec.userSubnet || attempt >= 8) throw new EngineError("Forbidden", `networks have overlapping IPv4: ${rec.ipam.config[0]!.subnet} is in use on the host`, { object: name });
          taken.push(parseCidr(rec.ipam.config[0]!.subnet)!);
          await this.undoBridge(rec);
          rec.ipam.config = [normalizePool({}, pickSubnet([...(await hostPrefixes()), ...this.ourSubnets(), ...taken]))];
          continue;
        }
        this.store.save(rec);
        break;
      } catch (err) {
        await this.undoBridge(rec);
        throw err;
      }
    }
    this.o.bus.publish("network", "create", rec.id, { name: rec.name, type: rec.driver });
    return rec;
  }

  private async undoBridge(rec: NetworkRecord): Promise<void> {
    this.dns.get(rec.id)?.close();
    this.dns.delete(rec.id);
    await deleteLink(rec.bridge!).catch(() => {});
  }

  /**
   * Containers with a live endpoint on `n` (dockerd's "active endpoints"): running, paused, or starting (the
   * address is taken in prepare and given back when the run ends), so a network cannot go while a container joins it.
   */
  activeOn(n: NetworkRecord): ContainerRecord[] {
    return this.containers.store.all().filter((r) => {
      const ep = r.network?.endpoints[n.name];
      return !!ep && (ep.ipAddress !== undefined || ((r.state.status === "running" || r.state.status === "paused") && n.driver !== "bridge"));
    });
  }

  async remove(ref: string): Promise<void> {
    const run = this.createQueue.then(async () => {
      const n = this.store.get(ref);
      if (n.predefined) throw new EngineError("Forbidden", `${n.name} is a pre-defined network and cannot be removed`, { object: n.name });
      if (this.activeOn(n).length) throw new EngineError("Forbidden", `error while removing network: network ${n.name} id ${n.id} has active endpoints`, { object: n.name });
      this.dns.get(n.id)?.close();
      this.dns.delete(n.id);
      if (n.bridge) await deleteLink(n.bridge);
      this.store.delete(n.id);
      this.ipam.forget(n.id);
      if (n.bridge) this.ruled.delete(n.bridge);
      if (n.bridge && this.rendered.has(n.bridge)) await this.syncFirewall();
      this.o.bus.publish("network", "destroy", n.id, { name: n.name, type: n.driver });
    });
    this.createQueue = run.catch(() => {});
    return run;
  }

  /** POST /networks/prune: user-defined networks without active endpoints (label filters, `until`). */
  async prune(keep: (n: NetworkRecord) => boolean): Promise<string[]> {
    const deleted: string[] = [];
    for (const n of this.store.all()) {
      if (n.predefined || !keep(n) || this.activeOn(n).length) continue;
      await this.remove(n.id).then(() => deleted.push(n.name), () => {});
    }
    return deleted;
  }

  // ---- API: connect / disconnect ------------------------------------------------------------------------------

  async connect(ref: string, containerRef: string, cfg: { Aliases?: string[] | null; Links?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null; MacAddress?: string }): Promise<void> {
    const rec = this.containers.store.get(containerRef);
    const n = this.store.get(ref);
    const mode = String(rec.hostConfig.NetworkMode ?? "");
    if (mode === "host" || n.driver === "host") throw new EngineError("Forbidden", "container cannot be disconnected from host network or connected to host network");
    if (mode.startsWith("container:")) throw new EngineError("Forbidden", "container sharing network namespace with another container or host cannot be connected to any other network");
    if (mode === "none" || n.driver === "null") throw new EngineError("Forbidden", "container cannot be connected to multiple networks with one of the networks in private (none) mode");
    rec.network ??= { endpoints: {}, ports: [] };
    if (rec.network.endpoints[n.name]) throw new EngineError("Forbidden", `endpoint with name ${rec.name.slice(1)} already exists in network ${n.name}`, { object: n.name });
    const ep = endpointFromConfig(n, cfg);
    const running = rec.state.status === "running" || rec.state.status === "paused";
    rec.network.endpoints[n.name] = ep;
    if (running) {
      try {
        await this.joinLive(rec, n, ep, rec.state.pid);
      } catch (err) {
        delete rec.network.endpoints[n.name];
        throw err;
      }
    }
    this.containers.store.save(rec);
    if (running) await this.syncFirewall();
    // A running container's connect event comes from plug(), as at its start.
    else this.o.bus.publish("network", "connect", n.id, { container: rec.id, name: n.name, type: n.driver });
  }

  async disconnect(ref: string, containerRef: string, force: boolean): Promise<void> {
    const n = this.store.get(ref);
    const rec = this.containers.store.find(containerRef);
    if (!rec) {
      if (force) return;
      throw new EngineError("NotFound", `No such container: ${containerRef}`, { object: containerRef });
    }
    const ep = rec.network?.endpoints[n.name];
    if (!ep) throw new EngineError("Forbidden", `container ${rec.id} is not connected to network ${n.name}`, { object: n.name });
    if (n.driver === "host") throw new EngineError("Forbidden", "container cannot be disconnected from host network or connected to host network");
    this.leaveLive(n, ep);
    if (ep.hostVeth) await deleteLink(ep.hostVeth).catch(() => {});
    delete rec.network!.endpoints[n.name];
    this.containers.store.save(rec);
    await this.syncFirewall();
    this.o.bus.publish("network", "disconnect", n.id, { container: rec.id, name: n.name, type: n.driver });
  }

  // ---- endpoints (used by network-hooks.ts) -------------------------------------------------------------------

  /** Allocates the endpoint's address (static or dynamic) and its names; no kernel change yet. */
  allocate(n: NetworkRecord, ep: Endpoint): void {
    if (n.driver !== "bridge") return;
    if (ep.ipv4Address && !n.userSubnet) throw invalidArgument("user specified IP address is supported only when connecting to networks with user configured subnets");
    const a = this.ipam.allocate(n, ep.ipv4Address);
    ep.ipAddress = a.ip;
    ep.prefixLen = a.prefixLen;
    ep.gateway = a.gateway;
    ep.mac = ep.macAddress || macFor(a.ip);
    ep.endpointId = randomBytes(32).toString("hex");
    ep.hostVeth = `${this.vethPrefix}${randomBytes(4).toString("hex").slice(0, 7)}`;
  }

  /**
   * Creates the veth into the container netns of `pid` and configures it. Returns true when the network's rules
   * are not in the table yet: the caller renders it (once, with its ports) before the container runs.
   */
  async plug(rec: ContainerRecord, n: NetworkRecord, ep: Endpoint, pid: number, index: number, defaultRoute: boolean): Promise<boolean> {
    if (!n.bridge || !ep.ipAddress) return false;
    if (!linkExists(n.bridge)) await this.setUpBridge(n);
    else this.ensureIpForward();
    await attachVeth({
      pid, bridge: n.bridge, hostVeth: ep.hostVeth!, ifname: `eth${index}`, ipCidr: `${ep.ipAddress}/${ep.prefixLen}`, mac: ep.mac!,
      mtu: n.mtu ?? this.o.mtu, defaultGateway: defaultRoute ? ep.gateway : undefined,
    });
    this.o.bus.publish("network", "connect", n.id, { container: rec.id, name: n.name, type: n.driver });
    if (this.ruled.has(n.bridge)) return false;
    this.ruled.add(n.bridge);
    return true;
  }

  /** `network connect` of a running container: allocate, plug as the next ethN. */
  private async joinLive(rec: ContainerRecord, n: NetworkRecord, ep: Endpoint, pid: number): Promise<void> {
    if (n.driver !== "bridge") return;
    this.allocate(n, ep);
    const index = Object.values(rec.network!.endpoints).filter((e) => e.hostVeth && e !== ep).length;
    const hasRoute = Object.values(rec.network!.endpoints).some((e) => e !== ep && e.ipAddress);
    try {
      await this.plug(rec, n, ep, pid, index, !hasRoute);
    } catch (err) {
      this.leaveLive(n, ep);
      throw err;
    }
  }

  /** Releases the live part of an endpoint (address, veth name); the kernel side goes with the netns or by caller. */
  leaveLive(n: NetworkRecord | undefined, ep: Endpoint): void {
    if (n) this.ipam.release(n, ep.ipAddress);
    for (const k of ["endpointId", "ipAddress", "prefixLen", "gateway", "mac", "hostVeth"] as const) delete ep[k];
  }
}

/** DNS names of a container on one network: name, aliases, short ID (inspect DNSNames). */
export function dnsNames(rec: ContainerRecord, ep: Endpoint): string[] {
  return [rec.name.replace(/^\//, ""), ...ep.aliases, rec.id.slice(0, 12)];
}

/** "web:alias" or "/web:/client/alias" → ["web", "alias"]. */
export function splitLink(l: string): [string, string] {
  const [t, a] = l.split(":");
  const target = (t ?? "").replace(/^\//, "");
  return [target, (a ?? target).split("/").pop()!];
}

/** Docker's MAC from the IPv4 address: 02:42:<the four octets>. */
export function macFor(ip: string): string {
  return ["02", "42", ...ip.split(".").map((o) => Number(o).toString(16).padStart(2, "0"))].join(":");
}

export function endpointFromConfig(n: NetworkRecord, cfg: { Aliases?: string[] | null; Links?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null; MacAddress?: string } | undefined): Endpoint {
  const aliases = (cfg?.Aliases ?? []).filter(Boolean);
  if (aliases.length && !isUserDefinedBridge(n)) throw invalidArgument("network-scoped alias is supported only for containers in user defined networks");
  const ip = cfg?.IPAMConfig?.IPv4Address || undefined;
  if (cfg?.MacAddress && !/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(cfg.MacAddress)) throw invalidArgument(`invalid MAC address: ${cfg.MacAddress}`);
  if (ip && parseIp(ip) === undefined) throw invalidArgument(`invalid IPv4 address: ${ip}`);
  if (ip && !isUserDefinedBridge(n)) throw invalidArgument("user specified IP address is supported on user defined networks only");
  return { networkId: n.id, aliases, links: (cfg?.Links ?? []).filter(Boolean), ...(ip ? { ipv4Address: ip } : {}), ...(cfg?.MacAddress ? { macAddress: cfg.MacAddress } : {}) };
}
