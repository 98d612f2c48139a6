import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { dispatchEvents, failedDeliveries } from "../../core/event-dispatch";
import { defineSubscriber, emit, recordEvent, type Subscriber } from "../../core/events";
import type { Logger } from "../../core/logger";
import { assignMessageToRequest, markMessageAsSpam } from "../../mail/admin";
import { hideItem } from "../../moderation/hide";
import { updateDraft } from "../../requests/requests";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { searchSubscribers } from "../../search/subscribers";
import { allSubscribers } from "../../server/rooms";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "../search/factories";

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = { info: () => {}, warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { lines, logger };
}

/** Makes every retry due now (instead of waiting out the back-off). */
async function makeRetriesDue(db: ReturnType<typeof useTestDatabase>["db"]) {
  await sql`update domain_event_deliveries set next_attempt_at = now() - interval '1 second' where status = 'retrying'`.execute(db);
  await sql`update domain_events set not_before = now() - interval '1 second' where dispatched_at is null`.execute(db);
}

describe("the domain event dispatcher", () => {
  const database = useTestDatabase();

  it("retries only the subscriber that failed, and keeps one that gave up visible with its error", async () => {
    const db = database.db;
    await sql`update domain_events set dispatched_at = now() where dispatched_at is null`.execute(db);
    const { lines, logger } = recordingLogger();
    const context = testRuntime(database, {}, { logger });
    const calls: string[] = [];
    let flakyFailures = 1;
    const subscribers: Subscriber[] = [
      defineSubscriber({ name: "test.steady", on: ["request.changed"], handle: async (e) => void calls.push(`steady ${e.id}`) }),
      defineSubscriber({
        name: "test.flaky",
        on: ["request.changed"],
        handle: async (e) => {
          calls.push(`flaky ${e.id}`);
          if (flakyFailures-- > 0) throw new Error("index unreachable");
        },
      }),
      defineSubscriber({
        name: "test.broken",
        on: ["request.changed"],
        maxAttempts: 2,
        handle: async () => {
          throw new Error("always broken");
        },
      }),
      defineSubscriber({ name: "test.elsewhere", on: ["attachment.changed"], handle: async (e) => void calls.push(`elsewhere ${e.id}`) }),
    ];
    const id = await emit(db, { type: "request.changed", requestId: 42, data: { fields: ["hidden"] } });

    await dispatchEvents(context, subscribers);
    expect(calls).toEqual([`steady ${id}`, `flaky ${id}`]);
    const first = await db.selectFrom("domain_event_deliveries").select(["subscriber", "status", "attempts", "last_error"]).where("event_id", "=", id).orderBy("subscriber").execute();
    expect(first).toEqual([
      { subscriber: "test.broken", status: "retrying", attempts: 1, last_error: "always broken" },
      { subscriber: "test.flaky", status: "retrying", attempts: 1, last_error: "index unreachable" },
      { subscriber: "test.steady", status: "done", attempts: 1, last_error: null },
    ]);
    // Not due yet: nothing runs again before the back-off.
    await dispatchEvents(context, subscribers);
    expect(calls).toHaveLength(2);

    await makeRetriesDue(db);
    await dispatchEvents(context, subscribers);
    // The steady subscriber is not called again; the flaky one succeeds; the broken one gives up.
    expect(calls).toEqual([`steady ${id}`, `flaky ${id}`, `flaky ${id}`]);
    const event = await db.selectFrom("domain_events").select(["dispatched_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(event.dispatched_at).not.toBeNull();
    expect(await failedDeliveries(context)).toEqual([expect.objectContaining({ eventId: id, type: "request.changed", requestId: 42, subscriber: "test.broken", attempts: 2, error: "always broken" })]);
    expect(lines.some((l) => l.startsWith("error") && l.includes("test.broken gave up after 2 attempts"))).toBe(true);
  });

  it("is woken by the commit itself, not by the minute sweep", async () => {
    const db = database.db;
    const { PgBossQueue } = await import("../../server/queue");
    const { allJobs } = await import("../../server/rooms");
    const queue = new PgBossQueue(database.url, allJobs(), "worker");
    await queue.work({ ...testRuntime(database), queue });
    try {
      // Let the first scheduled sweep pass, then measure one commit.
      await new Promise((r) => setTimeout(r, 1000));
      const id = await db.transaction().execute((trx) => emit(trx, { type: "request.changed", requestId: 99_001, data: { fields: ["title"] } }));
      const committed = Date.now();
      let dispatched: Date | null = null;
      while (!dispatched && Date.now() - committed < 10_000) {
        dispatched = (await db.selectFrom("domain_events").select("dispatched_at").where("id", "=", id).executeTakeFirstOrThrow()).dispatched_at;
        if (!dispatched) await new Promise((r) => setTimeout(r, 50));
      }
      const latency = Date.now() - committed;
      // pg-boss polls every 0.5 s: a wake is seen within a couple of polls; the sweep would take up to a minute.
      expect(dispatched).not.toBeNull();
      expect(latency).toBeLessThan(5000);
    } finally {
      await queue.stop();
    }
  });

  it("never dispatches an event whose transaction rolled back", async () => {
    const db = database.db;
    await db
      .transaction()
      .execute(async (trx) => {
        await emit(trx, { type: "request.changed", requestId: 7, data: { fields: ["title"] } });
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await db.selectFrom("domain_events").select("id").where("request_id", "=", 7).execute()).toEqual([]);
  });

  it("hears of every change that the old triggers caught, from the code that makes it", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const admin = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Budget des plaines de jeux" });
    const other = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const reply = await insertMessage(db, { request_id: request.id, body_text: "Voici le budget des balançoires." });
    const held = await insertMessage(db, { request_id: null, body_text: "Réponse sans dossier." });
    const attachment = await insertAttachment(db, { message_id: reply.id });
    const draft = await insertRequest(db, { authority_id: authority.id, user_id: user.id, state: "draft", title: "Brouillon" });
    const after = (await db.selectFrom("domain_events").select((eb) => eb.fn.max("id").as("max")).executeTakeFirstOrThrow()).max ?? 0;

    await recordEvent(db, { request_id: request.id, type: "reply_received", data: JSON.stringify({ message_id: reply.id }) });
    await assignMessageToRequest(db, held.id, other.id, admin.id);
    await markMessageAsSpam(db, held.id, admin.id);
    await db.transaction().execute(async (trx) => {
      await hideItem(trx, { target: "attachment", id: attachment.id, audience: "everyone", reason: "personal_data", actorUserId: admin.id });
      await hideItem(trx, { target: "message", id: reply.id, audience: "everyone", reason: "personal_data", actorUserId: admin.id });
      await hideItem(trx, { target: "request", id: request.id, audience: "everyone", reason: "personal_data", actorUserId: admin.id });
    });
    await updateDraft(db, { requestId: draft.id, userId: user.id, title: "Brouillon renommé", body: "Texte du brouillon, assez long pour passer." });

    const emitted = await db.selectFrom("domain_events").select(["type", "request_id", "data"]).where("id", ">", after).orderBy("id").execute();
    const summary = emitted.map((e) => `${e.type} ${JSON.stringify(e.data)}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^request\\.event_recorded .*"eventType":"reply_received"`)),
        `message.changed ${JSON.stringify({ fields: ["request_id"], messageId: held.id, fromRequestId: null })}`,
        expect.stringMatching(new RegExp(`^request\\.event_recorded .*"eventType":"message_assigned"`)),
        `message.changed ${JSON.stringify({ fields: ["hidden"], messageId: held.id })}`,
        `attachment.changed ${JSON.stringify({ fields: ["hidden"], attachmentId: attachment.id })}`,
        `message.changed ${JSON.stringify({ fields: ["hidden"], messageId: reply.id })}`,
        `request.changed ${JSON.stringify({ fields: ["hidden"] })}`,
        `request.changed ${JSON.stringify({ fields: ["title"] })}`,
      ]),
    );
    // Every one of them reaches the search room's subscriber, and request events the deadlines' too.
    const declared = await allSubscribers();
    const searchIndex = declared.find((s) => s.name === "search.index")!;
    const deadlines = declared.find((s) => s.name === "deadlines.refresh")!;
    for (const type of new Set(emitted.map((e) => e.type))) expect(searchIndex.on).toContain(type);
    expect(deadlines.on).toContain("request.event_recorded");
  });

  it("a hidden message and a moved one leave or join the index through the search subscriber", async () => {
    const db = database.db;
    await sql`update domain_events set dispatched_at = now() where dispatched_at is null`.execute(db);
    const context = testRuntime(database);
    const search = async (q: string) => (await new PostgresSearchBackend(db).search({ q })).hits.map((h) => h.requestId);
    const user = await insertUser(db);
    const admin = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Entretien des fontaines" });
    const other = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Éclairage public" });
    const reply = await insertMessage(db, { request_id: request.id, body_text: "Le nettoyage des vasques coûte cher." });
    const stray = await insertMessage(db, { request_id: request.id, body_text: "Les lampadaires au sodium seront remplacés." });
    const subscribers = searchSubscribers();

    await recordEvent(db, { request_id: request.id, type: "reply_received", data: "{}" });
    await dispatchEvents(context, subscribers);
    expect(await search("vasques")).toEqual([request.id]);
    expect(await search("lampadaires")).toEqual([request.id]);

    await assignMessageToRequest(db, stray.id, other.id, admin.id);
    await db.transaction().execute((trx) => hideItem(trx, { target: "message", id: reply.id, audience: "everyone", reason: "spam", actorUserId: admin.id }));
    await dispatchEvents(context, subscribers);
    expect(await search("vasques")).toEqual([]);
    expect(await search("lampadaires")).toEqual([other.id]);
  });

  it("hands a batch to a subscriber that takes batches; when the batch fails, each event is handled on its own: nothing lost, nothing done twice", async () => {
    const db = database.db;
    await sql`update domain_events set dispatched_at = now() where dispatched_at is null`.execute(db);
    const { lines, logger } = recordingLogger();
    const context = testRuntime(database, {}, { logger });
    const POISON = 666;
    const batches: number[][] = [];
    const handled: number[] = [];
    const subscriber = defineSubscriber({
      name: "test.batching",
      on: ["request.changed"],
      maxAttempts: 2,
      handleBatch: async (events) => {
        batches.push(events.map((e) => e.id));
        if (events.some((e) => e.requestId === POISON)) throw new Error("one bad event in the batch");
        handled.push(...events.map((e) => e.id));
      },
      handle: async (event) => {
        if (event.requestId === POISON) throw new Error("bad event");
        handled.push(event.id);
      },
    });
    const emitFor = (requestId: number) => emit(db, { type: "request.changed", requestId, data: { fields: ["state"] } });

    // A clean batch: one call for all of it, no event handled one by one.
    const clean = [await emitFor(1), await emitFor(2), await emitFor(3)];
    await dispatchEvents(context, [subscriber]);
    expect(batches).toEqual([clean]);
    expect(handled).toEqual(clean);

    // A batch with a bad event: the batch fails, then every event alone; the good ones are done once each.
    batches.length = 0;
    handled.length = 0;
    const good = [await emitFor(4), await emitFor(5)];
    const bad = await emitFor(POISON);
    good.push(await emitFor(6));
    await dispatchEvents(context, [subscriber]);
    expect(batches).toEqual([[...good.slice(0, 2), bad, good[2]]]);
    expect(handled).toEqual(good);
    expect(lines.some((l) => l.startsWith("warn") && l.includes("test.batching failed on a batch of 4"))).toBe(true);
    const deliveries = await db.selectFrom("domain_event_deliveries").select(["event_id", "status", "attempts"]).where("subscriber", "=", "test.batching").execute();
    expect(deliveries).toEqual([{ event_id: bad, status: "retrying", attempts: 1 }]);
    const undispatched = await db.selectFrom("domain_events").select("id").where("dispatched_at", "is", null).where("id", ">=", clean[0]).execute();
    expect(undispatched.map((e) => e.id)).toEqual([bad]);

    // The retry goes through `handle` alone, never into a batch again, and gives up visibly.
    batches.length = 0;
    await makeRetriesDue(db);
    await dispatchEvents(context, [subscriber]);
    expect(batches).toEqual([]);
    expect(handled).toEqual(good);
    expect((await failedDeliveries(context)).filter((f) => f.subscriber === "test.batching")).toEqual([expect.objectContaining({ eventId: bad, attempts: 2, error: "bad event" })]);
  });

  it("indexes a batch of replies in one go, and a reply that cannot be indexed does not keep the others out or index any twice", async () => {
    const db = database.db;
    await sql`update domain_events set dispatched_at = now() where dispatched_at is null`.execute(db);
    const context = testRuntime(database, {}, { logger: recordingLogger().logger });
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const requests = [
      await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Budget des crèches" }),
      await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Plan de mobilité" }),
    ];
    const words = ["ornithorynque", "zeppelin", "quetzal", "xylophone", "kaléidoscope", "yourte"];
    const replies = [];
    for (const [i, word] of words.entries()) {
      const request = requests[i % 2];
      const reply = await insertMessage(db, { request_id: request.id, body_text: `Voici le document: ${word}.` });
      await insertAttachment(db, { message_id: reply.id, filename: `annexe-${i}.pdf`, extracted_text: `Annexe ${word}` });
      replies.push(reply);
      await recordEvent(db, { request_id: request.id, type: "reply_received", data: JSON.stringify({ message_id: reply.id }) });
      // The alert to the citizen changes nothing public: nothing to index for it.
      await recordEvent(db, { request_id: request.id, type: "citizen_notified", data: JSON.stringify({ message_id: reply.id }) });
    }
    // A real backend that cannot write one reply's documents (a document the index refuses).
    const real = new PostgresSearchBackend(db);
    const refused = `message-${replies[2].id}`;
    let indexCalls = 0;
    const backend = Object.assign(Object.create(real), {
      async index(documents: Parameters<PostgresSearchBackend["index"]>[0]) {
        indexCalls++;
        if (documents.some((d) => d.id === refused)) throw new Error("document refused");
        return real.index(documents);
      },
    }) as PostgresSearchBackend;
    await dispatchEvents({ ...context, search: backend }, searchSubscribers());

    // One write for the batch (refused), then one per reply event alone; none for the alerts.
    expect(indexCalls).toBe(1 + words.length);
    const search = async (q: string) => [...new Set((await real.search({ q })).hits.map((h) => h.messageId))];
    for (const [i, word] of words.entries()) expect(await search(word)).toEqual(i === 2 ? [] : [replies[i].id]);
    const rows = await db.selectFrom("search_documents").select(["id"]).where("message_id", "in", replies.map((r) => r.id)).execute();
    expect(rows).toHaveLength(2 * (words.length - 1));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const retrying = await db.selectFrom("domain_event_deliveries").select(["subscriber", "status"]).where("status", "=", "retrying").where("subscriber", "=", "search.index").execute();
    expect(retrying).toEqual([{ subscriber: "search.index", status: "retrying" }]);

    // Once the index takes it, the retry makes the last reply searchable, once.
    const again = Object.assign(Object.create(real), { index: (documents: Parameters<PostgresSearchBackend["index"]>[0]) => real.index(documents) }) as PostgresSearchBackend;
    await makeRetriesDue(db);
    await dispatchEvents({ ...context, search: again }, searchSubscribers());
    expect(await search(words[2])).toEqual([replies[2].id]);
    expect(await db.selectFrom("search_documents").select("id").where("message_id", "in", replies.map((r) => r.id)).execute()).toHaveLength(2 * words.length);
  });
});

