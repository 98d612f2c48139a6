import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileStore } from "../../core/files";
import { ingest } from "../../mail/ingest";
import { replyAddressFor } from "../../mail/reply-address";
import { drainAlertQueue } from "../../watch/alerts";
import { dispatchEvents } from "../../core/event-dispatch";
import { watchSubscribers } from "../../watch/subscribers";
import { follow } from "../../watch/follows";
import { outboxEnqueue } from "../../watch/jobs";
import { sendPendingAlerts } from "../../watch/sender";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { addEvent, makeAuthority, makeReply, makeRequest, makeUser } from "./factories";

const database = useTestDatabase();
const app = useTestApp(database);

async function emailsTo(userId: number) {
  return database.db.selectFrom("outbound_emails").selectAll().where("user_id", "=", userId).orderBy("id").execute();
}

describe("alert e-mails", () => {
  it("a follower of a commune gets one e-mail for a reply to a request they never saw, and unsubscribes without logging in", async () => {
    const { db } = database;
    const config = app.runtime.config;
    const send = outboxEnqueue(app.runtime.queue);
    const commune = await makeAuthority(db, { name_fr: "Commune de Sombreffe" });
    const owner = await makeUser(db, { email: "owner@example.org" });
    const watcher = await makeUser(db, { display_name: "Collectif", locale: "nl", email: "collectif@example.org" });
    await follow(db, watcher.id, { type: "authority", authorityId: commune.id });

    // Someone else files a request the watcher never saw; the commune replies.
    const request = await makeRequest(db, commune.id, owner.id, { title: "Subsides aux clubs" });
    const reply = await makeReply(db, request.id);
    await drainAlertQueue(db);
    const run = await sendPendingAlerts(db, config, "immediate", send);
    expect(run).toMatchObject({ emails: 1, delivered: 1 });
    const emails = await emailsTo(watcher.id);
    expect(emails).toHaveLength(1);
    const email = emails[0];
    expect(email.to_address).toBe("collectif@example.org");
    expect(email.kind).toBe("alert");
    expect(email.delivery_status).toBe("queued");
    expect(email.body_text).toContain(`${app.baseUrl}/requests/${request.id}#message-${reply.messageId}`);
    expect(email.body_text).toContain("Subsides aux clubs");
    expect(email.body_text).toContain('"Commune de Sombreffe" niet meer volgen'); // Dutch, the follower's language
    // The owner is e-mailed by the requests room, not by alerts.
    expect(await emailsTo(owner.id)).toHaveLength(0);

    // Running again sends nothing more.
    await drainAlertQueue(db);
    expect((await sendPendingAlerts(db, config, "immediate", send)).emails).toBe(0);

    // The unsubscribe link works without a session.
    const link = email.body_text.match(/http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/f\d+\.[A-Za-z0-9_-]+/)![0];
    const page = await fetch(link, { headers: { "Accept-Language": "nl" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Klaar: u krijgt deze meldingen niet meer.");
    expect(await db.selectFrom("follows").selectAll().where("user_id", "=", watcher.id).execute()).toHaveLength(0);
    // A forged token does nothing.
    expect((await fetch(link.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).status).toBe(404);

    await makeReply(db, request.id);
    await drainAlertQueue(db);
    await sendPendingAlerts(db, config, "immediate", send);
    expect(await emailsTo(watcher.id)).toHaveLength(1);
  });

  it("gathers a day of activity into one digest, and a backlog into one e-mail per follower", async () => {
    const { db } = database;
    const config = app.runtime.config;
    const send = outboxEnqueue(app.runtime.queue);
    const cpas = await makeAuthority(db, { name_fr: "CPAS de Gembloux", kind: "cpas", region: "wallonia" });
    const owner = await makeUser(db);
    const daily = await makeUser(db, { locale: "en" });
    const eager = await makeUser(db, { locale: "de" });
    await follow(db, daily.id, { type: "area", region: "wallonia", kind: "cpas" }, "daily");
    await follow(db, eager.id, { type: "authority", authorityId: cpas.id });
    const requests = await Promise.all([1, 2, 3].map((i) => makeRequest(db, cpas.id, owner.id, { title: `Budget ${i}` })));
    for (const r of requests) {
      await addEvent(db, r.id, "sent", owner.id);
      for (let i = 0; i < 100; i++) await makeReply(db, r.id);
      await addEvent(db, r.id, "classified", owner.id, { state: "partially_successful" });
    }
    await drainAlertQueue(db);
    const immediate = await sendPendingAlerts(db, config, "immediate", send);
    expect(immediate).toMatchObject({ emails: 1, delivered: 306 });
    const [eagerEmail] = await emailsTo(eager.id);
    expect(eagerEmail.subject).toBe("Dossier: 306 Neuigkeiten in dem, was Sie verfolgen");
    expect(eagerEmail.body_text).toContain("… und 256 weitere.");

    expect(await emailsTo(daily.id)).toHaveLength(0);
    const digest = await sendPendingAlerts(db, config, "daily", send);
    expect(digest).toMatchObject({ emails: 1, delivered: 306 });
    const [digestEmail] = await emailsTo(daily.id);
    expect(digestEmail.kind).toBe("alert_digest");
    expect(digestEmail.subject).toBe("Dossier: your daily digest (306 updates)");
    expect(digestEmail.body_text).toContain('New request to CPAS de Gembloux: "Budget 1"');
    expect(digestEmail.body_text).toContain("… and 256 more.");
    expect(digestEmail.body_text).toContain(`${app.baseUrl}/following`);
  });

  it("alerts a commune's follower when a reply arrives through the real mail ingest", async () => {
    const { db } = database;
    const config = app.runtime.config;
    const commune = await makeAuthority(db, { name_fr: "Commune de Jemeppe" });
    const owner = await makeUser(db);
    const watcher = await makeUser(db, { locale: "fr" });
    await follow(db, watcher.id, { type: "authority", authorityId: commune.id });
    const request = await makeRequest(db, commune.id, owner.id, { title: "Marchés publics 2025" });
    const secret = "watch-ingest-secret-watch-ingest-secret";
    const to = replyAddressFor(secret, request.id, "dossier.test");
    const raw = Buffer.from(
      [`From: Agent <agent@jemeppe.be>`, `To: ${to}`, `Subject: Re: votre demande`, `Date: Tue, 03 Mar 2026 10:00:00 +0100`, `Message-ID: <jemeppe-1@jemeppe.be>`, "Content-Type: text/plain; charset=utf-8", "", "Voici les marchés.", ""].join("\r\n"),
    );
    const result = await ingest(db, raw, { deps: { secret, files: new FileStore(mkdtempSync(path.join(os.tmpdir(), "dossier-files-"))) } });
    expect(result.outcome).toBe("delivered");
    // The worker's dispatcher hands the recorded reply to the watch room's subscriber.
    await dispatchEvents(app.runtime, watchSubscribers);
    await drainAlertQueue(db);
    await sendPendingAlerts(db, config, "immediate", outboxEnqueue(app.runtime.queue));
    const emails = await emailsTo(watcher.id);
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe("Dossier : Commune de Jemeppe a répondu à « Marchés publics 2025 »");
    const message = await db.selectFrom("messages").select("id").where("request_id", "=", request.id).where("direction", "=", "inbound").executeTakeFirstOrThrow();
    expect(emails[0].body_text).toContain(`/requests/${request.id}#message-${message.id}`);
  });
});
