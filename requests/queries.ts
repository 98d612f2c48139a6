import { capText } from "../core/text";
import { sql } from "kysely";
import { searchDirectory } from "../authorities/directory";
import type { Db } from "../db/connect";
import { hiddenInRequest, visibilityOf } from "../moderation/hide";
import { displayMasks, type MaskLocale } from "../moderation/mask";
import { publishedMessages } from "../mail/publications";
import { THREAD_MESSAGE_COLUMNS, type ThreadReads } from "../mail/thread";
import { publicNames, publisherFor, publishersForRequests } from "../moderation/publish";
import { hasUnclassifiedReply, requestStatus, type RequestStatus } from "./requests";
import { needsActionRank } from "./deadlines/store";
import { canView, isOwner as isViewerOwner, type Viewer } from "./policy";
import { isClosed } from "./states";
import { stripBidiControls } from "../core/text";

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
/**
 * The new-request form's authority search: the directory's own search
 * (authorities/directory.ts: accents, typos such as "molenbek", every
 * language's name), so both lists are the same.
 */
export async function searchAuthorities(db: Db, query: string, limit = 20): Promise<AuthorityHit[]> {
  if (!query.trim()) return [];
  const page = await searchDirectory(db, { q: query, perPage: limit });
  const slugs = page.items.map((i) => i.slug);
  if (slugs.length === 0) return [];
  const rows = await db
    .selectFrom("authorities")
    .select(["id", "slug", "name_fr", "name_nl", "name_de", "name_en", "languages", "kind", "email"])
    .where("slug", "in", slugs)
    .where("active", "=", true)
    .execute();
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  return slugs.map((s) => bySlug.get(s)).filter((r): r is (typeof rows)[number] => r !== undefined);
}

/** Event types shown on the public timeline (with the actor's display name only). */
export const PUBLIC_EVENT_TYPES = ["created", "sent", "delivered", "delivery_failed", "state_changed", "classified", "follow_up", "message_reclassified"] as const;

export type TimelineEntry =
  | {
      type: "message";
      at: Date;
      id: number;
      direction: string;
      kind: string;
      subject: string | null;
      /** The published text, cut at PUBLISHED_BODY_CAP characters; the rest is behind "show the full message". */
      text: string;
      /** The full text's length when `text` was cut, else null. */
      textTotal: number | null;
      deliveryStatus: string | null;
      sentAt: Date | null;
      /** Hidden by administrators (moderation/hide.ts): "withheld" carries no text, "marked" is seen by its requester or an admin. */
      hidden: { reason: string; visibility: "marked" | "withheld" } | null;
    }
  | { type: "event"; at: Date; id: number; event: string; actorName: string | null; data: Record<string, unknown> };

/**
 * A request as its public page shows it; null when the viewer may not see
 * it. Text goes through moderation's Publisher (redaction rules, masking of
 * addresses and phone numbers, in `locale`); names are the public ones
 * (initials, "[account deleted]"); hidden messages are notices unless the
 * viewer may still see them.
 */
