"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc-provider";
import { Button, ErrorMessage, PermissionPicker, Section, TextInput } from "../settings-ui";

export function RolesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roles = useQuery(trpc.role.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.role.list.queryKey() });
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [permissions, setPermissions] = useState<string[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const reset = () => (setEditing(null), setName(""), setDescription(""), setPermissions([]), refresh());
  const create = useMutation(trpc.role.create.mutationOptions({ onSuccess: reset }));
  const update = useMutation(trpc.role.update.mutationOptions({ onSuccess: reset }));
  const remove = useMutation(trpc.role.delete.mutationOptions({ onSuccess: refresh }));

  return (
    <>
      <Section title={editing ? `Edit role "${name}"` : "Create a custom role"}>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (editing) update.mutate({ roleId: editing, name, description, permissions });
            else create.mutate({ name, description, permissions });
          }}
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <TextInput id="role-name" label="Role name" value={name} onChange={setName} />
            <TextInput id="role-description" label="Description" value={description} onChange={setDescription} />
          </div>
          <PermissionPicker idPrefix="role-permission" available={roles.data?.permissions ?? []} chosen={permissions} onChange={setPermissions} />
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={create.isPending || update.isPending}>
              {editing ? "Save role" : "Create role"}
            </Button>
            {editing ? <Button onClick={reset}>Cancel</Button> : null}
          </div>
        </form>
        <ErrorMessage error={editing ? update.error : create.error} />
      </Section>
      <Section title="Roles">
        <ErrorMessage error={roles.error ?? remove.error} />
        <ul className="divide-y divide-slate-100 text-sm">
          {roles.data?.roles.map((role) => (
            <li key={role.id} className="py-2" data-testid={`role-${role.name}`}>
              <div className="flex items-center justify-between">
                <span className="font-medium">
                  {role.name} {role.builtIn ? <em className="font-normal text-slate-500">(built-in)</em> : null}
                </span>
                {role.builtIn ? null : (
                  <span className="space-x-1">
                    <Button onClick={() => (setEditing(role.id), setName(role.name), setDescription(role.description), setPermissions(role.permissions))}>
                      Edit
                    </Button>
                    <Button variant="danger" onClick={() => remove.mutate({ roleId: role.id })}>
                      Delete
                    </Button>
                  </span>
                )}
              </div>
              {role.description ? <p className="text-slate-500">{role.description}</p> : null}
              <p className="mt-1 flex flex-wrap gap-1">
                {role.permissions.map((p) => (
                  <code key={p} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">
                    {p}
                  </code>
                ))}
              </p>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
