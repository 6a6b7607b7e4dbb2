"use client";
// The node components of the topology graph: environment, host ports, network (a group box) and container
// (coloured by state).
import { Handle, Position, type NodeProps, type Node } from "@xyflow/react";
import type { FlowNodeData } from "./to-flow-elements";
import { coloursFor } from "./state-colours";

type Props = NodeProps<Node<FlowNodeData>>;

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} style={{ opacity: 0 }} isConnectable={false} />
      <Handle type="source" position={Position.Bottom} style={{ opacity: 0 }} isConnectable={false} />
    </>
  );
}

export function EnvironmentNode({ data }: Props) {
  const n = data.node;
  return (
    <div className="h-full w-full rounded-lg border-2 border-slate-800 bg-slate-900 px-3 py-2 text-white" data-testid="topology-environment">
      <div className="text-xs uppercase tracking-wide text-slate-400">environment</div>
      <div className="font-semibold">{n.label}</div>
      {n.error ? <div className="truncate text-xs text-red-300" title={n.error}>{n.error}</div> : null}
      <Handles />
    </div>
  );
}

export function HostNode({ data }: Props) {
  return (
    <div className="h-full w-full rounded-lg border-2 border-sky-500 bg-sky-50 px-3 py-2 text-sky-900">
      <div className="text-xs uppercase tracking-wide">host</div>
      <div className="text-sm font-semibold">{data.node.label}</div>
      <Handles />
    </div>
  );
}

export function NetworkNode({ data }: Props) {
  const n = data.node;
  return (
    <div className={`h-full w-full rounded-xl border-2 ${data.highlighted ? "border-amber-500" : "border-indigo-300"} bg-indigo-50/60`} data-testid="topology-network" data-name={n.label}>
      <div className="flex items-baseline gap-2 px-3 pt-2 text-indigo-900">
        <span className="font-semibold">{n.label}</span>
        <span className="text-xs text-indigo-700">
          {n.driver} {n.subnet} · {n.containerCount}
        </span>
      </div>
      <Handles />
    </div>
  );
}

export function ContainerNode({ data }: Props) {
  const n = data.node;
  const c = coloursFor(n.state);
  return (
    <div
      className="h-full w-full overflow-hidden rounded-md border-2 px-2 py-1 text-xs shadow-sm"
      style={{ background: c.fill, borderColor: data.highlighted ? "#f59e0b" : c.border, color: c.text, opacity: data.dimmed ? 0.25 : 1, boxShadow: data.highlighted ? "0 0 0 3px #fcd34d" : undefined }}
      data-testid="topology-container"
      data-name={n.label}
      data-state={n.state}
      data-network={n.homeNetwork}
      title={`${n.label} — ${n.image} — ${n.state}${n.composeProject ? ` — project ${n.composeProject}` : ""}`}
    >
      <div className="truncate font-semibold">{n.label}</div>
      <div className="truncate opacity-80">
        {n.state}
        {n.address ? ` · ${n.address}` : ""}
        {n.composeProject ? ` · ${n.composeProject}` : ""}
      </div>
      <Handles />
    </div>
  );
}

export const NODE_TYPES = { environment: EnvironmentNode, host: HostNode, network: NetworkNode, container: ContainerNode };
