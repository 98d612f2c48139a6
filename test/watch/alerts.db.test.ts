import { describe, expect, it } from "vitest";
import { drainAlertQueue, processAlertQueue, queuedEventCount } from "../../watch/alerts";
import { follow } from "../../watch/follows";
import { recordEvent } from "../../core/events";
import { dispatchAll, testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { addEvent, makeAuthority, makeReply, makeRequest, makeUser } from "./factories";

const database = useTestDatabase();

describe("events to alert deliveries", () => {
  it("queues what rooms record through the watch room's subscriber, after commit only", async () => {
    const { db } = database;
    const commune = await makeAuthority(db);
    const request = await makeRequest(db, commune.id, (await makeUser(db)).id);
    await drainAlertQueue(db);
    const runtime = testRuntime(database);
    const committed = await recordEvent(db, { request_id: request.id, type: "reply_received", data: "{}" });
    await db
      .transaction()
      .execute(async (trx) => {
        await recordEvent(trx, { request_id: request.id, type: "classified", data: "{}" });
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await queuedEventCount(db)).toBe(0);
    await dispatchAll(runtime);
    const queued = await db.selectFrom("alert_queue").innerJoin("events", "events.id", "alert_queue.event_id").select(["events.id", "events.type"]).where("events.request_id", "=", request.id).execute();
    expect(queued.map((q) => q.id)).toContain(committed);
    expect(queued.map((q) => q.type)).not.toContain("classified");
    const before = await queuedEventCount(db);
    // Dispatched again (a redelivered event): still queued once.
    await db.updateTable("domain_events").set({ dispatched_at: null }).execute();
    await db.deleteFrom("domain_event_deliveries").execute();
    await dispatchAll(runtime);
    expect(await queuedEventCount(db)).toBe(before);
    await drainAlertQueue(db);
  });

  it("turns a reply into one delivery per follower, once", async () => {
    const { db } = database;
    const commune = await makeAuthority(db);
    const other = await makeAuthority(db);
    const owner = await makeUser(db);
    const watcher = await makeUser(db);
    const request = await makeRequest(db, commune.id, owner.id);
    // The watcher follows the commune, and (redundantly) the owner.
    await follow(db, watcher.id, { type: "authority", authorityId: commune.id });
    await follow(db, watcher.id, { type: "user", userId: owner.id }, "daily");
    await drainAlertQueue(db);

    const reply = await makeReply(db, request.id);
    expect(await queuedEventCount(db)).toBe(1);
    // A rolled-back event never reaches the queue.
    await db
      .transaction()
      .execute(async (trx) => {
        await recordEvent(trx, { request_id: request.id, type: "reply_received", data: "{}" });
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await queuedEventCount(db)).toBe(1);

    const run = await processAlertQueue(db);
    expect(run).toMatchObject({ events: 1, alertable: 1, deliveries: 1 });
    const deliveries = await db.selectFrom("alert_deliveries").selectAll().where("event_id", "=", reply.eventId).execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ user_id: watcher.id, frequency: "immediate", status: "pending" });

    // Re-queuing the same event (a retried job) delivers nothing twice.
    await db.insertInto("alert_queue").values({ event_id: reply.eventId }).execute();
    expect((await processAlertQueue(db)).deliveries).toBe(0);
    expect(await db.selectFrom("alert_deliveries").selectAll().where("event_id", "=", reply.eventId).execute()).toHaveLength(1);

    // Activity elsewhere alerts nobody.
    const elsewhere = await makeRequest(db, other.id, (await makeUser(db)).id);
    await makeReply(db, elsewhere.id);
    expect((await processAlertQueue(db)).deliveries).toBe(0);
  });

  it("ignores hidden requests, drafts and non-alerting events", async () => {
    const { db } = database;
    const commune = await makeAuthority(db);
    const owner = await makeUser(db);
    const watcher = await makeUser(db);
    await follow(db, watcher.id, { type: "area", region: "wallonia", kind: "commune" });
    const hidden = await makeRequest(db, commune.id, owner.id, { hidden: true });
    const draft = await makeRequest(db, commune.id, owner.id, { state: "draft" });
    const visible = await makeRequest(db, commune.id, owner.id);
    await drainAlertQueue(db);
    await makeReply(db, hidden.id);
    await addEvent(db, draft.id, "classified", owner.id, { state: "refused" });
    await addEvent(db, visible.id, "delivered", null, { message_id: 1 });
    await addEvent(db, visible.id, "citizen_notification_queued", null, { to: "owner@example.org" });
    const run = await drainAlertQueue(db);
    expect(run).toMatchObject({ events: 4, alertable: 0, deliveries: 0 });
    expect(await queuedEventCount(db)).toBe(0);
  });

  it("handles a backlog of thousands of events in batches", async () => {
    const { db } = database;
    // In Brussels: the previous test's watcher follows every Walloon commune.
    const commune = await makeAuthority(db, { region: "brussels", regime: "brussels" });
    const owner = await makeUser(db);
    const watchers = await Promise.all([makeUser(db), makeUser(db), makeUser(db)]);
    for (const w of watchers) await follow(db, w.id, { type: "authority", authorityId: commune.id });
    const request = await makeRequest(db, commune.id, owner.id);
    await drainAlertQueue(db);
    await db
      .insertInto("events")
      .values(Array.from({ length: 2500 }, () => ({ request_id: request.id, type: "classified", actor_user_id: owner.id, data: JSON.stringify({ state: "refused" }) })))
      .execute();
    // Queued as the watch room's subscriber queues each of them.
    await db.insertInto("alert_queue").columns(["event_id"]).expression((eb) => eb.selectFrom("events").select("id").where("request_id", "=", request.id)).onConflict((oc) => oc.doNothing()).execute();
    const run = await drainAlertQueue(db, 1000);
    expect(run).toEqual({ events: 2500, alertable: 2500, deliveries: 7500, searchChecks: 0 });
  });
});
