import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { PgBossQueue } from "../../server/queue";
import type { JobDefinition } from "../../core/jobs";
import { testRuntime } from "../support/app";
import { allJobs } from "../../server/rooms";
import { useTestDatabase } from "../support/database";
import { MAIL_PROCESS, mailJobs } from "../../mail/jobs";
import { storeRaw } from "../../mail/ingest";

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

  it("says urgent work is waiting only while urgent jobs are being worked on; the dispatcher still dispatches then", async () => {
    let release!: () => void;
    const running = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const definitions: JobDefinition[] = [
      { name: "test-urgent", urgent: true, retryLimit: 0, handler: async () => void (started++, await running) },
      { name: "test-ordinary", retryLimit: 0, handler: async () => {} },
    ];
    const queue = new PgBossQueue(database.url, definitions, "worker");
    await queue.start();
    try {
      const waitUntil = async (check: () => Promise<boolean> | boolean) => {
        const deadline = Date.now() + 15_000;
        while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      };
      expect(await queue.urgentWorkWaiting()).toBe(false);
      for (let i = 0; i < 3; i++) await queue.send(database.db, "test-urgent", { i });
      for (let i = 0; i < 3; i++) await queue.send(database.db, "test-ordinary", { i });
      // Queued but nobody works them (no burst being worked through): nothing to yield to.
      expect(await queue.urgentWorkWaiting()).toBe(false);

      const context = { ...testRuntime(database), queue };
      await queue.work(context);
      await waitUntil(() => started > 0);
      expect(await queue.urgentWorkWaiting()).toBe(true);

      // The dispatcher pauses for urgent work, but never indefinitely: an event emitted now is still dispatched.
      const { emit } = await import("../../core/events");
      const { dispatchEvents } = await import("../../core/event-dispatch");
      await sql`update domain_events set dispatched_at = now() where dispatched_at is null`.execute(database.db);
      await emit(database.db, { type: "request.changed", requestId: 123_456, data: { fields: ["title"] } });
      const run = await dispatchEvents(context, []);
      expect(run.events).toBe(1);
      expect(await queue.urgentWorkWaiting()).toBe(true);

      release();
      await waitUntil(async () => !(await queue.urgentWorkWaiting()) && started === 3);
      expect(started).toBe(3);
      expect(await queue.urgentWorkWaiting()).toBe(false);
    } finally {
      release();
      await queue.stop();
    }
  });

  it("processes mail in batches where a failing item is retried alone: every other message stored once, none lost, none doubled", async () => {
    const mailProcess = mailJobs.find((d) => d.name === MAIL_PROCESS)!;
    expect(mailProcess.batchSize).toBeGreaterThan(1);
    const definition: JobDefinition = { ...mailProcess, retryLimit: 1, retryDelaySeconds: 1 };
    const queue = new PgBossQueue(database.url, [definition], "worker");
    await queue.start();
    try {
      const db = database.db;
      const rawIds: number[] = [];
      for (let i = 0; i < 12; i++) {
        const bytes = Buffer.from(`From: agent@commune.example.be\r\nTo: nobody@localhost\r\nSubject: Lot ${i}\r\nMessage-ID: <lot-${i}-${Date.now()}@commune.example.be>\r\n\r\nDocument ${i}.\r\n`);
        rawIds.push((await storeRaw(db, bytes, null)).id);
      }
      const missing = Math.max(...rawIds) + 1_000_000;
      // One batch: twelve messages, one of them queued twice, and one job whose message does not exist.
      for (const rawId of [...rawIds.slice(0, 6), missing, rawIds[0], ...rawIds.slice(6)]) await queue.send(db, MAIL_PROCESS, { rawId });
      await queue.work({ ...testRuntime(database), queue });

      const states = async () =>
        Object.fromEntries((await sql<{ state: string; n: number }>`select state, count(*)::int as n from pgboss.job where name = ${MAIL_PROCESS} group by state`.execute(db)).rows.map((r) => [r.state, r.n]));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const now = await states();
        if (now.completed === 13 && now.failed === 1) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await states()).toEqual({ completed: 13, failed: 1 });
      const messages = await db.selectFrom("messages").select("raw_message_id").where("raw_message_id", "in", rawIds).execute();
      expect(messages.map((m) => m.raw_message_id).sort((a, b) => a! - b!)).toEqual(rawIds);
      const processed = await db.selectFrom("raw_messages").select("id").where("id", "in", rawIds).where("processed_at", "is not", null).execute();
      expect(processed).toHaveLength(rawIds.length);
    } finally {
      await queue.stop();
      await allJobs();
    }
  }, 120_000);
});
