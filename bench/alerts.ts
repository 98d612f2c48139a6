/**
 * Alert throughput: a backlog of 10,000 committed events (replies,
 * classifications, new requests) on 1,000 requests to
 * 200 authorities, followed by 2,000 users (one authority each, 1 in 50 a
 * region/kind, 1 in 10 a request, 1 in 40 a person: about 13 followers per
 * event),
 * turned into deliveries and then into outbox e-mails by the production
 * code (drainAlertQueue, sendPendingAlerts with the real outbox), in a
 * throwaway embedded PostgreSQL (or DATABASE_URL). Prints one JSON object.
 *
 *   npx tsx bench/alerts.ts [--events 10000]
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { loadConfig } from "../core/config";
import { allJobs } from "../server/rooms";
import { PgBossQueue } from "../server/queue";
import { drainAlertQueue } from "../watch/alerts";
import { recordEvent } from "../core/events";
import { dispatchEvents } from "../core/event-dispatch";
import { contextFrom } from "../server/context";
import { watchSubscribers } from "../watch/subscribers";
import { outboxEnqueue } from "../watch/jobs";
import { sendPendingAlerts } from "../watch/sender";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const EVENTS = arg("events", 10_000);
  const AUTHORITIES = 200;
  const REQUESTS = 1_000;
  const USERS = 2_000;
  const tmp = process.env.DATABASE_URL ? null : mkdtempSync(path.join(os.tmpdir(), "dossier-bench-"));
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: tmp ?? "./data" });
  const db = handle.db;
  const queue = new PgBossQueue(handle.url, allJobs(), "client");
  try {
    await migrateToLatest(db);
    await queue.start();
    console.error("queue started");
    const config = { ...loadConfig({ DATA_DIR: tmp ?? "./data", NODE_ENV: "test" }), baseUrl: "https://dossier.example" };
    const kinds = ["commune", "cpas", "police_zone", "federal_service"];
    const regions = ["wallonia", "flanders", "brussels"];
    const authorities = await db
      .insertInto("authorities")
      .values(Array.from({ length: AUTHORITIES }, (_, i) => ({ slug: `bench-${i}`, name_fr: `Autorité ${i}`, kind: kinds[i % 4], level: "local", region: regions[i % 3], regime: "wallonia", languages: ["fr"] })))
      .returning("id")
      .execute();
    const users = await db
      .insertInto("users")
      .values(Array.from({ length: USERS }, (_, i) => ({ email: `bench-${i}@example.org`, display_name: `User ${i}`, locale: ["fr", "nl", "de", "en"][i % 4], confirmed_at: new Date() })))
      .returning("id")
      .execute();
    const requests = await db
      .insertInto("requests")
      .values(Array.from({ length: REQUESTS }, (_, i) => ({ authority_id: authorities[i % AUTHORITIES].id, user_id: users[i % 200].id, title: `Request ${i}`, body: "…", language: "fr", state: "awaiting_response", public_slug: `bench-${i}` })))
      .returning("id")
      .execute();
    const follows: any[] = [];
    users.forEach((u, i) => {
      const a = authorities[(i * 7) % AUTHORITIES].id;
      follows.push({ user_id: u.id, target_type: "authority", authority_id: a, target_key: `authority:${a}`, frequency: i % 3 === 0 ? "daily" : "immediate" });
      if (i % 50 === 0) follows.push({ user_id: u.id, target_type: "area", region: regions[i % 3], kind: kinds[i % 4], target_key: `area:${regions[i % 3]}:${kinds[i % 4]}` });
      if (i % 10 === 0) follows.push({ user_id: u.id, target_type: "request", request_id: requests[(i * 3 + 1) % REQUESTS].id, target_key: `request:${requests[(i * 3 + 1) % REQUESTS].id}` });
      if (i % 40 === 0) follows.push({ user_id: u.id, target_type: "user", followed_user_id: users[(i + 1) % 200].id, target_key: `user:${users[(i + 1) % 200].id}` });
    });
    for (let i = 0; i < follows.length; i += 1000) await db.insertInto("follows").values(follows.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();

    // The backlog: events recorded as rooms record them (each emits a domain event), committed.
    const types = [
      ["reply_received", (i: number) => ({ message_id: 1_000_000 + i })],
      ["classified", () => ({ state: "refused" })],
      ["sent", () => ({})],
    ] as const;
    for (let i = 0; i < EVENTS; i += 1000) {
      await db.transaction().execute(async (trx) => {
        for (let k = i; k < Math.min(i + 1000, EVENTS); k++) {
          const [type, data] = types[k % 3];
          await recordEvent(trx, { request_id: requests[k % REQUESTS].id, type, actor_user_id: null, data: JSON.stringify(data(k)) });
        }
      });
    }

    console.error(`setup done: ${EVENTS} events recorded`);
    // The dispatcher hands each event to the watch room's subscriber, which queues it for the fan-out.
    const tq = performance.now();
    const dispatched = await dispatchEvents(contextFrom({ config, db, queue }), watchSubscribers);
    const t0 = performance.now();
    console.error(`queued for alerts: ${dispatched.events} events in ${((t0 - tq) / 1000).toFixed(1)} s`);
    const fan = await drainAlertQueue(db);
    const t1 = performance.now();
    console.error(`fan-out: ${JSON.stringify(fan)} in ${((t1 - t0) / 1000).toFixed(1)} s`);
    const immediate = await sendPendingAlerts(db, config, "immediate", outboxEnqueue(queue));
    const t2 = performance.now();
    const daily = await sendPendingAlerts(db, config, "daily", outboxEnqueue(queue));
    const t3 = performance.now();
    const emails = immediate.emails + daily.emails;
    const seconds = (t3 - t0) / 1000;
    const maxPerFollower = await db.selectFrom("outbound_emails").select((eb) => eb.fn.countAll<string>().as("n")).groupBy("user_id").orderBy("n", "desc").limit(1).executeTakeFirst();
    console.log(
      JSON.stringify(
        {
          events: fan.events,
          follows: follows.length,
          deliveries: fan.deliveries,
          emails,
          max_emails_per_follower: Number(maxPerFollower?.n ?? 0),
          queue_by_subscriber_seconds: +((t0 - tq) / 1000).toFixed(2),
          fan_out_seconds: +((t1 - t0) / 1000).toFixed(2),
          immediate_send_seconds: +((t2 - t1) / 1000).toFixed(2),
          digest_send_seconds: +((t3 - t2) / 1000).toFixed(2),
          events_per_second: Math.round(fan.events / seconds),
          deliveries_per_second: Math.round(fan.deliveries / seconds),
          emails_per_second: Math.round(emails / seconds),
          cpus: os.cpus().length,
          load: os.loadavg().map((l) => +l.toFixed(2)),
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
