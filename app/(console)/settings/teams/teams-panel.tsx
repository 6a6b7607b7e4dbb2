"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc-provider";
import { Button, ErrorMessage, Section, TextInput } from "../settings-ui";

export function TeamsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const access = useQuery(trpc.account.access.queryOptions());
  const teams = useQuery(trpc.team.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
  const canManage = access.data?.global.includes("user:manage") ?? false;
  const [name, setName] = useState("");
  const [memberName, setMemberName] = useState<Record<string, string>>({});

  const create = useMutation(trpc.team.create.mutationOptions({ onSuccess: () => (setName(""), refresh()) }));
  const remove = useMutation(trpc.team.delete.mutationOptions({ onSuccess: refresh }));
  const add = useMutation(trpc.team.addMember.mutationOptions({ onSuccess: (_d, v) => (setMemberName((m) => ({ ...m, [v.teamId]: "" })), refresh()) }));
  const drop = useMutation(trpc.team.removeMember.mutationOptions({ onSuccess: refresh }));
  const lead = useMutation(trpc.team.setLeader.mutationOptions({ onSuccess: refresh }));

  return (
    <div className="space-y-4">
      {canManage ? (
        <Section title="Create a team">
          <form
            className="flex items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ name });
            }}
          >
            <TextInput id="team-name" label="Team name" value={name} onChange={setName} />
            <Button type="submit" variant="primary" disabled={create.isPending}>
              Create team
            </Button>
          </form>
          <ErrorMessage error={create.error} />
        </Section>
      ) : null}
      <ErrorMessage error={teams.error ?? add.error ?? drop.error ?? lead.error ?? remove.error} />
      {teams.data?.length === 0 ? <p className="text-sm text-slate-500">No teams yet.</p> : null}
      {teams.data?.map((team) => {
        const leads = access.data?.ledTeamIds.includes(team.id) ?? false;
        return (
          <Section key={team.id} title={team.name}>
            <ul className="divide-y divide-slate-100 text-sm" data-testid={`team-${team.name}`}>
              {team.members.map((m) => (
                <li key={m.userId} className="flex items-center justify-between py-1.5">
                  <span>
                    {m.username} {m.isLeader ? <em className="text-slate-500">(leader)</em> : null}
                  </span>
                  <span className="space-x-1">
                    {canManage ? (
                      <Button onClick={() => lead.mutate({ teamId: team.id, userId: m.userId, isLeader: !m.isLeader })}>
                        {m.isLeader ? "Remove leader" : "Make leader"}
                      </Button>
                    ) : null}
                    {canManage || leads ? <Button onClick={() => drop.mutate({ teamId: team.id, userId: m.userId })}>Remove</Button> : null}
                  </span>
                </li>
              ))}
              {team.members.length === 0 ? <li className="py-1.5 text-slate-500">No members.</li> : null}
            </ul>
            {canManage || leads ? (
              <form
                className="flex items-end gap-3"
                onSubmit={(e) => {
                  e.preventDefault();
                  add.mutate({ teamId: team.id, username: memberName[team.id] ?? "" });
                }}
              >
                <TextInput
                  id={`add-member-${team.name}`}
                  label="Add member (username)"
                  value={memberName[team.id] ?? ""}
                  onChange={(v) => setMemberName((m) => ({ ...m, [team.id]: v }))}
                />
                <Button type="submit">Add member</Button>
                {canManage ? (
                  <Button variant="danger" onClick={() => confirm(`Delete team "${team.name}"?`) && remove.mutate({ teamId: team.id })}>
                    Delete team
                  </Button>
                ) : null}
              </form>
            ) : null}
          </Section>
        );
      })}
    </div>
  );
}
