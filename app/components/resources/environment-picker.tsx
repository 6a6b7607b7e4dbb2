"use client";
// Picks the environment a resource page works on; defaults to the first environment that is up, preferring
// a remote engine (the local engine serves images only).
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc-provider";
import { inputClass } from "../field";

const pickerClass = inputClass.replace("block w-full ", "");

export function useEnvironmentChoice(chosen: string, preferRemote = true): { environmentId: string; environments: Array<{ id: string; name: string; status: string; kind: string }> } {
  const trpc = useTRPC();
  const environments = useQuery(trpc.environment.list.queryOptions(undefined, { refetchInterval: 10_000 }));
  const list = (environments.data ?? []).map((e) => ({ id: e.id, name: e.name, status: e.status, kind: e.kind }));
  const fallback = (preferRemote ? list.find((e) => e.status === "up" && e.kind !== "local") : undefined) ?? list.find((e) => e.status === "up") ?? list[0];
  return { environmentId: chosen || fallback?.id || "", environments: list };
}

export function EnvironmentPicker(props: { value: string; onChange: (id: string) => void; environments: Array<{ id: string; name: string; status: string }>; allLabel?: string }) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      Environment
      <select aria-label="Environment" value={props.value} onChange={(e) => props.onChange(e.target.value)} className={pickerClass}>
        {props.allLabel !== undefined ? <option value="">{props.allLabel}</option> : null}
        {props.environments.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name} ({e.status})
          </option>
        ))}
      </select>
    </label>
  );
}
