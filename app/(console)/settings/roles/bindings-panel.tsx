"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc-provider";
import { Button, ErrorMessage, Section, Select } from "../settings-ui";

const ALL = "*";

export function BindingsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bindings = useQuery(trpc.binding.list.queryOptions());
  const roles = useQuery(trpc.role.list.queryOptions());
  const users = useQuery(trpc.user.list.queryOptions());
  const teams = useQuery(trpc.team.list.queryOptions());
  const environments = useQuery(trpc.environment.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.binding.list.queryKey() });
  const [roleId, setRoleId] = useState("");
  const [subject, setSubject] = useState("");
  const [environmentId, setEnvironmentId] = useState(ALL);
  const create = useMutation(trpc.binding.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.binding.delete.mutationOptions({ onSuccess: refresh }));

  const roleOptions = (roles.data?.roles ?? []).filter((r) => r.id !== "administrator").map((r) => ({ value: r.id, label: r.name }));
  const subjectOptions = [
    ...(teams.data ?? []).map((t) => ({ value: `team:${t.id}`, label: `Team ${t.name}` })),
    ...(users.data ?? []).map((u) => ({ value: `user:${u.id}`, label: `User ${u.username}` })),
  ];
  const environmentOptions = [{ value: ALL, label: "All environments" }, ...(environments.data ?? []).map((e) => ({ value: e.id, label: e.name }))];

  return (
    <Section title="Role bindings">
      <form
        className="grid gap-3 sm:grid-cols-4 sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          const chosenRole = roleId || roleOptions[0]?.value || "";
          const chosenSubject = subject || subjectOptions[0]?.value || "";
          const [kind, id] = chosenSubject.split(":");
          create.mutate({
            roleId: chosenRole,
            userId: kind === "user" ? id : null,
            teamId: kind === "team" ? id : null,
            environmentId: environmentId === ALL ? null : environmentId,
          });
        }}
      >
        <Select id="binding-subject" label="User or team" value={subject || subjectOptions[0]?.value || ""} onChange={setSubject} options={subjectOptions} />
        <Select id="binding-role" label="Role" value={roleId || roleOptions[0]?.value || ""} onChange={setRoleId} options={roleOptions} />
        <Select id="binding-environment" label="Environment" value={environmentId} onChange={setEnvironmentId} options={environmentOptions} />
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Add binding
        </Button>
      </form>
      <ErrorMessage error={create.error ?? remove.error ?? bindings.error} />
      <table className="w-full text-left text-sm">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1">Who</th>
            <th>Role</th>
            <th>Environment</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {bindings.data?.map((b) => (
            <tr key={b.id} className="border-t border-slate-100" data-testid="binding-row">
              <td className="py-1.5">
                {b.subject.kind === "team" ? "Team" : "User"} {b.subject.name}
              </td>
              <td>{b.roleName}</td>
              <td>{b.environmentName ?? "All environments"}</td>
              <td className="text-right">
                <Button variant="danger" onClick={() => remove.mutate({ bindingId: b.id })}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
