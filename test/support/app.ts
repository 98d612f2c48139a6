import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { loadConfig, type Config } from "../../server/config";
import { jobDefinitions } from "../../server/jobs";
import { JobQueue } from "../../server/queue";
import type { Runtime } from "../../server/runtime";
import { startWeb } from "../../server/web";
import type { TestDatabase } from "./database";

export type TestApp = { baseUrl: string; runtime: Runtime };

/** A runtime over the test file's database, with a throw-away data directory. */
export function testRuntime(database: TestDatabase, env: Record<string, string> = {}): Runtime {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-data-"));
  const config: Config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: "test", PORT: "0", SMTP_PORT: "0", ...env });
  const queue = new JobQueue(database.url, jobDefinitions, "client");
  return {
    config,
    database: { db: database.db, url: database.url, ownsServer: false, close: async () => {} },
    queue,
    close: () => queue.stop(),
  };
}

/** Serves the real Remix build on a free port for this test file. */
export function useTestApp(database: TestDatabase, env: Record<string, string> = {}): TestApp {
  const app = {} as TestApp;
  let close = async () => {};
  beforeAll(async () => {
    app.runtime = testRuntime(database, env);
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
