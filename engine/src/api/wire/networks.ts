// Docker's network JSON shapes (API Network / NetworkInspect, NetworkCreateResponse) from our records.
import type { ContainerRecord } from "../../containers/container-record.js";
import type { NetworkRecord } from "../../networks/network-record.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
export function networkJson(n: NetworkRecord, active: ContainerRecord[], withContainers: boolean): Record<string, any> {
  const containers: Record<string, any> = {};
  if (withContainers) {
    for (const r of active) {
      const ep = r.network?.endpoints[n.name];
      if (!ep) continue;
      containers[r.id] = {
        Name: r.name.replace(/^\//, ""),
        EndpointID: ep.endpointId ?? "",
        MacAddress: ep.mac ?? "",
        IPv4Address: ep.ipAddress ? `${ep.ipAddress}/${ep.prefixLen}` : "",
        IPv6Address: "",
      };
    }
  }
  return {
    Name: n.name,
    Id: n.id,
    Created: n.created,
    Scope: "local",
    Driver: n.driver,
    EnableIPv6: false,
    IPAM: {
      Driver: n.ipam.driver,
      Options: n.predefined ? null : n.ipam.options,
      Config: n.ipam.config.map((c) => ({ Subnet: c.subnet, Gateway: c.gateway, ...(c.ipRange ? { IPRange: c.ipRange } : {}), ...(c.auxAddresses ? { AuxiliaryAddresses: c.auxAddresses } : {}) })),
    },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Containers: containers,
    Options: n.options,
    Labels: n.labels,
  };
}
