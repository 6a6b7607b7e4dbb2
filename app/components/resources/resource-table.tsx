"use client";
// The list table every resource manager (images, volumes, networks) shows: labelled for screen readers and
// tests, a header row from column titles, and an "empty" row when the engine has none.
import type { ReactNode } from "react";
import { tableClass } from "./format";

export function ResourceTable(props: { label: string; columns: string[]; empty: string | null; children: ReactNode }) {
  return (
    <table className={tableClass} aria-label={props.label}>
      <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
        <tr>
          {props.columns.map((c, i) => (
            <th key={`${c}-${i}`} className="px-3 py-2">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 bg-white">
        {props.children}
        {props.empty !== null ? (
          <tr>
            <td colSpan={props.columns.length} className="px-3 py-6 text-center text-slate-500">
              {props.empty}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
