import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { FileStore } from "../../core/files";
import { ingest } from "../../mail/ingest";
import { replyAddressFor } from "../../mail/reply-address";
import { allJobs } from "../../server/rooms";
import { indexRequest, searchIndexJob, type IndexTarget } from "../../search/indexing";
import { MeilisearchBackend } from "../../search/meilisearch-backend";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import type { SearchBackend } from "../../core/search";
import { drainAlertQueue } from "../../watch/alerts";
import { dispatchEvents } from "../../core/event-dispatch";
import { watchSubscribers } from "../../watch/subscribers";
import { follow, searchFromParams } from "../../watch/follows";
import { outboxEnqueue } from "../../watch/jobs";
import { searchShowsReply } from "../../watch/search-alerts";
import { sendPendingAlerts } from "../../watch/sender";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAttachment } from "../search/factories";
import { makeAuthority, makeReply, makeRequest, makeUser } from "./factories";

const database = useTestDatabase();
const app = useTestApp(database);

/** The real search-index job, as the worker runs it (with the watch room's observer wired in search/room.ts). */
async function runIndexJob(target: IndexTarget) {
  const job = (await allJobs()).find((j) => j.name === searchIndexJob)!;
  await job.handler(target, app.runtime);
}

async function emailsTo(userId: number) {
  return database.db.selectFrom("outbound_emails").selectAll().where("user_id", "=", userId).orderBy("id").execute();
}

/** Indexing jobs queued for a request (by the triggers of 0410 and 0610), not yet run. */
/** Indexing owed to the request: domain events for the search room's subscriber, not yet dispatched. */
async function queuedIndexing(requestId: number) {
  const rows = await sql<{ n: string }>`select count(*) as n from domain_events where type = 'watch.search_check_recorded' and request_id = ${requestId} and dispatched_at is null`.execute(database.db);
  return Number(rows.rows[0].n);
}

