import { migrateToLatest } from "../db/migrate";
import { openDatabase, type DatabaseHandle } from "../db/connect";
import { loadConfig, type Config } from "./config";
import { jobDefinitions } from "./jobs";
import { JobQueue } from "./queue";

/**
 * What every process needs: the configuration, the database and the queue
 * client. Opened once per process, closed once, in reverse order.
 */
export type Runtime = {
  config: Config;
  database: DatabaseHandle;
  queue: JobQueue;
  close: () => Promise<void>;
};

export async function openRuntime(options: { config?: Config; role: "worker" | "client"; migrate?: boolean }): Promise<Runtime> {
  const config = options.config ?? loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (options.migrate) await migrateToLatest(database.db);
    const queue = new JobQueue(database.url, jobDefinitions, options.role);
    await queue.start();
    let closed = false;
    return {
      config,
      database,
      queue,
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
