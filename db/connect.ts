import { createHash } from "node:crypto";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedOptions } from "./embedded";
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

/**
 * A statement whose text starts with this comment is prepared once per
 * connection (named after its text) and run with a generic plan from then
 * on. For statements whose planning costs more than their execution — a
 * search over every segment of the index — and whose text does not change
 * with the values searched. Every other statement is planned as usual.
 */
export const preparedMarker = "/* prepared */";

/**
 * `plan_cache_mode` applies to every statement with parameters, named or
 * not, so a connection switches it on before a marked statement and back
 * before the next statement with parameters: one more round trip only
 * where the two kinds meet. (Inside a transaction that rolls back, the
 * switch is undone with it; the next marked statement is then planned for
 * its values, a cost, not an error.)
 */
function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  let generic = false;
  const setGeneric = async (on: boolean) => {
    await query(on ? "set plan_cache_mode = force_generic_plan" : "reset plan_cache_mode");
    generic = on;
  };
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof values === "function" || callback !== undefined) return query(config, values, callback);
    if (typeof config === "string" && config.trimStart().startsWith(preparedMarker)) {
      const name = `dossier_${createHash("sha1").update(config).digest("hex").slice(0, 24)}`;
      const run = () => query({ name, text: config, values });
      return generic ? run() : setGeneric(true).then(run);
    }
    const hasParameters = Array.isArray(values) ? values.length > 0 : Array.isArray((config as { values?: unknown[] } | null)?.values);
    if (generic && hasParameters) return setGeneric(false).then(() => query(config, values));
    return query(config, values);
  };
}

/**
 * Bounds on a process's database work. A frozen server (a held lock, a
 * stopped process, a full disk) then fails a statement within seconds
 * instead of hanging it: the server cancels after `statementMs`/`lockMs`,
 * and the client gives up after `queryMs` (a server that does not answer
 * at all) or `connectMs` (no connection to be had).
 */
export type DbTimeouts = { statementMs: number; lockMs: number; queryMs: number; connectMs: number };

export function createDb(url: string, poolSize = 10, timeouts?: DbTimeouts): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(timeouts
      ? { statement_timeout: timeouts.statementMs, lock_timeout: timeouts.lockMs, query_timeout: timeouts.queryMs, connectionTimeoutMillis: timeouts.connectMs }
      : {}),
  });
  // An idle client that loses its server must not crash the process.
  pool.on("error", (error) => console.error(`database pool: ${error.message}`));
  pool.on("connect", prepareMarkedStatements);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/**
 * Opens the database: the server at DATABASE_URL, or the embedded server in
 * DATA_DIR/postgres (started if needed, shared if `dossier start` runs it).
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  timeouts?: DbTimeouts;
  /** Who handles SIGINT/SIGTERM when this process runs the embedded server (db/embedded.ts). */
  signals?: EmbeddedOptions["signals"];
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const { db } = createDb(options.databaseUrl, options.poolSize, options.timeouts);
    return { db, url: options.databaseUrl, ownsServer: false, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres({ dir: path.join(options.dataDir, "postgres"), signals: options.signals });
  const { db } = createDb(server.url, options.poolSize, options.timeouts);
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
