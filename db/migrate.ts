import { Migrator, sql, type Kysely, type MigrationResultSet } from "kysely";
import { migrations } from "./migrations/index";

export type MigrationReport = { applied: string[]; error?: unknown };

/**
 * Applies every pending migration; throws with the failing name on error.
 * Each room numbers its migrations in its own range (0400 search, 0500
 * deadlines, …), so a room's new migration can sort before another room's
 * applied one: pending migrations are applied in name order even then.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  const applied = (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  if (result.error) {
    const failed = (result.results ?? []).find((r) => r.status === "Error")?.migrationName;
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed ?? "(unknown)"} failed: ${reason}`, { cause: result.error });
  }
  // Tables added by later migrations get the content trigger too (migration 0192, server/page-cache.ts).
  const watch = await sql<{ present: boolean }>`select to_regprocedure('dossier_watch_content_tables()') is not null as present`.execute(db);
  if (watch.rows[0]?.present) await sql`select dossier_watch_content_tables()`.execute(db);
  return applied;
}
