"use client";
// The interactive topology graph: per environment or across all, zoom/pan/minimap, search that highlights
// and zooms to matches, click-through to the container or network page, live from engine events.
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type Node } from "@xyflow/react";
import { useTRPC } from "../../trpc-provider";
import { ErrorBanner } from "../../components/error-banner";
import { describeError } from "../../components/trpc-error";
import { EnvironmentPicker, useEnvironmentChoice } from "../../components/resources/environment-picker";
import { inputClass } from "../../components/field";
import { NODE_TYPES } from "./topology-nodes";
import { toFlowElements, type FlowNodeData } from "./to-flow-elements";
import { useEngineEvents } from "../../components/resources/use-engine-events";
import { coloursFor } from "./state-colours";

const searchClass = inputClass.replace("block w-full ", "");

export function TopologyView({ initialEnvironmentId }: { initialEnvironmentId: string }) {
  return (
    <ReactFlowProvider>
      <TopologyCanvas initialEnvironmentId={initialEnvironmentId} />
    </ReactFlowProvider>
  );
}

function TopologyCanvas({ initialEnvironmentId }: { initialEnvironmentId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const flow = useReactFlow();
  const [environmentId, setEnvironmentId] = useState(initialEnvironmentId);
  const { environments } = useEnvironmentChoice("");
  const [search, setSearch] = useState("");
  const input = { environmentIds: environmentId ? [environmentId] : [] };
  const graph = useQuery(trpc.topology.graph.queryOptions(input, { refetchInterval: 30_000 }));
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: trpc.topology.graph.queryKey() }), [queryClient, trpc]);
  const live = useEngineEvents(input.environmentIds, refresh);

  const matches = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (!needle || !graph.data) return new Set<string>();
    return new Set(graph.data.nodes.filter((n) => [n.label, n.image ?? "", n.composeProject ?? ""].some((v) => v.toLowerCase().includes(needle))).map((n) => n.id));
  }, [graph.data, search]);
  const elements = useMemo(() => (graph.data ? toFlowElements(graph.data, matches) : { nodes: [], edges: [] }), [graph.data, matches]);
  const containerCount = graph.data?.nodes.filter((n) => n.kind === "container").length ?? 0;

  const onNodeClick = (_: unknown, node: Node) => {
    const n = (node.data as FlowNodeData).node;
    if (n.kind === "container" && n.containerId) router.push(`/containers/${n.environmentId}/${n.containerId}`);
    if (n.kind === "network" && n.networkId) router.push(`/networks/${n.environmentId}/${n.networkId}`);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <EnvironmentPicker value={environmentId} onChange={setEnvironmentId} environments={environments} allLabel="All environments" />
        <input
          aria-label="Search the topology"
          placeholder="Search containers, images, projects, networks"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && matches.size) void flow.fitView({ nodes: [...matches].map((id) => ({ id })), duration: 300, maxZoom: 1.5 });
          }}
          className={`${searchClass} w-80`}
        />
        {search ? <span className="text-sm text-slate-500">{matches.size} match(es) — Enter to zoom</span> : null}
        <span className="ml-auto flex items-center gap-2 text-xs text-slate-500">
          <span className={`inline-block h-2 w-2 rounded-full ${live.connected ? "bg-emerald-500" : "bg-slate-300"}`} />
          <span data-testid="live-status">{live.connected ? "live" : "connecting…"}</span> · {containerCount} containers
        </span>
      </div>
      <div className="flex gap-3 text-xs">
        {(["running", "paused", "restarting", "created", "exited", "dead"] as const).map((s) => (
          <span key={s} className="flex items-center gap-1">
            <span className="inline-block h-3 w-3 rounded-sm border" style={{ background: coloursFor(s).fill, borderColor: coloursFor(s).border }} />
            {s}
          </span>
        ))}
      </div>
      <ErrorBanner error={graph.error ? describeError(graph.error) : null} />
      <div className="h-[calc(100vh-15rem)] min-h-[32rem] rounded-xl border border-slate-200 bg-white" data-testid="topology-canvas">
        {graph.data ? (
          <ReactFlow
            nodes={elements.nodes}
            edges={elements.edges}
            nodeTypes={NODE_TYPES}
            onNodeClick={onNodeClick}
            fitView
            minZoom={0.05}
            maxZoom={2}
            nodesConnectable={false}
            onlyRenderVisibleElements={containerCount > 150}
          >
            <Background />
            <Controls showInteractive={false} />
            <MiniMap pannable zoomable nodeColor={(n) => ((n.data as FlowNodeData).node.kind === "container" ? coloursFor((n.data as FlowNodeData).node.state).border : "#c7d2fe")} />
          </ReactFlow>
        ) : (
          <p className="p-6 text-sm text-slate-500">Loading the topology…</p>
        )}
      </div>
    </div>
  );
}
