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
    /** The client's address (express req.ip, proxies trusted on loopback only). */
    clientIp: string;
  }
}

export {};
