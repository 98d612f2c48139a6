import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { PgBossQueue } from "../../server/queue";
import type { JobDefinition } from "../../core/jobs";
import { testRuntime } from "../support/app";
import { allJobs } from "../../server/rooms";
import { useTestDatabase } from "../support/database";

describe("job queue", () => {
  const database = useTestDatabase();

  it("runs a job only if the transaction that sent it commits", async () => {
    const seen: string[] = [];
    const definitions: JobDefinition[] = [
      { name: "test-record", handler: async (data: { label: string }) => void seen.push(data.label), retryLimit: 0 },
    ];
    const queue = new PgBossQueue(database.url, definitions, "worker");
    await queue.start();
    try {
      await database.db.transaction().execute(async (trx) => {
        await queue.send(trx, "test-record", { label: "committed" });
      });
      await database.db
        .transaction()
        .execute(async (trx) => {
          await queue.send(trx, "test-record", { label: "rolled back" });
          throw new Error("rollback");
        })
        .catch(() => {});
      const queued = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'test-record'`.execute(database.db);
      expect(queued.rows[0].n).toBe(1);

      await queue.work({ ...testRuntime(database), queue });
      const deadline = Date.now() + 10_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual(["committed"]);
      await expect(queue.send(database.db, "no-such-job", {})).rejects.toThrow(/Unknown job/);
    } finally {
      await queue.stop();
      // testRuntime loads every room's jobs lazily: let that finish before the file's environment goes.
      await allJobs();
    }
  });
});
