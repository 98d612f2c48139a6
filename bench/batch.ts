/**
 * Creating and queueing a batch to every commune (565 authorities) with
 * the production code (batches/createBatch: one draft per authority, the
 * batch's items, its first sending job, in one transaction), against the
 * named reference measured in the same run: the same 565 requests filed
 * one at a time through the single-request path (requests/createRequest:
 * a draft, then sendRequest queueing its letter). Then the batch's 565
 * letters are sent through the throttle with no spacing (sending.ts), to
 * time the sending path itself. The bundled directory is loaded into a
 * throwaway embedded PostgreSQL (or DATABASE_URL); every commune is given
 * a verified test address so that all 565 are reachable. Prints one JSON
 * object: wall time and peak memory (RSS and heap, sampled every 5 ms,
 * above the phase's starting point) per phase.
 *
 *   npx tsx bench/batch.ts
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { importDirectory } from "../authorities/import";
import { loadBundledDirectory } from "../authorities/bundled";
import { createBatch, setBatchAllowance } from "../batches/batches";
import { selectionFromParams } from "../batches/selection";
import { runBatchSending } from "../batches/sending";
import { systemClock } from "../core/clock";
import { loadConfig } from "../core/config";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { createRequest } from "../requests/requests";
import { PgBossQueue } from "../server/queue";
import { allJobs } from "../server/rooms";

type Phase = { ms: number; peakRssMb: number; peakHeapMb: number };

async function measure(run: () => Promise<unknown>): Promise<Phase> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 5);
  const t0 = performance.now();
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return { ms: Math.round(ms), peakRssMb: mb(peakRss - start.rss), peakHeapMb: mb(peakHeap - start.heapUsed) };
}

async function main() {
  const tmp = process.env.DATABASE_URL ? null : mkdtempSync(path.join(os.tmpdir(), "dossier-bench-"));
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: tmp ?? "./data" });
  const db = handle.db;
  const queue = new PgBossQueue(handle.url, allJobs(), "client");
  try {
    await migrateToLatest(db);
    await queue.start();
    const config = {
      ...loadConfig({ DATA_DIR: tmp ?? "./data", NODE_ENV: "test", DAILY_REQUEST_CAP: "100000", BATCH_SEND_INTERVAL_SECONDS: "0", BATCH_DOMAIN_SPACING_SECONDS: "0", BATCH_DAILY_CEILING: "100000" }),
      baseUrl: "https://dossier.example",
    };
    const context = { db, queue, config, clock: systemClock };
    await importDirectory(db, loadBundledDirectory().map((r) => r.row));
    // Every commune reachable: a verified test address on its own domain.
    await db
      .updateTable("authorities")
      .set({ email: sql<string>`'info@' || slug || '.commune.example'`, email_verified: true })
      .where("kind", "=", "commune")
      .execute();
    const communes = await db.selectFrom("authorities").select("id").where("kind", "=", "commune").where("active", "=", true).orderBy("id").execute();
    const mk = async (email: string) =>
      (await db.insertInto("users").values({ email, display_name: "Bench Watchdog", locale: "fr", confirmed_at: new Date() }).returning("id").executeTakeFirstOrThrow()).id;
    const batchUser = await mk("batch@bench.example");
    const singleUser = await mk("single@bench.example");
    await setBatchAllowance(db, { userId: batchUser, maxAuthorities: 1000, grantedBy: null });
    const text = { title: "Budget 2026 de la commune", body: "Je demande le budget 2026 approuvé par le conseil communal, avec ses annexes.", postalAddress: "Rue de la Loi 16\n1000 Bruxelles" };

    // Warm-up: module loading and query planning out of the figures.
    await createRequest(db, queue, config, { userId: singleUser, authorityId: communes[0].id, ...text });

    let batchId = 0;
    const batch = await measure(async () => {
      const created = await createBatch(context, { userId: batchUser, selection: selectionFromParams(new URLSearchParams("kind=commune")), consentUnverified: false, ...text });
      batchId = created.batchId;
      if (created.requests !== communes.length) throw new Error(`expected ${communes.length} requests, got ${created.requests}`);
    });
    const reference = await measure(async () => {
      for (const c of communes) await createRequest(db, queue, config, { userId: singleUser, authorityId: c.id, ...text });
    });
    let sentCount = 0;
    const sending = await measure(async () => {
      sentCount = (await runBatchSending(context, [batchId])).sent;
    });
    const letters = await db.selectFrom("messages").innerJoin("requests", "requests.id", "messages.request_id").select((eb) => eb.fn.countAll().as("n")).where("requests.batch_id", "=", batchId).executeTakeFirstOrThrow();
    console.log(
      JSON.stringify(
        {
          authorities: communes.length,
          batch_create_and_queue: batch,
          reference_one_at_a_time_createRequest: reference,
          speedup: Math.round((reference.ms / batch.ms) * 10) / 10,
          batch_send_all_unthrottled: { ...sending, sent: sentCount, letters_in_outbox: Number(letters.n) },
        },
        null,
        2,
      ),
    );
  } finally {
    await queue.stop();
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
