// List, inspect, create, connect/disconnect, remove and prune networks on one host. Refusals (a network
// with endpoints: 403/409, a predefined network) carry the engine's own reason.
import type Docker from "dockerode";
import { z } from "zod";
import { AppError } from "../../errors";
import { toAppError } from "../containers/docker-error";
import { invalidateContainers } from "../containers/container-list-cache";
import { parseKeyValueLines } from "../volumes/volume-model";
import { networkAttachments, toNetworkSummary, type NetworkSummary } from "./network-model";

export const NETWORK_DRIVERS = ["bridge", "macvlan", "ipvlan", "overlay"] as const;

export const networkFormSchema = z.object({
  environmentId: z.string().min(1),
  name: z.string(),
  driver: z.enum(NETWORK_DRIVERS).default("bridge"),
  subnet: z.string().default(""),
  gateway: z.string().default(""),
  internal: z.boolean().default(false),
  attachable: z.boolean().default(false),
  /** key=value per line */
  labels: z.string().default(""),
});
export type NetworkForm = z.infer<typeof networkFormSchema>;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IP4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipToNumber(parts: string[]): number {
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Pure: the POST /networks/create body and field errors (body null when there are errors). */
export function buildNetworkCreateBody(form: NetworkForm): { body: Record<string, unknown> | null; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  const add = (f: string, m: string) => (fieldErrors[f] ??= []).push(m);
  const name = form.name.trim();
  if (!name) add("name", "Name is required");
  else if (!NAME.test(name)) add("name", "Name must be letters, digits, '_', '.' or '-'");
  const subnet = form.subnet.trim();
  const gateway = form.gateway.trim();
  const s = CIDR4.exec(subnet);
  if (subnet && (!s || s.slice(1, 5).some((o) => Number(o) > 255) || Number(s[5]) > 32)) add("subnet", `"${subnet}" is not an IPv4 CIDR like 10.10.0.0/24`);
  const g = IP4.exec(gateway);
  if (gateway && (!g || g.slice(1).some((o) => Number(o) > 255))) add("gateway", `"${gateway}" is not an IPv4 address`);
  else if (gateway && !subnet) add("gateway", "A gateway needs a subnet");
  else if (gateway && s && g) {
    const bits = Number(s[5]);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((ipToNumber(g.slice(1, 5)) & mask) >>> 0) !== ((ipToNumber(s.slice(1, 5)) & mask) >>> 0)) add("gateway", `${gateway} is not inside ${subnet}`);
  }
  const labels = parseKeyValueLines(form.labels, "Labels");
  if (labels.errors.length) fieldErrors.labels = labels.errors;
  if (Object.keys(fieldErrors).length) return { body: null, fieldErrors };
  return {
    fieldErrors,
    body: {
      Name: name,
      Driver: form.driver,
      CheckDuplicate: true,
      Internal: form.internal,
      Attachable: form.attachable,
      Labels: labels.values,
      ...(subnet ? { IPAM: { Driver: "default", Config: [{ Subnet: subnet, ...(gateway ? { Gateway: gateway } : {}) }] } } : {}),
    },
  };
}

export async function listNetworks(docker: Docker): Promise<NetworkSummary[]> {
  try {
    const [networks, containers] = await Promise.all([docker.listNetworks(), docker.listContainers({ all: true })]);
    const attachments = networkAttachments(containers);
    return networks.map((n) => toNetworkSummary(n, attachments)).sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
  } catch (error) {
    throw toAppError(error, "networks");
  }
}

export async function inspectNetwork(docker: Docker, idOrName: string): Promise<NetworkSummary> {
  try {
    const [wire, containers] = await Promise.all([docker.getNetwork(idOrName).inspect() as Promise<Docker.NetworkInspectInfo>, docker.listContainers({ all: true })]);
    return toNetworkSummary(wire, networkAttachments(containers));
  } catch (error) {
    throw toAppError(error, `network "${idOrName}"`);
  }
}

export async function createNetwork(docker: Docker, form: NetworkForm): Promise<{ id: string; name: string }> {
  const { body, fieldErrors } = buildNetworkCreateBody(form);
  if (!body) throw new AppError("InvalidArgument", "Some fields need attention.", { fieldErrors });
  try {
    const network = await docker.createNetwork(body as unknown as Docker.NetworkCreateOptions);
    return { id: network.id, name: form.name.trim() };
  } catch (error) {
    throw toAppError(error, `network "${form.name.trim()}"`);
  }
}

export async function removeNetwork(docker: Docker, idOrName: string): Promise<void> {
  try {
    await docker.getNetwork(idOrName).remove();
  } catch (error) {
    throw toAppError(error, `network "${idOrName}"`);
  }
}

export async function connectContainer(docker: Docker, environmentId: string, network: string, containerId: string, ipv4Address: string): Promise<void> {
  try {
    await docker.getNetwork(network).connect({ Container: containerId, ...(ipv4Address.trim() ? { EndpointConfig: { IPAMConfig: { IPv4Address: ipv4Address.trim() } } } : {}) });
  } catch (error) {
    throw toAppError(error, `network "${network}"`);
  } finally {
    invalidateContainers(environmentId);
  }
}

export async function disconnectContainer(docker: Docker, environmentId: string, network: string, containerId: string, force: boolean): Promise<void> {
  try {
    await docker.getNetwork(network).disconnect({ Container: containerId, Force: force });
  } catch (error) {
    throw toAppError(error, `network "${network}"`);
  } finally {
    invalidateContainers(environmentId);
  }
}

/** User-defined networks with no container attached: the prune preview. */
export async function previewNetworkPrune(docker: Docker): Promise<NetworkSummary[]> {
  return (await listNetworks(docker)).filter((n) => !n.builtIn && n.containers.length === 0);
}

export async function pruneNetworks(docker: Docker): Promise<{ removed: string[]; skipped: Array<{ name: string; reason: string }> }> {
  const removed: string[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  for (const network of await previewNetworkPrune(docker)) {
    try {
      await docker.getNetwork(network.id).remove();
      removed.push(network.name);
    } catch (error) {
      skipped.push({ name: network.name, reason: toAppError(error, `network "${network.name}"`).message });
    }
  }
  return { removed, skipped };
}
