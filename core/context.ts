import type { Db } from "../db/connect";
import type { Clock } from "./clock";
import type { Config } from "./config";
import type { FileStore } from "./files";
import type { JobQueue } from "./jobs";
import type { Logger } from "./logger";
import type { Mailer } from "./mailer";
import type { SearchBackend } from "./search";

/**
 * Everything a room needs from the process, built once per process from the
 * configuration (server/context.ts) and handed to web loaders and actions,
 * job handlers and CLI commands alike. Rooms never read `process.env` or
 * keep configuration in module variables: what they need is here.
 */
export type AppContext = {
  config: Config;
  db: Db;
  queue: JobQueue;
  clock: Clock;
  files: FileStore;
  search: SearchBackend;
  mailer: Mailer;
  logger: Logger;
};
