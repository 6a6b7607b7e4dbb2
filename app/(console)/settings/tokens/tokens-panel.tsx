"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc-provider";
import { Button, ErrorMessage, PermissionPicker, Section, Select, TextInput } from "../settings-ui";

const ANY = "*";

export function TokensPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const access = useQuery(trpc.account.access.queryOptions());
  const tokens = useQuery(trpc.token.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.token.list.queryKey() });
  const [name, setName] = useState("");
  const [permissions, setPermissions] = useState<string[]>([]);
  const [environmentId, setEnvironmentId] = useState(ANY);
  const [days, setDays] = useState("90");
  const [shown, setShown] = useState<string | null>(null);
  const create = useMutation(trpc.token.create.mutationOptions({ onSuccess: (t) => (setShown(t.token), setName(""), setPermissions([]), refresh()) }));
  const revoke = useMutation(trpc.token.revoke.mutationOptions({ onSuccess: refresh }));

  // Offer only permissions the user holds (globally or on the chosen environment).
  const held = new Set<string>(access.data?.global ?? []);
  for (const e of access.data?.environments ?? []) if (environmentId === ANY || e.id === environmentId) e.permissions.forEach((p) => held.add(p));
  const environmentOptions = [{ value: ANY, label: "Any environment I can use" }, ...(access.data?.environments ?? []).map((e) => ({ value: e.id, label: e.name }))];

  return (
    <div className="space-y-4">
      <Section title="Create a token">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            setShown(null);
            create.mutate({ name, permissions, environmentId: environmentId === ANY ? null : environmentId, expiresInDays: days ? Number(days) : null });
          }}
        >
          <div className="grid gap-3 sm:grid-cols-3">
            <TextInput id="token-name" label="Name" value={name} onChange={setName} />
            <Select id="token-environment" label="Environment" value={environmentId} onChange={setEnvironmentId} options={environmentOptions} />
            <TextInput id="token-days" label="Expires after (days, empty = never)" value={days} onChange={setDays} />
          </div>
          <PermissionPicker idPrefix="token-permission" available={[...held]} chosen={permissions} onChange={setPermissions} />
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create token
          </Button>
        </form>
        <ErrorMessage error={create.error} />
        {shown ? (
          <div role="status" className="space-y-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p>Copy this token now; it will not be shown again.</p>
            <code data-testid="new-token" className="block break-all font-mono">
              {shown}
            </code>
          </div>
        ) : null}
      </Section>
      <Section title="My tokens">
        <ErrorMessage error={tokens.error ?? revoke.error} />
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">Name</th>
              <th>Token</th>
              <th>Scope</th>
              <th>Expires</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data?.map((t) => (
              <tr key={t.id} className="border-t border-slate-100 align-top" data-testid={`token-row-${t.name}`}>
                <td className="py-1.5 font-medium">{t.name}</td>
                <td>
                  <code className="text-xs">{t.prefix}…</code>
                </td>
                <td className="text-xs">{t.permissions.join(", ")}</td>
                <td>{t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : "never"}</td>
                <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
                <td className="text-right">
                  {t.revokedAt ? (
                    <span className="text-slate-500">revoked</span>
                  ) : (
                    <Button variant="danger" onClick={() => revoke.mutate({ tokenId: t.id })}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
