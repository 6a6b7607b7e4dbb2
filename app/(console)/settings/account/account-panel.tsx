"use client";
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc-provider";
import { Button, ErrorMessage, Notice, Section, TextInput } from "../settings-ui";

export function AccountPanel() {
  const trpc = useTRPC();
  const access = useQuery(trpc.account.access.queryOptions());
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useMutation(trpc.account.changePassword.mutationOptions({ onSuccess: () => (setCurrent(""), setNew("")) }));

  return (
    <div className="space-y-4">
      <Section title="Change password">
        <form
          className="grid gap-3 sm:grid-cols-3 sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate({ currentPassword, newPassword });
          }}
        >
          <TextInput id="current-password" label="Current password" type="password" value={currentPassword} onChange={setCurrent} />
          <TextInput id="new-password" label="New password (12+ characters)" type="password" value={newPassword} onChange={setNew} />
          <Button type="submit" variant="primary" disabled={change.isPending}>
            Change password
          </Button>
        </form>
        <ErrorMessage error={change.error} />
        {change.isSuccess ? <Notice>Password changed.</Notice> : null}
      </Section>
      <Section title="What I may do">
        <ErrorMessage error={access.error} />
        {access.data ? (
          <div className="space-y-2 text-sm">
            <p>{access.data.isAdmin ? "Administrator: every permission on every environment." : null}</p>
            <p>
              <span className="font-medium">Everywhere:</span> {access.data.global.join(", ") || "nothing"}
            </p>
            {access.data.environments.map((e) => (
              <p key={e.id} data-testid={`access-${e.name}`}>
                <span className="font-medium">{e.name}:</span> {e.permissions.join(", ")}
              </p>
            ))}
          </div>
        ) : null}
      </Section>
    </div>
  );
}
