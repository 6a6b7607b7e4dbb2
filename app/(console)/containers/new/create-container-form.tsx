"use client";
// The create-container form. The engine's errors come back next to the field they concern (image, name,
// ports, volumes, network) or at the top; a failed create leaves nothing behind on the host.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc-provider";
import { Field, inputClass } from "../../../components/field";
import { ErrorBanner } from "../../../components/error-banner";
import { describeError } from "../../../components/trpc-error";

const RESTART = ["no", "always", "unless-stopped", "on-failure"] as const;

export function CreateContainerForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const environments = useQuery(trpc.environment.list.queryOptions());
  const [v, setV] = useState({
    environmentId: "",
    image: "",
    name: "",
    command: "",
    env: "",
    ports: "",
    volumes: "",
    network: "",
    restartPolicy: "no" as (typeof RESTART)[number],
    memoryMb: "",
    cpus: "",
    user: "",
    pullIfMissing: true,
    start: true,
  });
  const set = (key: keyof typeof v) => (value: string | boolean) => setV({ ...v, [key]: value });
  const create = useMutation(
    trpc.container.create.mutationOptions({
      onSuccess: (result, input) => router.push(`/containers/${input.environmentId}/${result.id}`),
    }),
  );
  const error = create.error ? describeError(create.error) : null;
  const fe = error?.fieldErrors ?? {};
  const environmentId = v.environmentId || environments.data?.find((e) => e.status === "up" && e.kind !== "local")?.id || environments.data?.[0]?.id || "";

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate({
      ...v,
      environmentId,
      memoryMb: v.memoryMb ? Number(v.memoryMb) : 0,
      cpus: v.cpus ? Number(v.cpus) : 0,
    });
  };
  const text = (key: keyof typeof v, label: string, props: { placeholder?: string; hint?: string; mono?: boolean } = {}) => (
    <Field id={key} label={label} errors={fe[key]} hint={props.hint}>
      <input id={key} value={String(v[key])} onChange={(e) => set(key)(e.target.value)} placeholder={props.placeholder} className={`${inputClass} ${props.mono ? "font-mono" : ""}`} />
    </Field>
  );
  const area = (key: keyof typeof v, label: string, placeholder: string) => (
    <Field id={key} label={label} errors={fe[key]}>
      <textarea id={key} rows={3} value={String(v[key])} onChange={(e) => set(key)(e.target.value)} placeholder={placeholder} className={`${inputClass} font-mono text-xs`} />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate className="grid max-w-4xl gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm md:grid-cols-2">
      <div className="md:col-span-2">
        <ErrorBanner error={error} />
      </div>
      <Field id="environmentId" label="Environment" errors={fe.environmentId}>
        <select id="environmentId" value={environmentId} onChange={(e) => set("environmentId")(e.target.value)} className={inputClass}>
          {(environments.data ?? []).map((env) => (
            <option key={env.id} value={env.id}>
              {env.name} ({env.status})
            </option>
          ))}
        </select>
      </Field>
      {text("image", "Image", { placeholder: "registry.example.com/team/app:1.2", mono: true })}
      {text("name", "Name", { placeholder: "optional" })}
      {text("command", "Command", { placeholder: "optional, e.g. sh -c 'echo hi'", mono: true })}
      {area("env", "Environment variables (KEY=VALUE, one per line)", "GREETING=hello")}
      {area("ports", "Published ports ([ip:]host:container[/udp], one per line)", "8080:80")}
      {area("volumes", "Volumes and binds (source:/path[:ro], one per line)", "data:/var/lib/data")}
      {text("network", "Network", { placeholder: "bridge (default)" })}
      <Field id="restartPolicy" label="Restart policy" errors={fe.restartPolicy}>
        <select id="restartPolicy" value={v.restartPolicy} onChange={(e) => set("restartPolicy")(e.target.value)} className={inputClass}>
          {RESTART.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      {text("memoryMb", "Memory limit (MiB)", { placeholder: "no limit" })}
      {text("cpus", "CPU limit (CPUs)", { placeholder: "no limit, e.g. 0.5" })}
      {text("user", "User", { placeholder: "image default" })}
      <div className="flex flex-col gap-2 text-sm md:col-span-2">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={v.pullIfMissing} onChange={(e) => set("pullIfMissing")(e.target.checked)} /> Pull the image if missing
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={v.start} onChange={(e) => set("start")(e.target.checked)} /> Start after creating
        </label>
      </div>
      <div className="md:col-span-2">
        <button type="submit" disabled={create.isPending || !environmentId} className="rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-60">
          {create.isPending ? "Creating…" : "Create container"}
        </button>
      </div>
    </form>
  );
}
