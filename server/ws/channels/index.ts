// The container channels served by the ws gateway under /ws/<name>.
import type { Database } from "../../db/client";
import type { WsChannelHandler } from "../gateway";
import { createConsoleChannel } from "./container-console";
import { createLogsChannel } from "./container-logs";
import { createStatsChannel } from "./container-stats";
import { createEventsChannel } from "./engine-events";
import { createImagePullChannel } from "./image-pull";

export function createContainerChannels(db: Database): Record<string, WsChannelHandler> {
  return { logs: createLogsChannel(db), stats: createStatsChannel(db), console: createConsoleChannel(db), events: createEventsChannel(db), "image-pull": createImagePullChannel(db) };
}