describe("search follows", () => {
  it("alerts once when a new matching reply is indexed, never for a non-matching or hidden one", async () => {
    const { db } = database;
    const config = app.runtime.config;
    const send = () => sendPendingAlerts(db, config, "immediate", outboxEnqueue(app.runtime.queue));
    const commune = await makeAuthority(db, { name_fr: "Commune de Zemst", region: "flanders", regime: "flanders" });
    const owner = await makeUser(db);
    const watcher = await makeUser(db, { locale: "nl" });
    const cpasWatcher = await makeUser(db);
    await follow(db, watcher.id, { type: "search", search: searchFromParams(new URLSearchParams("q=vergunning&kind=commune")) });
    // Same words, but only for CPAS: the commune's reply is not theirs.
    await follow(db, cpasWatcher.id, { type: "search", search: searchFromParams(new URLSearchParams("q=vergunning&kind=cpas")) });
    const request = await makeRequest(db, commune.id, owner.id, { title: "Bouwdossier kerkplein" });
    await runIndexJob({ requestId: request.id });
    await drainAlertQueue(db);

    // A matching reply: the queue records a check, the index job matches it.
    const reply = await makeReply(db, request.id, { body: "Hierbij de vergunning voor de werken aan het kerkplein." });
    await runIndexJob({ requestId: request.id }); // queued by the reply's event
    expect((await drainAlertQueue(db)).searchChecks).toBe(1);
    // The check came after that indexing: recording it queued the indexing again.
    expect(await queuedIndexing(request.id)).toBeGreaterThan(0);
    expect(await db.selectFrom("alert_deliveries").selectAll().where("event_id", "=", reply.eventId).execute()).toHaveLength(0);
    await runIndexJob({ requestId: request.id });
    expect(await db.selectFrom("alert_search_checks").selectAll().execute()).toHaveLength(0);

    expect(await send()).toMatchObject({ emails: 1, delivered: 1 });
    const emails = await emailsTo(watcher.id);
    expect(emails).toHaveLength(1);
    expect(emails[0].kind).toBe("alert");
    expect(emails[0].body_text).toContain(`${app.baseUrl}/requests/${request.id}#message-${reply.messageId}`);
    expect(emails[0].body_text).toContain("“vergunning” (kind: commune)");
    expect(await emailsTo(cpasWatcher.id)).toHaveLength(0);
    expect(await emailsTo(owner.id)).toHaveLength(0);

    // A reply that does not match, and a matching one that a moderator hid, alert nobody.
    await makeReply(db, request.id, { body: "Wij hebben geen documenten gevonden." });
    const hidden = await makeReply(db, request.id, { body: "De vergunning van de buurman, met zijn adres." });
    await db.updateTable("messages").set({ hidden: true }).where("id", "=", hidden.messageId).execute();
    expect((await drainAlertQueue(db)).searchChecks).toBe(1); // the hidden reply is not even checked
    await runIndexJob({ requestId: request.id });
    expect(await db.selectFrom("alert_search_checks").selectAll().execute()).toHaveLength(0);

    // Running every job again sends nothing twice.
    for (const eventId of [reply.eventId, hidden.eventId]) await db.insertInto("alert_queue").values({ event_id: eventId }).execute();
    await drainAlertQueue(db);
    await runIndexJob({ requestId: request.id });
    await runIndexJob({ requestId: request.id });
    expect((await send()).emails).toBe(0);
    expect(await emailsTo(watcher.id)).toHaveLength(1);
    expect(await db.selectFrom("alert_deliveries").selectAll().where("user_id", "=", watcher.id).execute()).toHaveLength(1);

    // A matching reply hidden after it was matched, before the alert went out, is not e-mailed.
    const late = await makeReply(db, request.id, { body: "Een tweede vergunning." });
    await drainAlertQueue(db);
    await runIndexJob({ requestId: request.id });
    expect(await db.selectFrom("alert_deliveries").selectAll().where("event_id", "=", late.eventId).execute()).toHaveLength(1);
    await db.updateTable("messages").set({ hidden: true }).where("id", "=", late.messageId).execute();
    expect(await send()).toMatchObject({ emails: 0, cancelled: 1 });
    expect(await emailsTo(watcher.id)).toHaveLength(1);
  });

  it("fires for a reply that arrives through the real mail ingest", async () => {
    const { db } = database;
    const commune = await makeAuthority(db, { name_fr: "Commune de Gesves" });
    const owner = await makeUser(db);
    const watcher = await makeUser(db, { locale: "fr" });
    await follow(db, watcher.id, { type: "search", search: searchFromParams(new URLSearchParams("q=permis urbanisme&region=wallonia")) });
    const request = await makeRequest(db, commune.id, owner.id, { title: "Dossiers de la rue Haute" });
    const secret = "watch-search-secret-watch-search-secret";
    const raw = Buffer.from(
      [
        "From: Urbanisme <urbanisme@gesves.be>",
        `To: ${replyAddressFor(secret, request.id, "dossier.test")}`,
        "Subject: Re: votre demande",
        "Date: Tue, 03 Mar 2026 10:00:00 +0100",
        "Message-ID: <gesves-1@gesves.be>",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Vous trouverez ci-joint les permis d'urbanisme délivrés en 2025.",
        "",
      ].join("\r\n"),
    );
    const result = await ingest(db, raw, { deps: { secret, files: new FileStore(mkdtempSync(path.join(os.tmpdir(), "dossier-files-"))) } });
    expect(result.outcome).toBe("delivered");
    // The worker's dispatcher hands the recorded reply to the watch room's subscriber.
    await dispatchEvents(app.runtime, watchSubscribers);
    await drainAlertQueue(db);
    await runIndexJob({ requestId: request.id });
    await sendPendingAlerts(db, app.runtime.config, "immediate", outboxEnqueue(app.runtime.queue));
    const emails = await emailsTo(watcher.id);
    expect(emails).toHaveLength(1);
    const message = await db.selectFrom("messages").select("id").where("request_id", "=", request.id).where("direction", "=", "inbound").executeTakeFirstOrThrow();
    expect(emails[0].body_text).toContain(`${app.baseUrl}/requests/${request.id}#message-${message.id}`);
    expect(emails[0].subject).toBe("Dossier : Commune de Gesves a répondu à « Dossiers de la rue Haute »");
  });

  it("matches a reply whose attachment's text arrives after the reply", async () => {
    const { db } = database;
    const config = app.runtime.config;
    const commune = await makeAuthority(db, { region: "flanders", regime: "flanders" });
    const owner = await makeUser(db);
    const watcher = await makeUser(db);
    await follow(db, watcher.id, { type: "search", search: searchFromParams(new URLSearchParams("q=subsidies&type=attachment")) }, "daily");
    const request = await makeRequest(db, commune.id, owner.id);
    const reply = await makeReply(db, request.id, { body: "Zie bijlage." });
    const attachment = await insertAttachment(db, { message_id: reply.messageId, extracted_text: null, extraction_status: "pending" });
    await drainAlertQueue(db);
    await runIndexJob({ requestId: request.id });
    // The text is not there yet: no alert, and the check waits.
    expect(await db.selectFrom("alert_deliveries").selectAll().where("user_id", "=", watcher.id).execute()).toHaveLength(0);
    expect(await db.selectFrom("alert_search_checks").selectAll().where("event_id", "=", reply.eventId).execute()).toHaveLength(1);

    await db.updateTable("attachments").set({ extracted_text: "Overzicht van de subsidies aan sportclubs.", extraction_status: "done" }).where("id", "=", attachment.id).execute();
    await runIndexJob({ attachmentId: attachment.id }); // queued by the attachment's trigger
    expect(await db.selectFrom("alert_search_checks").selectAll().where("event_id", "=", reply.eventId).execute()).toHaveLength(0);
    const run = await sendPendingAlerts(db, config, "daily", outboxEnqueue(app.runtime.queue));
    expect(run).toMatchObject({ emails: 1, delivered: 1 });
    const [email] = await emailsTo(watcher.id);
    expect(email.kind).toBe("alert_digest");
    expect(email.body_text).toContain(`/requests/${request.id}#message-${reply.messageId}`);
  });

  it("uses the search page's own filters, dates and query syntax", async () => {
    await expectSearchPageSemantics(new PostgresSearchBackend(database.db));
  });
});