/** The request page; `today` (the context's clock) decides what is due or overdue. */
export async function getRequestView(db: Db, requestId: number, viewerId: number | null, viewerIsAdmin = false, locale: MaskLocale = "en", today?: string) {
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
      "requests.channel",
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
  const viewer: Viewer = { userId: viewerId, isAdmin: viewerIsAdmin };
  if (!canView(viewer, row)) return null;
  const isOwner = isViewerOwner(viewer, row);
  // Independent reads in parallel: a page waits for round trips, not only for its CPU.
  const [hidden, publisher, names] = await Promise.all([
    hiddenInRequest(db, requestId),
    publisherFor(db, { requestId: row.id, userId: row.user_id, authorityId: row.authority_id }),
    publicNames(db, [row.user_id]),
  ]);
  const visibility = (type: string, id: number, flagged: boolean) => {
    const found = hidden.get(`${type}:${id}`) ?? (flagged ? { audience: "all_but_requester", reason: "other" } : undefined);
    return { found, visibility: visibilityOf(found, viewer, row.user_id) };
  };
  const requestSeen = visibility("request", row.id, row.hidden);
  if (requestSeen.visibility === "withheld") return null;
  const published = {
    ...row,
    title: publisher.displayText(row.title, locale),
    body: publisher.displayText(row.body, locale),
    display_name: publisher.displayText(names.get(row.user_id) ?? row.display_name, locale),
    hiddenReason: requestSeen.found?.reason ?? null,
  };
  const [messages, stored, events, unclassifiedReply] = await Promise.all([
    db
      .selectFrom("messages")
      // The thread's columns too: the request page hands these reads to the mail room's thread (`reads`).
      .select([...THREAD_MESSAGE_COLUMNS])
      .where("request_id", "=", requestId)
      .where("spam_at", "is", null)
      .orderBy(sql`coalesce(received_at, created_at)`)
      .orderBy("id")
      .execute(),
    // The stored public form of each message (mail/publications.ts): computed once per change, not per view.
    publishedMessages(db, requestId, publisher, locale),
    // Only events the timeline knows how to tell; others (notifications,
    // moderation, audit) carry private data and stay off the public page.
    db
      .selectFrom("events")
      .leftJoin("users", "users.id", "events.actor_user_id")
      .select(["events.id", "events.type", "events.data", "events.at", "events.actor_user_id", "users.display_name as actor_name"])
      .where("events.request_id", "=", requestId)
      .where("events.type", "in", [...PUBLIC_EVENT_TYPES])
      .orderBy("events.at")
      .orderBy("events.id")
      .execute(),
    hasUnclassifiedReply(db, requestId),
  ]);
  const actorNames = await publicNames(db, events.map((e) => e.actor_user_id).filter((id): id is number => id != null));
  const timeline: TimelineEntry[] = [
    ...messages.map((m) => {
      const seen = visibility("message", m.id, m.hidden);
      const withheld = seen.visibility === "withheld";
      const body = capText(withheld ? "" : displayMasks(stored.get(m.id)?.text ?? "", locale));
      return {
        type: "message" as const,
        // A reply sits where Dossier received it, whatever Date its sender claims; a letter where it left.
        at: m.direction === "inbound" ? (m.received_at ?? m.created_at) : (m.sent_at ?? m.created_at),
        id: m.id,
        direction: m.direction,
        kind: m.kind,
        subject: withheld || !stored.get(m.id)?.subject ? null : stripBidiControls(displayMasks(stored.get(m.id)!.subject!, locale)),
        text: body.text,
        textTotal: body.truncated ? body.total : null,
        deliveryStatus: m.delivery_status,
        sentAt: m.sent_at,
        hidden: seen.found && seen.visibility !== "shown" ? { reason: seen.found.reason, visibility: seen.visibility as "marked" | "withheld" } : null,
      };
    }),
    ...events.map((e) => ({
      type: "event" as const,
      at: e.at,
      id: e.id,
      event: e.type,
      actorName: e.actor_user_id != null ? (actorNames.get(e.actor_user_id) ?? null) : e.actor_name,
      data: (typeof e.data === "object" && e.data ? e.data : {}) as Record<string, unknown>,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.type === b.type ? a.id - b.id : a.type === "message" ? -1 : 1));
  const status = requestStatus(row, { today, unclassifiedReply });
  // What the page's other parts read again otherwise (mail/thread.ts ThreadReads, the Publisher).
  const reads: ThreadReads = { request: { id: row.id, hidden: row.hidden, user_id: row.user_id }, hidden, published: stored, messages };
  return { request: published, isOwner, timeline, status, reads, publisher };
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
export async function listMyRequests(db: Db, userId: number, today?: string): Promise<MyRequest[]> {
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
    const status = requestStatus(r, { today, unclassifiedReply: r.unclassified });
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

/** The id of the request with this public slug (old permanent URLs), or undefined. */
export async function requestIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  return (await db.selectFrom("requests").select("id").where("public_slug", "=", slug).executeTakeFirst())?.id;
}

/** A request's id, title and owner, or undefined; no visibility rule applies, so callers check the policy. */
export async function requestHeader(db: Db, requestId: number) {
  return db.selectFrom("requests").select(["id", "title", "user_id", "state"]).where("id", "=", requestId).executeTakeFirst();
}

/** A request the public may follow in a feed (sent, not hidden), its title published in `locale` as on its page, or undefined. */
export async function publicRequestHeader(db: Db, requestId: number, locale: MaskLocale = "fr"): Promise<{ id: number; title: string } | undefined> {
  if (!Number.isSafeInteger(requestId) || requestId <= 0) return undefined;
  const row = await db
    .selectFrom("requests")
    .select(["id", "user_id", "authority_id", "title"])
    .where("id", "=", requestId)
    .where("hidden", "=", false)
    .where("state", "!=", "draft")
    .executeTakeFirst();
  if (!row) return undefined;
  const [published] = await withPublishedTitles(db, [row], locale);
  return { id: published!.id, title: published!.title };
}

/** A person's public requests (sent, not hidden), newest first, for their profile page. */
export async function publicRequestsOf(db: Db, userId: number, locale: MaskLocale, limit = 100) {
  const rows = await db
    .selectFrom("requests as r")
    .innerJoin("authorities as a", "a.id", "r.authority_id")
    .select(["r.id", "r.user_id", "r.authority_id", "r.title", "r.state", "a.slug", "a.name_fr", "a.name_nl", "a.name_de", "a.name_en", "a.languages"])
    .where("r.user_id", "=", userId)
    .where("r.hidden", "=", false)
    .where("r.state", "!=", "draft")
    .orderBy("r.created_at", "desc")
    .limit(limit)
    .execute();
  return withPublishedTitles(db, rows, locale);
}

/**
 * The owner's requests for "my requests": within each group, what needs
 * action first (an appeal deadline close, a reply to classify, overdue…);
 * the sort is stable, so newest first stays the tie-break.
 */
export async function listMyRequestsByUrgency(db: Db, userId: number, today: string): Promise<MyRequest[]> {
  const listed = await listMyRequests(db, userId, today);
  const dates = new Map(
    (await db.selectFrom("requests").select(["id", "state", "due_date", "extended_due_date", "appeal_deadline"]).where("user_id", "=", userId).execute()).map((r) => [r.id, r]),
  );
  const rank = (r: MyRequest) => {
    const d = dates.get(r.id);
    return d ? needsActionRank(d, today, { unclassifiedReply: r.status.awaitingClassification }) : 7;
  };
  return [...listed].sort((a, b) => rank(a) - rank(b));
}

/**
 * Request titles as the public may read them: each through its request's
 * Publisher (the redaction rules of the request, its requester, its
 * authority and the site, then masking), as on the request page, with one
 * query for the rules of the whole list. Other columns pass through.
 */
async function withPublishedTitles<T extends { id: number; user_id: number; authority_id: number; title: string }>(
  db: Db,
  rows: T[],
  locale: MaskLocale,
): Promise<Array<Omit<T, "user_id"> & { title: string }>> {
  const publishers = await publishersForRequests(db, rows);
  return rows.map(({ user_id: _owner, ...row }) => ({ ...row, title: stripBidiControls(publishers.get(row.id)!.displayText(row.title, locale)) }));
}

/** The latest public requests to one authority (its directory page), titles published in `locale`. */
export async function publicRequestsTo(db: Db, authorityId: number, locale: MaskLocale, limit = 50) {
  const rows = await db
    .selectFrom("requests")
    .select(["id", "user_id", "authority_id", "public_slug", "title", "state", "created_at"])
    .where("authority_id", "=", authorityId)
    .where("hidden", "=", false)
    .where("state", "!=", "draft")
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return withPublishedTitles(db, rows, locale);
}
