import { describe, expect, it } from "vitest";
import { containerQuerySchema, queryContainers } from "./query-containers";
import type { ContainerSummary } from "./container-summary";

function container(n: number, over: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: `${n.toString(16).padStart(4, "0")}${"a".repeat(60)}`,
    name: `app-${String(n).padStart(4, "0")}`,
    image: n % 2 ? "busybox:latest" : "httpd:latest",
    command: "sh",
    state: n % 3 === 0 ? "running" : "exited",
    status: "",
    createdAt: new Date(1_700_000_000_000 + n * 1000),
    labels: n % 5 === 0 ? { tier: "web" } : { tier: "db" },
    ports: [],
    composeProject: n % 4 === 0 ? "shop" : n % 4 === 1 ? "blog" : null,
    environmentId: n % 2 ? "env-b" : "env-a",
    environmentName: n % 2 ? "beta" : "alpha",
    ...over,
  };
}
const all = Array.from({ length: 1000 }, (_, i) => container(i));
const q = (over: object) => containerQuerySchema.parse(over);

describe("queryContainers", () => {
  it("returns one page of the sorted list, and pages never overlap", () => {
    const first = queryContainers(all, q({ pageSize: 50 }));
    const second = queryContainers(all, q({ pageSize: 50, page: 2 }));
    expect(first.total).toBe(1000);
    expect(first.pageCount).toBe(20);
    expect(first.items.map((c) => c.name).slice(0, 2)).toEqual(["app-0000", "app-0001"]);
    expect(second.items[0]!.name).toBe("app-0050");
    expect(new Set([...first.items, ...second.items].map((c) => c.id)).size).toBe(100);
  });

  it("filters by state, name, image, label and environment together", () => {
    const page = queryContainers(all, q({ states: ["running"], image: "busy", label: "tier=web", environmentIds: ["env-b"], name: "app-00" }));
    expect(page.items.every((c) => c.state === "running" && c.image.startsWith("busybox") && c.labels.tier === "web" && c.environmentId === "env-b")).toBe(true);
    expect(page.items.map((c) => c.name)).toEqual(["app-0015", "app-0045", "app-0075"]);
    expect(queryContainers(all, q({ label: "tier" })).total).toBe(1000);
    expect(queryContainers(all, q({ label: "nothing" })).total).toBe(0);
  });

  it("searches name, image, id prefix, project and environment", () => {
    expect(queryContainers(all, q({ search: "APP-0999" })).items.map((c) => c.name)).toEqual(["app-0999"]);
    expect(queryContainers(all, q({ search: "03e7" })).items.map((c) => c.name)).toEqual(["app-0999"]);
    expect(queryContainers(all, q({ search: "shop" })).total).toBe(250);
    expect(queryContainers(all, q({ search: "beta" })).total).toBe(500);
  });

  it("sorts by created descending and by environment", () => {
    expect(queryContainers(all, q({ sort: "created", direction: "desc", pageSize: 1 })).items[0]!.name).toBe("app-0999");
    expect(queryContainers(all, q({ sort: "environment", pageSize: 1 })).items[0]!.environmentName).toBe("alpha");
  });

  it("groups by compose project with counts, containers without a project last", () => {
    const page = queryContainers(all, q({ groupByProject: true, pageSize: 200 }));
    expect(page.items[0]!.composeProject).toBe("blog");
    const last = queryContainers(all, q({ groupByProject: true, pageSize: 200, page: 5 }));
    expect(last.items.at(-1)!.composeProject).toBeNull();
    expect(page.projects).toEqual([
      { project: "blog", count: 250 },
      { project: "shop", count: 250 },
      { project: null, count: 500 },
    ]);
  });
});
