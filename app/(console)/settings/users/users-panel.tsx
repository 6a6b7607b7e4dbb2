"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc-provider";
import { Button, ErrorMessage, Notice, Section, TextInput } from "../settings-ui";

export function UsersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.user.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.user.list.queryKey() });
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [isAdmin, setIsAdmin] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState("");

  const create = useMutation(trpc.user.create.mutationOptions({ onSuccess: (u) => (setNotice(`User "${u.username}" created.`), setUsername(""), setPassword(""), refresh()) }));
  const setDisabled = useMutation(trpc.user.setDisabled.mutationOptions({ onSuccess: refresh }));
  const setAdmin = useMutation(trpc.user.setAdmin.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.user.delete.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.user.resetPassword.mutationOptions({ onSuccess: () => (setNotice("Password reset."), setResetFor(null), setNewPassword("")) }));
  const actionError = setDisabled.error ?? setAdmin.error ?? remove.error ?? reset.error;

  return (
    <div className="space-y-4">
      <Section title="Add a user">
        <form
          className="grid gap-3 sm:grid-cols-4 sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            setNotice(null);
            create.mutate({ username, password, isAdmin });
          }}
        >
          <TextInput id="new-username" label="Username" value={username} onChange={setUsername} />
          <TextInput id="new-password" label="Password (12+ characters)" type="password" value={password} onChange={setPassword} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="new-is-admin" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} /> Administrator
          </label>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Add user
          </Button>
        </form>
        <ErrorMessage error={create.error} />
        {notice ? <Notice>{notice}</Notice> : null}
      </Section>

      <Section title="All users">
        <ErrorMessage error={users.error ?? actionError} />
        {users.data ? (
          <table className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">Username</th>
                <th>Role</th>
                <th>Teams</th>
                <th>Status</th>
                <th className="text-right">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id} data-testid={`user-row-${user.username}`} className="border-t border-slate-100 align-top">
                  <td className="py-2 font-medium">{user.username}</td>
                  <td>{user.isAdmin ? "Administrator" : "—"}</td>
                  <td>{user.teams.map((t) => `${t.name}${t.isLeader ? " (leader)" : ""}`).join(", ") || "—"}</td>
                  <td>{user.disabled ? "Disabled" : "Active"}</td>
                  <td className="space-x-1 space-y-1 text-right">
                    <Button onClick={() => setDisabled.mutate({ userId: user.id, disabled: !user.disabled })}>{user.disabled ? "Enable" : "Disable"}</Button>
                    <Button onClick={() => setAdmin.mutate({ userId: user.id, isAdmin: !user.isAdmin })}>{user.isAdmin ? "Remove administrator" : "Make administrator"}</Button>
                    <Button onClick={() => setResetFor(resetFor === user.id ? null : user.id)}>Reset password</Button>
                    <Button variant="danger" onClick={() => confirm(`Delete user "${user.username}"?`) && remove.mutate({ userId: user.id })}>
                      Delete
                    </Button>
                    {resetFor === user.id ? (
                      <form
                        className="mt-2 flex items-end justify-end gap-2"
                        onSubmit={(e) => {
                          e.preventDefault();
                          reset.mutate({ userId: user.id, password: newPassword });
                        }}
                      >
                        <TextInput id={`reset-${user.username}`} label="New password" type="password" value={newPassword} onChange={setNewPassword} />
                        <Button type="submit" variant="primary">
                          Set
                        </Button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>
    </div>
  );
}
