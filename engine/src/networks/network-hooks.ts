// The network subsystem's container lifecycle hooks (../containers/container-hooks.ts):
//   create   — NetworkMode + NetworkingConfig → endpoints in the record (unknown network 404, bad ports/aliases 400)
//   prepare  — addresses allocated, host ports reserved, /etc/hosts lines and resolv.conf (embedded DNS on
//              user-defined networks), or the netns of another container (`--network container:x`)
//   created  — init pid known, before START: a veth per endpoint created inside /proc/<pid>/ns/net and configured
//              (address, MAC, MTU, default route); loopback up; published ports added to the nft table
//   stopped  — addresses and ports released, host veths deleted in the background, rules regenerated
//   removed  — same as stopped if anything is still held (idempotent)
//   restored — live restore: addresses and host ports of a running container taken again
import type { ContainerHooks, StartContext } from "../containers/container-hooks.js";
import type { ContainerRecord } from "../containers/container-record.js";
import { conflict, EngineError, notFound } from "../errors.js";
import { hostNameservers } from "./dns-server.js";
import { loopbackUp } from "./host-links.js";
import type { Endpoint } from "./network-record.js";
import { isUserDefinedBridge } from "./network-record.js";
import { endpointFromConfig, type NetworkService, splitLink } from "./network-service.js";
import { portRequests, reservePort, type Reservation } from "./port-mappings.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const isRunning = (r: ContainerRecord) => r.state.status === "running" || r.state.status === "paused";

