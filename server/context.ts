import { migrateToLatest } from "../db/migrate";
import { openDatabase, type DatabaseHandle, type Db, type DbTimeouts } from "../db/connect";
import { systemClock } from "../core/clock";
import { loadConfig, type Config } from "../core/config";
import type { AppContext } from "../core/context";
import { FileStore } from "../core/files";
import { consoleLogger } from "../core/logger";
import type { JobQueue } from "../core/jobs";
import { smtpMailer } from "../mail/relay";
import { createSearchBackend } from "../search/backend";
import { PgBossQueue } from "./queue";
import { allJobs } from "./rooms";

/**
 * The one context of a process (core/context.ts), built once from the
 * configuration, plus what only the process itself handles: the database
 * handle to close and the queue to start or stop working.
 */
export type ProcessContext = AppContext & {
  queue: PgBossQueue;
  database: DatabaseHandle;
  close: () => Promise<void>;
};

/**
 * Builds a context from its parts; anything not given is made from the
 * configuration. Tests use it with overrides (a fixed clock, a sink mailer).
 */
export function contextFrom(parts: { config: Config; db: Db; queue: JobQueue } & Partial<AppContext>): AppContext {
  const { config, db } = parts;
  return {
    clock: systemClock,
    files: new FileStore(config.dataDir),
    search: createSearchBackend(db, config),
    mailer: smtpMailer(config.smtpUrl, config.dkim),
    logger: consoleLogger,
    ...parts,
  };
}

type OpenOptions = {
  config?: Config;
  role: "worker" | "client";
  migrate?: boolean;
  /** Database connections of this process (10 by default); web processes on many cores take fewer each. */
  poolSize?: number;
  /** Bounds on every statement of this process (the SMTP listener's; db/connect.ts). */
  timeouts?: DbTimeouts;
  /** False: the queue client is started later by the caller, once the database answers (`dossier smtp` started while it is down). */
  startQueue?: boolean;
  /** See db/embedded.ts: the supervisor handles SIGINT/SIGTERM itself. */
  signals?: "stop-server-and-exit" | "caller";
};

/** Opens the database and the queue client for a process; closed once, in reverse order. */
export async function openContext(options: OpenOptions & Partial<AppContext>): Promise<ProcessContext> {
  const { config: given, role, migrate, poolSize, signals, timeouts, startQueue = true, ...overrides } = options;
  const config = given ?? loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize, signals, timeouts });
  try {
    if (migrate) await migrateToLatest(database.db);
    const queue = new PgBossQueue(database.url, await allJobs(), role);
    if (startQueue) await queue.start();
    let closed = false;
    return {
      ...contextFrom({ ...overrides, config, db: database.db, queue }),
      queue,
      database,
      close: async () => {
        if (closed) return;
        closed = true;
        await queue.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
