import type { Db } from "../../db/connect";
import { recordEvent } from "../../core/events";
import { queueForAlerts } from "../../watch/subscribers";

/** Plain rows for watch tests, inserted straight into the real database. */
let counter = 0;
const next = () => `${process.pid}-${++counter}`;

export async function makeAuthority(db: Db, over: { slug?: string; name_fr?: string; kind?: string; region?: string; regime?: string; nis_code?: string; address?: string } = {}) {
  const n = next();
  return db
    .insertInto("authorities")
    .values({
      slug: over.slug ?? `commune-${n}`,
      name_fr: over.name_fr ?? `Commune ${n}`,
      kind: over.kind ?? "commune",
      level: "local",
      region: over.region ?? "wallonia",
      regime: over.regime ?? "wallonia",
      languages: ["fr"],
      nis_code: over.nis_code ?? null,
      address: over.address ?? null,
    })
    .returning(["id", "slug", "name_fr", "kind", "region"])
    .executeTakeFirstOrThrow();
}

export async function makeUser(db: Db, over: { display_name?: string; locale?: string; role?: string; email?: string } = {}) {
  const n = next();
  return db
    .insertInto("users")
    .values({ email: over.email ?? `user-${n}@example.org`, display_name: over.display_name ?? `User ${n}`, locale: over.locale ?? "fr", role: over.role ?? "citizen", confirmed_at: new Date() })
    .returning(["id", "email", "display_name", "locale"])
    .executeTakeFirstOrThrow();
}

export async function makeRequest(
  db: Db,
  authorityId: number,
  userId: number,
  over: { title?: string; state?: string; received_date?: string | null; due_date?: string | null; hidden?: boolean } = {},
) {
  const n = next();
  return db
    .insertInto("requests")
    .values({
      authority_id: authorityId,
      user_id: userId,
      title: over.title ?? `Request ${n}`,
      body: "Please send the documents.",
      language: "fr",
      state: over.state ?? "awaiting_response",
      public_slug: `request-${n}`,
      received_date: over.received_date === undefined ? "2026-03-02" : over.received_date,
      due_date: over.due_date === undefined ? "2026-04-01" : over.due_date,
      sent_at: new Date("2026-03-02T09:00:00Z"),
      hidden: over.hidden ?? false,
    })
    .returning(["id", "title", "public_slug"])
    .executeTakeFirstOrThrow();
}

export async function makeReply(db: Db, requestId: number, over: { at?: Date; kind?: string; body?: string } = {}) {
  const at = over.at ?? new Date();
  const message = await db
    .insertInto("messages")
    .values({ request_id: requestId, direction: "inbound", kind: over.kind ?? "reply", from_address: "info@commune.example", subject: "Re: request", body_text: over.body ?? "Voici les documents.", sent_at: at, created_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const event = await addEvent(db, requestId, "reply_received", null, { message_id: message.id }, at);
  return { messageId: message.id, eventId: event.id };
}

/**
 * Records an event as every room does (core/events.ts recordEvent) and queues
 * it for alerts as the watch room's subscriber does once the dispatcher runs
 * (test/watch/alerts.db.test.ts shows the dispatcher itself doing it).
 */
export async function addEvent(db: Db, requestId: number, type: string, actor: number | null = null, data: object = {}, at: Date = new Date()) {
  const id = await recordEvent(db, { request_id: requestId, type, actor_user_id: actor, data: JSON.stringify(data), at });
  await queueForAlerts(db, [id]);
  return { id };
}
