// The container channels served by the ws gateway under /ws/<name>.
import type { Database } from "../../db/client";
import type { WsChannelHandler } from "../gateway";
import { createConsoleChannel } from "./container-console";
import { createLogsChannel } from "./container-logs";
import { createStatsChannel } from "./container-stats";

export function createContainerChannels(db: Database): Record<string, WsChannelHandler> {
  return { logs: createLogsChannel(db), stats: createStatsChannel(db), console: createConsoleChannel(db) };
}
