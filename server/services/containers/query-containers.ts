// Filtering, search, sorting, grouping and paging of container summaries: pure, so the list procedure
// only has to fetch (cached) lists and hand this the page parameters.
import { z } from "zod";
import { CONTAINER_STATES, type ContainerSummary } from "./container-summary";

export const CONTAINER_SORT_FIELDS = ["name", "image", "state", "created", "environment"] as const;
export type ContainerSortField = (typeof CONTAINER_SORT_FIELDS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export const MAX_PAGE_SIZE = 200;

export const containerQuerySchema = z.object({
  /** only these environments (all when empty) */
  environmentIds: z.array(z.string()).default([]),
  states: z.array(z.enum(CONTAINER_STATES)).default([]),
  /** substring of the name, case-insensitive */
  name: z.string().default(""),
  /** substring of the image reference, case-insensitive */
  image: z.string().default(""),
  /** "key" (label present) or "key=value" */
  label: z.string().default(""),
  /** free text over name, image, id prefix, command, compose project, environment */
  search: z.string().default(""),
  sort: z.enum(CONTAINER_SORT_FIELDS).default("name"),
  direction: z.enum(SORT_DIRECTIONS).default("asc"),
  /** order by compose project first (containers without one last), then by `sort` */
  groupByProject: z.boolean().default(false),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
});
export type ContainerQuery = z.infer<typeof containerQuerySchema>;

export type ContainerPage = {
  items: ContainerSummary[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  /** per compose project on the filtered set (null = no project), for group headers */
  projects: Array<{ project: string | null; count: number }>;
};

export function matchesQuery(c: ContainerSummary, q: ContainerQuery): boolean {
  if (q.environmentIds.length > 0 && !q.environmentIds.includes(c.environmentId)) return false;
  if (q.states.length > 0 && !q.states.includes(c.state)) return false;
  if (q.name && !c.name.toLowerCase().includes(q.name.toLowerCase())) return false;
  if (q.image && !c.image.toLowerCase().includes(q.image.toLowerCase())) return false;
  if (q.label) {
    const eq = q.label.indexOf("=");
    const key = eq < 0 ? q.label : q.label.slice(0, eq);
    if (!(key in c.labels)) return false;
    if (eq >= 0 && c.labels[key] !== q.label.slice(eq + 1)) return false;
  }
  if (q.search) {
    const needle = q.search.toLowerCase();
    const hay = [c.name, c.image, c.command, c.composeProject ?? "", c.environmentName].join("\n").toLowerCase();
    if (!hay.includes(needle) && !c.id.startsWith(needle)) return false;
  }
  return true;
}

function compareBy(field: ContainerSortField): (a: ContainerSummary, b: ContainerSummary) => number {
  switch (field) {
    case "name":
      return (a, b) => a.name.localeCompare(b.name);
    case "image":
      return (a, b) => a.image.localeCompare(b.image);
    case "state":
      return (a, b) => a.state.localeCompare(b.state);
    case "created":
      return (a, b) => a.createdAt.getTime() - b.createdAt.getTime();
    case "environment":
      return (a, b) => a.environmentName.localeCompare(b.environmentName);
  }
}

export function queryContainers(all: readonly ContainerSummary[], q: ContainerQuery): ContainerPage {
  const filtered = all.filter((c) => matchesQuery(c, q));
  const sign = q.direction === "asc" ? 1 : -1;
  const primary = compareBy(q.sort);
  // Ties broken by environment then id so pages never overlap or skip.
  const ordered = filtered.sort((a, b) => {
    if (q.groupByProject && a.composeProject !== b.composeProject) {
      if (a.composeProject === null) return 1;
      if (b.composeProject === null) return -1;
      return a.composeProject.localeCompare(b.composeProject);
    }
    return sign * primary(a, b) || a.environmentId.localeCompare(b.environmentId) || a.id.localeCompare(b.id);
  });
  const counts = new Map<string | null, number>();
  for (const c of ordered) counts.set(c.composeProject, (counts.get(c.composeProject) ?? 0) + 1);
  const pageCount = Math.max(1, Math.ceil(ordered.length / q.pageSize));
  const start = (q.page - 1) * q.pageSize;
  return {
    items: ordered.slice(start, start + q.pageSize),
    total: ordered.length,
    page: q.page,
    pageSize: q.pageSize,
    pageCount,
    projects: [...counts].map(([project, count]) => ({ project, count })),
  };
}
