import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { rateLimit } from "../../accounts/rate-limit";
import { FileStore } from "../../core/files";
import { ingest } from "../../mail/ingest";
import { getRequestView } from "../../requests/queries";
import { dueDate } from "../../authorities/deadline";
import { todayInBrussels } from "../../authorities/civil-date";
import { deliverOutbound, listOutbox } from "../../mail/outbound";
import { replyAddressFor } from "../../mail/reply-address";
import { RequestError } from "../../requests/errors";
import { classifyRequest, createDraft, createRequest, sendFollowUp, sendRequest, similarRequests, withdrawRequest } from "../../requests/requests";
import type { ProcessContext as Runtime } from "../../server/context";
import { dispatchAll, testRuntime } from "../support/app";
import { onLetterDelivered } from "../../requests/delivery";
import { useTestDatabase } from "../support/database";
import { GENT, NAMUR, insertAuthority, insertUser } from "../support/factories";
import { useSmtpSink } from "../support/smtp-sink";

const SECRET = "s".repeat(40);

describe("sending requests through the outbox", () => {
  const database = useTestDatabase();
  const sink = useSmtpSink();
  let runtime: Runtime;
  let noRelay: Runtime;
  beforeAll(async () => {
    runtime = testRuntime(database, { SECRET, MAIL_DOMAIN: "dossier.test", SMTP_URL: sink.url, PUBLIC_URL: "https://dossier.test", DAILY_REQUEST_CAP: "3" });
    noRelay = testRuntime(database, { SECRET, MAIL_DOMAIN: "dossier.test" });
    await runtime.queue.start();
  });
  afterAll(async () => {
    await runtime.close();
  });

  const outboxOf = (requestId: number) =>
    database.db.selectFrom("messages").selectAll().where("request_id", "=", requestId).where("direction", "=", "outbound").orderBy("id").execute();

  it("sends the letter with the request's address, Message-ID and law, and starts the deadline on sending", async () => {
    const gent = await insertAuthority(database.db, GENT);
    const user = await insertUser(database.db, { displayName: "Anne Peeters" });
    const { request, replyAddress, messageId } = await createRequest(database.db, runtime.queue, runtime.config, {
      userId: user.id,
      authorityId: gent.id,
      title: "Verkeersplan 2026",
      body: "Het verkeerscirculatieplan en de adviezen van de politie.",
    });
    expect(replyAddress).toBe(replyAddressFor(SECRET, request.id, "dossier.test"));
    expect(replyAddress).toMatch(/^request-\d+-[0-9a-f]{16}@dossier\.test$/);
    expect(request.state).toBe("awaiting_response");
    expect(request.language).toBe("nl");
    expect(request.sent_at).toBeNull();

    const [letter] = await outboxOf(request.id);
    expect(letter.delivery_status).toBe("queued");
    expect(await deliverOutbound({ ...runtime, db: database.db, queue: runtime.queue }, { table: "messages", id: letter.id })).toBe("sent");

    const mail = await sink.waitFor((m) => m.parsed.messageId === messageId);
    // The request hears of its letter through the outbox's `letter.delivered` event, as the worker's dispatcher delivers it.
    await dispatchAll(runtime);
    expect(mail.envelope.to).toEqual(["info@stad.gent.example"]);
    expect(mail.parsed.from?.value[0]).toEqual({ name: "Anne Peeters", address: replyAddress });
    expect(mail.parsed.replyTo?.value[0].address).toBe(replyAddress);
    expect(messageId).toMatch(/^<.+@dossier\.test>$/);
    expect(mail.parsed.subject).toBe("Verzoek om openbaarheid van bestuursdocumenten — Verkeersplan 2026");
    expect(mail.parsed.text).toContain("Bestuursdecreet");
    expect(mail.parsed.text).toContain(`https://dossier.test/requests/${request.id}`);
    expect(mail.raw).not.toContain(user.email);

    const after = await database.db.selectFrom("requests").selectAll().where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(after.sent_at).not.toBeNull();
    expect(after.received_date).toBe(todayInBrussels());
    expect(after.due_date).toBe(dueDate("flanders", todayInBrussels()));
    const sent = await outboxOf(request.id);
    expect(sent[0].delivery_status).toBe("sent");

    // A second run does not send twice.
    expect(await deliverOutbound({ ...runtime, db: database.db, queue: runtime.queue }, { table: "messages", id: letter.id })).toBe("skipped");

    // Follow-up: same address, threaded on the first letter.
    const follow = await sendFollowUp(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, body: "Mag ik u herinneren aan mijn verzoek?" });
    const [, followRow] = await outboxOf(request.id);
    expect(followRow.kind).toBe("follow_up");
    await deliverOutbound({ ...runtime, db: database.db, queue: runtime.queue }, { table: "messages", id: followRow.id });
    await dispatchAll(runtime);
    const followMail = await sink.waitFor((m) => m.parsed.messageId === follow.messageId);
    expect(followMail.parsed.inReplyTo).toBe(messageId);
    expect(followMail.parsed.references).toEqual(messageId);
    expect(followMail.parsed.from?.value[0].address).toBe(replyAddress);
    expect(followMail.parsed.subject).toBe("Re: Verzoek om openbaarheid van bestuursdocumenten — Verkeersplan 2026");

    // Classification and withdrawal are events with who and when; nonsense is refused.
    await classifyRequest(database.db, { requestId: request.id, userId: user.id, state: "waiting_clarification" });
    await withdrawRequest(database.db, { requestId: request.id, userId: user.id });
    await expect(classifyRequest(database.db, { requestId: request.id, userId: user.id, state: "successful" })).rejects.toThrow(RequestError);
    const events = await database.db.selectFrom("events").select(["type", "actor_user_id", "data"]).where("request_id", "=", request.id).orderBy("id").execute();
    expect(events.map((e) => e.type)).toEqual(["created", "state_changed", "sent", "delivered", "follow_up", "delivered", "state_changed", "classified", "state_changed"]);
    expect(events.at(-1)).toMatchObject({ actor_user_id: user.id, data: { from: "waiting_clarification", to: "withdrawn" } });
  });

  it("keeps the letter queued with no relay, saying so, and never claims delivery", async () => {
    const namur = await insertAuthority(database.db, NAMUR);
    const user = await insertUser(database.db);
    const { request } = await createRequest(database.db, runtime.queue, noRelay.config, {
      userId: user.id,
      authorityId: namur.id,
      title: "Permis d'urbanisme rue de Fer",
      body: "Le permis d'urbanisme délivré pour le 12 rue de Fer.",
    });
    const [letter] = await outboxOf(request.id);
    expect(await deliverOutbound({ ...noRelay, db: database.db, queue: runtime.queue }, { table: "messages", id: letter.id })).toBe("no_relay");
    const row = (await listOutbox(database.db)).find((r) => r.table === "messages" && r.id === letter.id)!;
    expect(row.status).toBe("queued");
    const after = await database.db.selectFrom("requests").selectAll().where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(after.sent_at).toBeNull();
    expect(after.due_date).toBeNull();
    expect(after.language).toBe("fr");
  });

  it("records the letter's fate with the outbox's own commit, once, however often the event is dispatched", async () => {
    const user = await insertUser(database.db);
    const gent = (await database.db.selectFrom("authorities").select("id").where("slug", "=", GENT.slug).executeTakeFirst()) ?? (await insertAuthority(database.db, GENT));
    const { request } = await createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: gent.id, title: "Parkeerplan", body: "Het parkeerplan van 2026." });
    const [letter] = await outboxOf(request.id);
    expect(await deliverOutbound({ ...runtime, db: database.db, queue: runtime.queue }, { table: "messages", id: letter.id })).toBe("sent");
    // "sent" and the event that tells the request are one commit: the event is there before any subscriber ran.
    const pending = await database.db.selectFrom("domain_events").select(["type", "data"]).where("type", "=", "letter.delivered").execute();
    expect(pending.map((e) => (e.data as { messageId: number }).messageId)).toContain(letter.id);
    await dispatchAll(runtime);
    await onLetterDelivered(database.db, letter.id, new Date(), "250 again");
    const delivered = await database.db.selectFrom("events").select("id").where("request_id", "=", request.id).where("type", "=", "delivered").execute();
    expect(delivered).toHaveLength(1);
    expect((await database.db.selectFrom("requests").select("sent_at").where("id", "=", request.id).executeTakeFirstOrThrow()).sent_at).not.toBeNull();
  });

  it("records a permanent refusal with the relay's answer and marks the request", async () => {
    const bad = await insertAuthority(database.db, { email: "nobody@refused.example" });
    sink.reject.set("nobody@refused.example", 550);
    const user = await insertUser(database.db);
    const { request } = await createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: bad.id, title: "Un titre", body: "Des documents précis." });
    const [letter] = await outboxOf(request.id);
    expect(await deliverOutbound({ ...runtime, db: database.db, queue: runtime.queue }, { table: "messages", id: letter.id })).toBe("failed");
    const [failed] = await outboxOf(request.id);
    expect(failed.delivery_status).toBe("failed");
    expect(failed.delivery_error).toContain("550");
    await dispatchAll(runtime);
    const after = await database.db.selectFrom("requests").select("state").where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(after.state).toBe("delivery_error");
  });

  it("refuses the e-mail channel to authorities without e-mail (post is their channel), unconfirmed users and floods", async () => {
    const noEmail = await insertAuthority(database.db, { email: null });
    const authority = await insertAuthority(database.db);
    const user = await insertUser(database.db);
    const draft = await createDraft(database.db, { userId: user.id, authorityId: noEmail.id, title: "Titre", body: "Des documents précis." });
    await expect(sendRequest(database.db, runtime.queue, runtime.config, { requestId: draft.id, userId: user.id, channel: "email" })).rejects.toMatchObject({ code: "no_email" });

    const unconfirmed = await insertUser(database.db, { confirmed: false });
    const d2 = await createDraft(database.db, { userId: unconfirmed.id, authorityId: authority.id, title: "Titre", body: "Des documents précis." });
    await expect(sendRequest(database.db, runtime.queue, runtime.config, { requestId: d2.id, userId: unconfirmed.id })).rejects.toMatchObject({ code: "unconfirmed" });
    await expect(sendRequest(database.db, runtime.queue, runtime.config, { requestId: d2.id, userId: user.id })).rejects.toMatchObject({ code: "forbidden" });

    // The cap is 3 a day in this runtime.
    for (let i = 0; i < 3; i++) {
      await createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: authority.id, title: `Demande ${i}`, body: "Des documents précis." });
    }
    await expect(
      createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: authority.id, title: "Une de trop", body: "Des documents précis." }),
    ).rejects.toMatchObject({ code: "daily_cap" });

    // A similar title to the same authority is found.
    const similar = await similarRequests(database.db, { userId: user.id, authorityId: authority.id, title: "demande 1" });
    expect(similar.length).toBeGreaterThan(0);
  });

  it("limits by key and window in PostgreSQL", async () => {
    const key = `test:${Math.random()}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await rateLimit(database.db, key, 3, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3].retryAfterSeconds).toBeGreaterThan(0);
    expect((await rateLimit(database.db, `${key}:other`, 3, 60)).allowed).toBe(true);
    const rows = await sql<{ n: number }>`select count(*)::int as n from rate_limits where key like ${key + "%"}`.execute(database.db);
    expect(rows.rows[0].n).toBe(2);
  });

  it("takes a reply from the mail room's ingest: to classify, then classified; a follow-up answers the reply", async () => {
    const gent = await insertAuthority(database.db, { ...GENT, slug: "gent-reply", email: "loket@gent.example" });
    const user = await insertUser(database.db);
    const { request, replyAddress, messageId } = await createRequest(database.db, runtime.queue, runtime.config, {
      userId: user.id,
      authorityId: gent.id,
      title: "Bomenkap 2026",
      body: "De vergunningen voor bomenkap in 2026.",
    });
    const [letter] = await outboxOf(request.id);
    await deliverOutbound({ ...runtime, db: database.db, queue: runtime.queue }, { table: "messages", id: letter.id });
    const raw = Buffer.from(
      [
        "From: Stad Gent <loket@gent.example>",
        `To: ${replyAddress}`,
        "Subject: Re: Verzoek om openbaarheid van bestuursdocumenten",
        "Message-ID: <reply-1@gent.example>",
        `In-Reply-To: ${messageId}`,
        "Date: Fri, 27 Nov 2026 10:00:00 +0100",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Geachte, in bijlage vindt u de gevraagde vergunningen.",
        "",
      ].join("\r\n"),
    );
    const result = await ingest(database.db, raw, { deps: { secret: SECRET, files: new FileStore(mkdtempSync(path.join(os.tmpdir(), "dossier-files-"))) } });
    expect(result.outcome).toBe("delivered");
    const view = await getRequestView(database.db, request.id, user.id);
    expect(view!.status.awaitingClassification).toBe(true);
    expect(view!.timeline.some((e) => e.type === "message" && e.direction === "inbound")).toBe(true);
    const classified = await classifyRequest(database.db, { requestId: request.id, userId: user.id, state: "partially_successful" });
    expect(classified.state).toBe("partially_successful");
    expect((await getRequestView(database.db, request.id, user.id))!.status.awaitingClassification).toBe(false);
    // The follow-up goes to the person who replied, in reply to their message.
    const follow = await sendFollowUp(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, body: "Dank u. Mag ik ook de adviezen ontvangen?" });
    const followRow = (await outboxOf(request.id)).find((m) => m.message_id === follow.messageId)!;
    expect(followRow.to_addresses).toEqual(["loket@gent.example"]);
    expect(followRow.in_reply_to).toBe("<reply-1@gent.example>");
    expect(followRow.references).toEqual([messageId, "<reply-1@gent.example>"]);
  });
});
