import { sql } from "kysely";
import type { Db } from "../db/connect";
import { hasUnclassifiedReply, requestStatus, type RequestStatus } from "./requests";
import { isClosed } from "./states";

export type AuthorityHit = {
  id: number;
  slug: string;
  name_fr: string | null;
  name_nl: string | null;
  name_de: string | null;
  name_en: string | null;
  languages: string[];
  kind: string;
  email: string | null;
};

/**
 * A small accent-insensitive search over the directory for the "new request"
 * page (the directory room owns the full, typo-tolerant search).
 */
export async function searchAuthorities(db: Db, query: string, limit = 20): Promise<AuthorityHit[]> {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 6);
  if (words.length === 0) return [];
  let q = db
    .selectFrom("authorities")
    .select(["id", "slug", "name_fr", "name_nl", "name_de", "name_en", "languages", "kind", "email"])
    .where("active", "=", true);
  for (const word of words) {
    const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`unaccent(lower(concat_ws(' ', name_fr, name_nl, name_de, name_en, slug))) like unaccent(lower(${pattern}))`);
  }
  return q
    .orderBy(sql`case kind when 'commune' then 0 when 'cpas' then 1 else 2 end`)
    .orderBy(sql`coalesce(name_fr, name_nl, name_de, name_en)`)
    .limit(limit)
    .execute();
}

/** Event types shown on the public timeline (with the actor's display name only). */
export const PUBLIC_EVENT_TYPES = ["created", "sent", "delivered", "delivery_failed", "state_changed", "classified", "follow_up"] as const;

export type TimelineEntry =
  | { type: "message"; at: Date; id: number; direction: string; kind: string; subject: string | null; text: string; deliveryStatus: string | null; sentAt: Date | null }
  | { type: "event"; at: Date; id: number; event: string; actorName: string | null; data: Record<string, unknown> };

/** A request as its public page shows it; null when the viewer may not see it. */
export async function getRequestView(db: Db, requestId: number, viewerId: number | null, viewerIsAdmin = false) {
  const row = await db
    .selectFrom("requests")
    .innerJoin("authorities", "authorities.id", "requests.authority_id")
    .innerJoin("users", "users.id", "requests.user_id")
    .select([
      "requests.id",
      "requests.title",
      "requests.body",
      "requests.language",
      "requests.state",
      "requests.public_slug",
      "requests.sent_at",
      "requests.received_date",
      "requests.due_date",
      "requests.extended_due_date",
      "requests.hidden",
      "requests.created_at",
      "requests.user_id",
      "users.display_name",
      "authorities.id as authority_id",
      "authorities.slug as authority_slug",
      "authorities.name_fr",
      "authorities.name_nl",
      "authorities.name_de",
      "authorities.name_en",
      "authorities.languages",
      "authorities.regime",
    ])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
  if (!row) return null;
  const isOwner = viewerId !== null && row.user_id === viewerId;
  if ((row.state === "draft" || row.hidden) && !isOwner && !viewerIsAdmin) return null;
  const messages = await db
    .selectFrom("messages")
    .select(["id", "direction", "kind", "subject", "body_text", "delivery_status", "sent_at", "created_at"])
    .where("request_id", "=", requestId)
    .where("hidden", "=", false)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  // Only events the timeline knows how to tell; others (notifications,
  // moderation, audit) carry private data and stay off the public page.
  const events = await db
    .selectFrom("events")
    .leftJoin("users", "users.id", "events.actor_user_id")
    .select(["events.id", "events.type", "events.data", "events.at", "users.display_name as actor_name"])
    .where("events.request_id", "=", requestId)
    .where("events.type", "in", [...PUBLIC_EVENT_TYPES])
    .orderBy("events.at")
    .orderBy("events.id")
    .execute();
  const timeline: TimelineEntry[] = [
    ...messages.map((m) => ({
      type: "message" as const,
      at: m.sent_at ?? m.created_at,
      id: m.id,
      direction: m.direction,
      kind: m.kind,
      subject: m.subject,
      text: m.body_text,
      deliveryStatus: m.delivery_status,
      sentAt: m.sent_at,
    })),
    ...events.map((e) => ({
      type: "event" as const,
      at: e.at,
      id: e.id,
      event: e.type,
      actorName: e.actor_name,
      data: (typeof e.data === "object" && e.data ? e.data : {}) as Record<string, unknown>,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.type === b.type ? a.id - b.id : a.type === "message" ? -1 : 1));
  const status = requestStatus(row, { unclassifiedReply: await hasUnclassifiedReply(db, requestId) });
  return { request: row, isOwner, timeline, status };
}

export type MyRequest = {
  id: number;
  title: string;
  state: string;
  authorityName: string;
  createdAt: Date;
  status: RequestStatus;
  group: "attention" | "drafts" | "open" | "closed";
};

/** The citizen's requests, what needs attention first. */
export async function listMyRequests(db: Db, userId: number): Promise<MyRequest[]> {
  const rows = await db
    .selectFrom("requests")
    .innerJoin("authorities", "authorities.id", "requests.authority_id")
    .select([
      "requests.id",
      "requests.title",
      "requests.state",
      "requests.due_date",
      "requests.extended_due_date",
      "requests.created_at",
      sql<string>`coalesce(authorities.name_fr, authorities.name_nl, authorities.name_de, authorities.name_en)`.as("authority_name"),
      sql<boolean>`exists (
        select 1 from messages m where m.request_id = requests.id and m.direction = 'inbound' and m.kind = 'reply' and not m.hidden
          and m.created_at > coalesce((select max(e.at) from events e where e.request_id = requests.id and e.type = 'classified'), '-infinity')
      )`.as("unclassified"),
    ])
    .where("requests.user_id", "=", userId)
    .orderBy("requests.created_at", "desc")
    .execute();
  const out = rows.map((r) => {
    const status = requestStatus(r, { unclassifiedReply: r.unclassified });
    const group: MyRequest["group"] =
      r.state === "draft"
        ? "drafts"
        : status.awaitingClassification || status.overdue || r.state === "waiting_clarification" || r.state === "delivery_error"
          ? "attention"
          : isClosed(r.state) || r.state === "refused" || r.state === "partially_successful" || r.state === "gone_postal"
            ? "closed"
            : "open";
    return { id: r.id, title: r.title, state: r.state, authorityName: r.authority_name, createdAt: r.created_at, status, group };
  });
  return out;
}