export function networkHooks(svc: NetworkService): ContainerHooks {
  const containers = () => svc.containers;

  /** Releases everything live of a container: ports, addresses, host veths (the netns may already be gone). */
  const release = async (rec: ContainerRecord) => {
    const held = svc.reservations.get(rec.id);
    for (const r of held ?? []) r.close();
    svc.reservations.delete(rec.id);
    const net = rec.network;
    if (!net) return;
    // The table names bridges and published ports only: an endpoint without ports leaves it as it is.
    const hadPorts = net.ports.length > 0;
    net.ports = [];
    for (const [name, ep] of Object.entries(net.endpoints)) {
      if (!ep.ipAddress && !ep.hostVeth) continue;
      const n = svc.store.find(ep.networkId) ?? svc.store.find(name);
      if (ep.hostVeth) svc.deleteLater(ep.hostVeth);
      svc.leaveLive(n, ep);
      if (n) svc.o.bus.publish("network", "disconnect", n.id, { container: rec.id, name: n.name, type: n.driver });
    }
    if (hadPorts) await svc.syncFirewall().catch(() => {});
  };

  return {
    name: "networks",

    create(rec, body) {
      const mode = String(rec.hostConfig.NetworkMode || "bridge");
      const ec = ((body as Record<string, any>).NetworkingConfig?.EndpointsConfig ?? {}) as Record<string, any>;
      const links = ((rec.hostConfig.Links ?? []) as string[]).filter(Boolean);
      if (mode.startsWith("container:")) {
        const target = containers().store.get(mode.slice("container:".length));
        rec.hostConfig.NetworkMode = `container:${target.id}`;
        rec.network = { endpoints: {}, ports: [] };
        return;
      }
      const n = svc.store.find(mode);
      if (!n) {
        // dockerd creates the container anyway and fails its start with 404 (a 404 at create would make the CLI
        // pull the image).
        rec.network = { endpoints: { [mode]: { networkId: "", aliases: [], links } }, ports: [] };
        return;
      }
      const cfg = ec[mode] ?? ec.default ?? ec[n.name] ?? ec[n.id];
      const endpoints: Record<string, Endpoint> = { [n.name]: endpointFromConfig(n, cfg) };
      if (n.driver === "bridge") endpoints[n.name]!.links = [...new Set([...endpoints[n.name]!.links, ...links])];
      // API ≥ 1.44 may name several networks at create; each must exist.
      for (const [key, c] of Object.entries(ec)) {
        if (key === mode || key === "default" || key === n.name || key === n.id) continue;
        const other = svc.store.get(key);
        if (other.driver !== "bridge" || n.driver !== "bridge") throw new EngineError("InvalidArgument", "Container cannot be connected to network endpoints of host or none mode and another network");
        endpoints[other.name] = endpointFromConfig(other, c);
      }
      if (n.driver === "bridge") portRequests(rec.hostConfig, rec.config.ExposedPorts); // validates; 400 on bad specs
      rec.network = { endpoints, ports: [] };
    },

    async prepare(ctx: StartContext) {
      const rec = ctx.rec;
      const mode = String(rec.hostConfig.NetworkMode ?? "");
      // `--add-host name:ip`; `host-gateway` is the default bridge's gateway (dockerd's default host-gateway-ip).
      for (const h of (rec.hostConfig.ExtraHosts ?? []) as string[]) {
        const i = h.indexOf(":");
        if (i <= 0 || /\s/.test(h)) continue;
        const addr = h.slice(i + 1) === "host-gateway" ? svc.store.byName("bridge")?.ipam.config[0]?.gateway : h.slice(i + 1);
        if (addr) ctx.hosts.push(`${addr}\t${h.slice(0, i)}`);
      }
      if (mode.startsWith("container:")) {
        const target = containers().store.get(mode.slice("container:".length));
        if (!isRunning(target) || target.state.pid <= 0) throw conflict(`cannot join network of a non running container: ${target.id}`, target.id);
        ctx.netnsPath = `/proc/${target.state.pid}/ns/net`;
        return;
      }
      const net = (rec.network ??= { endpoints: { [mode]: { networkId: svc.store.get(mode).id, aliases: [], links: [] } }, ports: [] });
      const bridged = Object.entries(net.endpoints).map(([name, ep]) => ({ name, ep, n: (ep.networkId && svc.store.find(ep.networkId)) || svc.store.find(name) }));
      for (const { name, n } of bridged) {
        if (!n) throw notFound(`network ${name} not found`, name);
        if (n.driver !== "bridge") return;
      }
      for (const { ep, n } of bridged) svc.allocate(n!, ep);
      const primary = bridged[0]!;
      ctx.hosts.push(`${primary.ep.ipAddress}\t${ctx.hostname}`);
      // Legacy links on the default bridge: /etc/hosts lines for the linked containers.
      if (!isUserDefinedBridge(primary.n!)) {
        for (const l of primary.ep.links) {
          const [target, alias] = splitLink(l);
          const t = containers().store.find(target);
          const tip = t && isRunning(t) ? t.network?.endpoints[primary.n!.name]?.ipAddress : undefined;
          if (!t || !tip) throw new EngineError("InvalidArgument", `Cannot link to a non running container: /${target} AS ${rec.name}/${alias}`);
          ctx.hosts.push(`${tip}\t${alias} ${t.config.Hostname} ${t.name.slice(1)}`);
        }
      }
      const dnsNet = bridged.find(({ n }) => isUserDefinedBridge(n!));
      const hostConf = ctx.resolvConf;
      const extra = hostConf.split("\n").filter((l) => /^\s*(search|domain|options)\b/.test(l));
      if (dnsNet) ctx.resolvConf = [`nameserver ${dnsNet.ep.gateway}`, ...extra, ""].join("\n");
      else {
        // `--dns`/`--dns-search`/`--dns-option` replace the host's settings (default bridge; user networks keep the
        // embedded DNS, which relays to the host's resolvers).
        const clean = (xs: unknown) => ((xs ?? []) as string[]).filter((x) => typeof x === "string" && x !== "" && !/[\s#]/.test(x));
        const dns = clean(rec.hostConfig.Dns);
        const servers = dns.length ? dns : hostNameservers(hostConf);
        const search = clean(rec.hostConfig.DnsSearch);
        const opts = clean(rec.hostConfig.DnsOptions);
        const kept = extra.filter((l) => !(search.length && /^\s*(search|domain)\b/.test(l)) && !(opts.length && /^\s*options\b/.test(l)));
        ctx.resolvConf = [
          ...(servers.length ? servers : ["8.8.8.8", "8.8.4.4"]).map((s) => `nameserver ${s}`),
          ...(search.length ? [`search ${search.join(" ")}`] : []),
          ...(opts.length ? [`options ${opts.join(" ")}`] : []),
          ...kept, "",
        ].join("\n");
      }
      // Published ports: each host port reserved now, so a conflict refuses the start before anything runs.
      const held: Reservation[] = [];
      svc.reservations.set(rec.id, held);
      const endpointName = `${rec.name.slice(1)} (${primary.ep.endpointId})`;
      for (const req of portRequests(rec.hostConfig, rec.config.ExposedPorts)) {
        if (req.hostPortLo !== 0 && req.hostPortLo === req.hostPortHi) {
          const taken = [...svc.reservations.values()].flat().some((r) => r.proto === req.proto && r.hostPort === req.hostPortLo && (r.hostIp === "0.0.0.0" || !req.hostIp || req.hostIp === "0.0.0.0" || r.hostIp === req.hostIp));
          if (taken) throw new EngineError("Internal", `driver failed programming external connectivity on endpoint ${endpointName}: Bind for ${req.hostIp || "0.0.0.0"}:${req.hostPortLo} failed: port is already allocated`);
        }
        const r = await reservePort(req, endpointName, () => (isRunning(rec) && primary.ep.ipAddress ? { ip: primary.ep.ipAddress, port: req.containerPort } : undefined));
        held.push(r);
        net.ports.push({ proto: r.proto, containerPort: r.containerPort, hostIp: r.hostIp, hostPort: r.hostPort });
      }
    },

    async created(rec, pid) {
      const mode = String(rec.hostConfig.NetworkMode ?? "");
      if (mode === "host" || mode.startsWith("container:")) return;
      const entries = Object.entries(rec.network?.endpoints ?? {});
      const bridged = entries.filter(([, ep]) => ep.ipAddress);
      if (!bridged.length) {
        await loopbackUp(pid);
        return;
      }
      // The default route goes via the first network that is not --internal (else the first one: dockerd 20.10
      // routes internal networks' containers via their gateway too; the firewall stops the traffic there).
      const routeVia = bridged.find(([name, ep]) => !(svc.store.find(ep.networkId) ?? svc.store.get(name)).internal) ?? bridged[0]!;
      let render = rec.network!.ports.length > 0;
      for (const [i, [name, ep]] of bridged.entries()) {
        const n = svc.store.find(ep.networkId) ?? svc.store.get(name);
        if (await svc.plug(rec, n, ep, pid, i, ep === routeVia[1])) render = true;
      }
      if (render) await svc.syncFirewall();
    },

    stopped: (rec) => release(rec),
    removed: (rec) => release(rec),

    async restored(rec) {
      const net = rec.network;
      if (!net) return;
      for (const [name, ep] of Object.entries(net.endpoints)) {
        const n = svc.store.find(ep.networkId) ?? svc.store.find(name);
        if (n && ep.ipAddress) svc.ipam.reserve(n, ep.ipAddress);
      }
      const held: Reservation[] = [];
      svc.reservations.set(rec.id, held);
      const ip = Object.values(net.endpoints).find((e) => e.ipAddress)?.ipAddress;
      for (const p of net.ports) {
        try {
          held.push(await reservePort({ proto: p.proto, containerPort: p.containerPort, hostIp: p.hostIp === "0.0.0.0" ? "" : p.hostIp, hostPortLo: p.hostPort, hostPortHi: p.hostPort }, rec.name, () => (ip ? { ip, port: p.containerPort } : undefined)));
        } catch (err) {
          svc.o.log.warn({ id: rec.id, port: p.hostPort, err: String(err) }, "published port not reserved again after restart");
        }
      }
    },
  };
}

