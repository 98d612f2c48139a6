import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/connect";
import { startEmbeddedPostgres } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { ensureBuild } from "../../server/web";

/**
 * One PostgreSQL server per test run (the embedded one, or TEST_DATABASE_URL
 * when CI provides a server), one migrated template database; each test
 * file clones the template (see test/support/database.ts).
 */
export const TEMPLATE = "dossier_template";

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stopServer = async () => {};
  let dir: string | undefined;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    dir = await mkdtemp(path.join(os.tmpdir(), "dossier-test-"));
    const server = await startEmbeddedPostgres({
      dir: path.join(dir, "postgres"),
      settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
    });
    adminUrl = server.url;
    stopServer = server.stop;
  }

  const admin = createDb(adminUrl, 1).db;
  await sql`drop database if exists ${sql.id(TEMPLATE)} with (force)`.execute(admin);
  await sql`create database ${sql.id(TEMPLATE)}`.execute(admin);
  await admin.destroy();
  const templateUrl = withDatabase(adminUrl, TEMPLATE);
  const template = createDb(templateUrl, 1).db;
  await migrateToLatest(template);
  await template.destroy();

  // Browser tests serve the real build; build once here rather than per file.
  ensureBuild(() => {});

  project.provide("databaseAdminUrl", adminUrl);
  return async () => {
    await stopServer();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseAdminUrl: string;
  }
}