const meilisearchUrl = process.env.MEILISEARCH_URL;
describe.skipIf(!meilisearchUrl)("search follows on Meilisearch", () => {
  it("match as Meilisearch's search page does", async () => {
    const backend = new MeilisearchBackend({ url: meilisearchUrl!, key: process.env.MEILISEARCH_KEY, indexName: `dossier_test_watch_${process.pid}` });
    await backend.setup();
    await expectSearchPageSemantics(backend);
  });
});

/** One reply, saved searches that show it on the search page and some that do not. */
async function expectSearchPageSemantics(backend: SearchBackend) {
  const { db } = database;
  const cpas = await makeAuthority(db, { kind: "cpas" });
  const owner = await makeUser(db);
  const request = await makeRequest(db, cpas.id, owner.id);
  const at = new Date("2026-05-12T22:30:00Z"); // 13 May in Brussels
  const reply = await makeReply(db, request.id, { body: "Le budget du service d'aide alimentaire.", at });
  await indexRequest(db, backend, request.id);
  const shows = (query: string) => searchShowsReply(backend, searchFromParams(new URLSearchParams(query)), { messageId: reply.messageId, authorityId: cpas.id, date: at });
  expect(await shows("q=budget")).toBe(true);
  expect(await shows("q=budget&kind=cpas&region=wallonia")).toBe(true);
  expect(await shows("q=budget&kind=commune")).toBe(false);
  expect(await shows("q=budget -alimentaire")).toBe(false);
  expect(await shows('q="aide alimentaire"')).toBe(true);
  expect(await shows("q=budget&from=2026-05-01&to=2026-05-31")).toBe(true);
  expect(await shows("q=budget&from=2026-06-01")).toBe(false);
  expect(await shows("q=budget&type=request")).toBe(false);
  expect(await shows("q=&kind=cpas")).toBe(false);
  expect(await shows("q=budget&from=not-a-date")).toBe(false);
}
