import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

export type DatabaseHandle = {
  db: Db;
  url: string;
  /** True when this process runs the embedded server (and stops it on close). */
  ownsServer: boolean;
  close: () => Promise<void>;
};

// Civil dates stay strings ("YYYY-MM-DD"): a JS Date would shift them by the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint counts (count(*)) are safe as numbers at our sizes.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function createDb(url: string, poolSize = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its server must not crash the process.
  pool.on("error", (error) => console.error(`database pool: ${error.message}`));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/**
 * Opens the database: the server at DATABASE_URL, or the embedded server in
 * DATA_DIR/postgres (started if needed, shared if `dossier start` runs it).
 */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const { db } = createDb(options.databaseUrl, options.poolSize);
    return { db, url: options.databaseUrl, ownsServer: false, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres({ dir: path.join(options.dataDir, "postgres") });
  const { db } = createDb(server.url, options.poolSize);
  return {
    db,
    url: server.url,
    ownsServer: server.owned,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
