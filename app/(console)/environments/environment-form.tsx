"use client";
// Add or edit a remote environment. Certificates and keys can be pasted or loaded from files; on edit, empty
// credential fields keep the stored ones (they are never sent back to the browser).
import { useState, type ChangeEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../trpc-provider";
import { Field, inputClass } from "../../components/field";
import { ErrorBanner } from "../../components/error-banner";
import { describeError } from "../../components/trpc-error";

const KINDS = [
  { value: "tls", label: "TCP with TLS client certificates", placeholder: "tcp://10.0.0.5:2376" },
  { value: "tcp", label: "TCP without TLS (trusted networks only)", placeholder: "tcp://10.0.0.5:2375" },
  { value: "socket", label: "Unix socket", placeholder: "unix:///var/run/docker.sock" },
  { value: "ssh", label: "SSH (key-based)", placeholder: "ssh://deploy@10.0.0.5" },
] as const;
type Kind = (typeof KINDS)[number]["value"];

export type EnvironmentFormValues = { name: string; kind: Kind; url: string; hasTls: boolean; hasSshKey: boolean };

function PemField(props: { id: string; label: string; value: string; onChange: (v: string) => void; errors?: string[]; stored: boolean }) {
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) props.onChange(await file.text());
  };
  return (
    <Field id={props.id} label={props.label} errors={props.errors} hint={props.stored ? "Stored (encrypted). Leave empty to keep it." : "Paste the PEM text or choose the file."}>
      <textarea
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        rows={4}
        spellCheck={false}
        className={`${inputClass} font-mono text-xs`}
        placeholder="-----BEGIN ...-----"
      />
      <input type="file" aria-label={`${props.label} file`} onChange={load} className="text-xs" />
    </Field>
  );
}

export function EnvironmentForm({ existing, environmentId }: { existing?: EnvironmentFormValues; environmentId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(existing?.name ?? "");
  const [kind, setKind] = useState<Kind>(existing?.kind ?? "tls");
  const [url, setUrl] = useState(existing?.url ?? "");
  const [tlsCa, setTlsCa] = useState("");
  const [tlsCert, setTlsCert] = useState("");
  const [tlsKey, setTlsKey] = useState("");
  const [sshKey, setSshKey] = useState("");
  const [allowUnreachable, setAllowUnreachable] = useState(false);
  const onSuccess = () => router.push("/environments");
  const add = useMutation(trpc.environment.add.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.environment.update.mutationOptions({ onSuccess }));
  const mutation = environmentId ? update : add;
  const error = mutation.error ? describeError(mutation.error) : null;
  const fe = error?.fieldErrors ?? {};

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const input = { name, kind, url, tlsCa, tlsCert, tlsKey, sshKey, allowUnreachable };
    if (environmentId) update.mutate({ ...input, environmentId });
    else add.mutate(input);
  };

  return (
    <form onSubmit={submit} className="max-w-2xl space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      <ErrorBanner error={error} />
      <Field id="name" label="Name" errors={fe.name}>
        <input id="name" value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
      </Field>
      <Field id="kind" label="Connection">
        <select id="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={inputClass}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="url" label="Docker host URL" errors={fe.url}>
        <input id="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={KINDS.find((k) => k.value === kind)?.placeholder} className={`${inputClass} font-mono`} />
      </Field>
      {kind === "tls" ? (
        <>
          <PemField id="tlsCa" label="CA certificate" value={tlsCa} onChange={setTlsCa} errors={fe.tlsCa} stored={Boolean(existing?.hasTls)} />
          <PemField id="tlsCert" label="Client certificate" value={tlsCert} onChange={setTlsCert} errors={fe.tlsCert} stored={Boolean(existing?.hasTls)} />
          <PemField id="tlsKey" label="Client key" value={tlsKey} onChange={setTlsKey} errors={fe.tlsKey} stored={Boolean(existing?.hasTls)} />
        </>
      ) : null}
      {kind === "ssh" ? (
        <PemField id="sshKey" label="SSH private key" value={sshKey} onChange={setSshKey} errors={fe.sshKey} stored={Boolean(existing?.hasSshKey)} />
      ) : null}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={allowUnreachable} onChange={(e) => setAllowUnreachable(e.target.checked)} />
        Save even if the host does not answer now
      </label>
      <div className="flex gap-2">
        <button type="submit" disabled={mutation.isPending} className="rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-60">
          {mutation.isPending ? "Connecting…" : environmentId ? "Save changes" : "Add environment"}
        </button>
        <button type="button" onClick={() => router.push("/environments")} className="rounded-md border border-slate-300 px-4 py-2 text-sm">
          Cancel
        </button>
      </div>
    </form>
  );
}
