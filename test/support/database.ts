import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, type Db } from "../../db/connect";
import { TEMPLATE, withDatabase } from "./global-setup";

export type TestDatabase = { db: Db; url: string };

/**
 * A fresh database for this test file, cloned from the migrated template in
 * milliseconds. Call at the top level of a test file; use `.db` in tests.
 */
export function useTestDatabase(): TestDatabase {
  const handle = {} as TestDatabase;
  const name = `t_${randomBytes(6).toString("hex")}`;
  const adminUrl = inject("databaseAdminUrl");
  beforeAll(async () => {
    const admin = createDb(adminUrl, 1).db;
    await sql`create database ${sql.id(name)} template ${sql.id(TEMPLATE)}`.execute(admin);
    await admin.destroy();
    handle.url = withDatabase(adminUrl, name);
    handle.db = createDb(handle.url, 5).db;
  });
  afterAll(async () => {
    await handle.db?.destroy();
    const admin = createDb(adminUrl, 1).db;
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
  });
  return handle;
}
