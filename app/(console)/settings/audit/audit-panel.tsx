"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc-provider";
import { Button, ErrorMessage, Section, Select, TextInput } from "../settings-ui";

const RESULTS = [
  { value: "", label: "Any result" },
  { value: "success", label: "Success" },
  { value: "failure", label: "Failure" },
  { value: "refused", label: "Refused" },
];

export function AuditPanel() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [result, setResult] = useState("");
  const filter = { search: search || undefined, result: (result || undefined) as "success" | "failure" | "refused" | undefined };
  const entries = useQuery(trpc.audit.list.queryOptions({ ...filter, limit: 200 }, { refetchInterval: 5_000 }));
  const exportCsv = useQuery({ ...trpc.audit.exportCsv.queryOptions(filter), enabled: false });

  async function download() {
    const { data } = await exportCsv.refetch();
    if (!data) return;
    const url = URL.createObjectURL(new Blob([data.csv], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = data.filename;
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <Section title="Entries">
      <div className="grid gap-3 sm:grid-cols-4 sm:items-end">
        <TextInput id="audit-search" label="Search" placeholder="user, action, target…" value={search} onChange={setSearch} />
        <Select id="audit-result" label="Result" value={result} onChange={setResult} options={RESULTS} />
        <Button onClick={download}>Export CSV</Button>
      </div>
      <ErrorMessage error={entries.error ?? exportCsv.error} />
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1">Time</th>
            <th>User</th>
            <th>Via</th>
            <th>Action</th>
            <th>Target</th>
            <th>Environment</th>
            <th>Result</th>
            <th>Address</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.data?.map((e) => (
            <tr key={e.id} className="border-t border-slate-100 align-top" data-testid="audit-row">
              <td className="whitespace-nowrap py-1">{new Date(e.createdAt).toLocaleString()}</td>
              <td>{e.username ?? "—"}</td>
              <td>{e.via ?? "—"}</td>
              <td>{e.action}</td>
              <td>{e.target ?? ""}</td>
              <td className="text-xs">{e.environmentId ?? ""}</td>
              <td className={e.result === "success" ? "text-emerald-700" : "text-red-700"}>{e.result}</td>
              <td>{e.address ?? ""}</td>
              <td className="text-xs">{e.detail ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
