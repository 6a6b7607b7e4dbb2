// A network's durable record (<data-root>/network/<id>.json) and a container's endpoint on it. Wire shapes
// (API Network, EndpointSettings) are made from these in ../api/wire/networks.ts and ../api/wire/containers.ts.

export const NETWORK_DRIVERS = ["bridge", "host", "null"] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

export interface IpamPool {
  /** CIDR, e.g. "172.18.0.0/16". */
  subnet: string;
  /** Gateway address without prefix, e.g. "172.18.0.1" (the bridge's address). */
  gateway: string;
  /** Dynamic addresses come from this sub-range when set (`--ip-range`). */
  ipRange?: string;
  /** Addresses the allocator never hands out (`--aux-address name=ip`). */
  auxAddresses?: Record<string, string>;
}

export interface NetworkRecord {
  /** 64 hex characters. */
  id: string;
  name: string;
  driver: NetworkDriver;
  /** RFC 3339 with nanoseconds like dockerd. */
  created: string;
  internal: boolean;
  attachable: boolean;
  /** At most one IPv4 pool (IPv6 is not implemented); empty for host/none. */
  ipam: { driver: "default"; options: Record<string, string>; config: IpamPool[] };
  /** The user chose the subnet: static container addresses (`--ip`) are allowed only then (as dockerd). */
  userSubnet: boolean;
  options: Record<string, string>;
  labels: Record<string, string>;
  /** The Linux bridge (bridge driver only): `--bridge` for the default network, `br-<id12>` otherwise. */
  bridge?: string;
  mtu?: number;
  /** `bridge`, `host`, `none`: created by the daemon, never removed. */
  predefined: boolean;
}

/**
 * A container's attachment to one network, kept in the container record (`ContainerRecord.networks`, by network
 * name). The first group is what the user asked for (EndpointsConfig / connect); the live group is set while the
 * container runs (addresses are released at stop, as dockerd does for dynamic addresses).
 */
export interface Endpoint {
  networkId: string;
  aliases: string[];
  /** `--link target:alias` pairs (default bridge: /etc/hosts lines; user networks: DNS names for this container). */
  links: string[];
  /** A static `--ip`. */
  ipv4Address?: string;
  /** A static `--mac-address`. */
  macAddress?: string;
  endpointId?: string;
  ipAddress?: string;
  prefixLen?: number;
  gateway?: string;
  mac?: string;
  /** Host side of the veth pair. */
  hostVeth?: string;
}

/** True for networks whose containers get the embedded DNS server and alias support (Docker: user-defined). */
export function isUserDefinedBridge(n: NetworkRecord): boolean {
  return n.driver === "bridge" && !n.predefined;
}

/** What the network subsystem keeps in a container record (`ContainerRecord.network`). */
export interface ContainerNetworking {
  /** By network name, in connection order; the first one with an address gives the default route. */
  endpoints: Record<string, Endpoint>;
  /** Published ports while the container runs. */
  ports: { proto: "tcp" | "udp" | "sctp"; containerPort: number; hostIp: string; hostPort: number }[];
}
