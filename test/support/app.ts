import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../core/config";
import type { AppContext } from "../../core/context";
import { contextFrom, type ProcessContext } from "../../server/context";
import { PgBossQueue } from "../../server/queue";
import { allJobs } from "../../server/rooms";
import { startWeb } from "../../server/web";
import type { TestDatabase } from "./database";

export type TestApp = { baseUrl: string; runtime: ProcessContext };

/**
 * A process context over the test file's database, with a throw-away data
 * directory; `overrides` replace parts of it (a fixed clock, a mailer).
 */
export function testRuntime(database: TestDatabase, env: Record<string, string> = {}, overrides: Partial<AppContext> = {}): ProcessContext {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-data-"));
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: "test", PORT: "0", SMTP_PORT: "0", ...env });
  const queue = new PgBossQueue(database.url, allJobs(), "client");
  return {
    // `overrides.db` may wrap the test database (a query-counting plugin): same pool, same data.
    ...contextFrom({ ...overrides, config, db: overrides.db ?? database.db, queue }),
    queue,
    database: { db: database.db, url: database.url, ownsServer: false, close: async () => {} },
    close: () => queue.stop(),
  };
}

/** Serves the real Remix build on a free port for this test file. */
export function useTestApp(database: TestDatabase, env: Record<string, string> = {}, overrides: Partial<AppContext> = {}): TestApp {
  const app = {} as TestApp;
  let close = async () => {};
  beforeAll(async () => {
    app.runtime = testRuntime(database, env, overrides);
    await app.runtime.queue.start();
    const web = await startWeb(app.runtime, 0);
    app.baseUrl = `http://127.0.0.1:${web.port}`;
    app.runtime.config.baseUrl = app.baseUrl;
    close = async () => {
      await web.close();
      await app.runtime.close();
    };
  });
  afterAll(() => close());
  return app;
}

/** Runs the domain-event dispatcher once, as the worker does after a commit: every room's subscribers see what was emitted. */
export async function dispatchAll(context: AppContext): Promise<void> {
  const [{ dispatchEvents }, { allSubscribers }] = await Promise.all([import("../../core/event-dispatch"), import("../../server/rooms")]);
  await dispatchEvents(context, await allSubscribers());
}
