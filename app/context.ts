import type { Db } from "../db/connect";
import type { Config } from "../server/config";
import type { JobQueue } from "../server/queue";

/** What the express server hands every loader and action. */
declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
    queue: JobQueue;
    config: Config;
    cspNonce: string;
  }
}

export {};