describe("a burst of replies through every room's subscribers", () => {
  const database = useTestDatabase();

  it("is taken in batches by the timeline subscribers: each reply queued for alerts and the batch digest, the address verified, the deadline set", async () => {
    const db = database.db;
    await sql`update domain_events set dispatched_at = now() where dispatched_at is null`.execute(db);
    const context = testRuntime(database, {}, { logger: recordingLogger().logger });
    const user = await insertUser(db);
    const follower = await insertUser(db);
    const authority = await insertAuthority(db, { email: "greffe@burst-commune.example.be", email_verified: false, email_source: "website" });
    const batch = await db.insertInto("batches").values({ user_id: user.id, title: "Budgets", body: "Le budget.", selection: JSON.stringify({}) }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("batch_followers").values({ batch_id: batch.id, user_id: follower.id }).execute();
    const received = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const requests = [];
    for (const title of ["Budget des crèches", "Plan de mobilité"]) {
      requests.push(await insertRequest(db, { authority_id: authority.id, user_id: user.id, title, state: "awaiting_response", received_date: received, due_date: null, batch_id: batch.id }));
    }
    const replyEvents: number[] = [];
    const allEvents: number[] = [];
    for (let i = 0; i < 6; i++) {
      const request = requests[i % 2];
      const reply = await insertMessage(db, { request_id: request.id, body_text: `Réponse ${i}.` });
      const id = await recordEvent(db, { request_id: request.id, type: "reply_received", data: JSON.stringify({ message_id: reply.id, from: "greffe@burst-commune.example.be" }) });
      replyEvents.push(id);
      allEvents.push(id, await recordEvent(db, { request_id: request.id, type: "citizen_notified", data: JSON.stringify({ message_id: reply.id }) }));
    }

    // The real subscribers, watched: the timeline ones see the burst as one batch, never event by event.
    const oneByOne = new Map<string, number>();
    const watched: Subscriber[] = (await allSubscribers()).map((s) => ({
      ...s,
      handle: async (event, c) => {
        oneByOne.set(s.name, (oneByOne.get(s.name) ?? 0) + 1);
        await s.handle(event, c);
      },
    }));
    await dispatchEvents(context, watched);
    for (const name of ["deadlines.refresh", "watch.alert_queue", "authorities.verify_by_reply", "batches.digest_collect", "search.index"]) expect(oneByOne.get(name), name).toBeUndefined();

    const queued = await db.selectFrom("alert_queue").select("event_id").where("event_id", "in", allEvents).execute();
    expect(queued.map((r) => Number(r.event_id)).sort((a, b) => a - b)).toEqual([...allEvents].sort((a, b) => a - b));
    const digest = await db.selectFrom("batch_digest_items").select("event_id").where("batch_id", "=", batch.id).where("user_id", "=", follower.id).execute();
    expect(digest.map((r) => Number(r.event_id)).sort((a, b) => a - b)).toEqual(replyEvents);
    const verified = await db.selectFrom("authorities").select(["email_verified", "email_source"]).where("id", "=", authority.id).executeTakeFirstOrThrow();
    expect(verified.email_verified).toBe(true);
    expect(await db.selectFrom("audit_log").select("id").where("action", "=", "authority.email_verified_by_reply").where("target_id", "=", authority.id).execute()).toHaveLength(1);
    for (const request of requests) {
      const row = await db.selectFrom("requests").select("due_date").where("id", "=", request.id).executeTakeFirstOrThrow();
      expect(row.due_date, `request ${request.id}`).not.toBeNull();
    }
  });
});
