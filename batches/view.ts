/**
 * The batch page's matrix: every chosen authority × where its request
 * stands (sent, due, overdue, replies), the batch's totals and its
 * response rate, and the same matrix as CSV or JSON. Hidden requests show
 * as hidden, unsent drafts show no request (drafts are never public).
 */
import { sql } from "kysely";
import { compareDates } from "../authorities/civil-date";
import type { Db } from "../db/connect";
import { isWaiting } from "../requests/states";
import { getBatch } from "./batches";

export type MatrixRow = {
  authority: { slug: string; name_fr: string | null; name_nl: string | null; name_de: string | null; name_en: string | null; languages: string[] };
  channel: string;
  /** Where the letter stands in the batch: queued, sent, by_post (printed), cancelled, no_channel, failed. */
  item: string;
  /** Why the authority got no letter (no_email, unverified_email…) or why sending failed. */
  reason: string | null;
  /** The request, once its letter left (null before, and for hidden requests). */
  request: { id: number; state: string; language: string; sentAt: string | null; due: string | null; overdue: boolean; replies: number; postedOn: string | null } | null;
  hidden: boolean;
};

export type BatchView = {
  batch: { id: number; title: string; body: string; state: string; createdAt: string; ownerId: number; ownerName: string; selection: string; postedOn: string | null; postedRegistered: boolean };
  rows: MatrixRow[];
  summary: { total: number; queued: number; sent: number; byPost: number; unposted: number; noChannel: number; replied: number; overdue: number; responseRate: number; followers: number };
};

export async function batchView(db: Db, batchId: number, today: string): Promise<BatchView> {
  const batch = await getBatch(db, batchId);
  const owner = await db.selectFrom("users").select("display_name").where("id", "=", batch.user_id).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("batch_items as i")
    .innerJoin("authorities as a", "a.id", "i.authority_id")
    .leftJoin("requests as r", "r.id", "i.request_id")
    .select([
      "a.slug",
      "a.name_fr",
      "a.name_nl",
      "a.name_de",
      "a.name_en",
      "a.languages",
      "i.channel",
      "i.state as item",
      "i.error",
      "r.id as request_id",
      "r.state as request_state",
      "r.language",
      "r.sent_at",
      "r.due_date",
      "r.extended_due_date",
      "r.hidden",
      "r.posted_on",
      sql<string>`(select count(*) from messages m where m.request_id = r.id and m.direction = 'inbound' and m.kind = 'reply' and not m.hidden)`.as("replies"),
    ])
    .where("i.batch_id", "=", batchId)
    .orderBy("i.position")
    .execute();
  const followers = await db.selectFrom("batch_followers").select(sql<string>`count(*)`.as("n")).where("batch_id", "=", batchId).executeTakeFirstOrThrow();
  const matrix: MatrixRow[] = rows.map((r) => {
    const visible = r.request_id !== null && r.request_state !== null && r.request_state !== "draft" && !r.hidden;
    const due = r.extended_due_date ?? r.due_date;
    return {
      authority: { slug: r.slug, name_fr: r.name_fr, name_nl: r.name_nl, name_de: r.name_de, name_en: r.name_en, languages: r.languages },
      channel: r.channel,
      item: r.item,
      reason: r.error,
      request: visible
        ? {
            id: r.request_id!,
            state: r.request_state!,
            language: r.language!,
            sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
            due: due ?? null,
            overdue: isWaiting(r.request_state!) && due !== null && compareDates(today, due) > 0,
            replies: Number(r.replies),
            postedOn: r.posted_on ?? null,
          }
        : null,
      hidden: r.hidden === true,
    };
  });
  // Letters that reached (or were posted to) the authority: the response rate's base.
  const byPost = matrix.filter((m) => m.item === "by_post").length;
  const sent = matrix.filter((m) => m.item === "sent").length + byPost;
  const replied = matrix.filter((m) => (m.request?.replies ?? 0) > 0).length;
  return {
    batch: {
      id: batch.id,
      title: batch.title,
      body: batch.body,
      state: batch.state,
      createdAt: new Date(batch.created_at).toISOString(),
      ownerId: batch.user_id,
      ownerName: owner.display_name,
      selection: String((batch.selection as { params?: string } | null)?.params ?? ""),
      postedOn: batch.posted_on ?? null,
      postedRegistered: batch.posted_registered,
    },
    rows: matrix,
    summary: {
      total: matrix.length,
      queued: matrix.filter((m) => m.item === "queued").length,
      sent,
      byPost,
      unposted: matrix.filter((m) => m.item === "by_post" && m.request && m.request.postedOn === null).length,
      noChannel: matrix.filter((m) => m.item === "no_channel").length,
      replied,
      overdue: matrix.filter((m) => m.request?.overdue).length,
      responseRate: sent === 0 ? 0 : Math.round((replied / sent) * 1000) / 10,
      followers: Number(followers.n),
    },
  };
}

const CSV_COLUMNS = ["authority_slug", "authority_name", "channel", "item", "reason", "request_id", "request_state", "language", "sent_at", "due", "overdue", "replies"] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  // Quote what needs it; neutralise spreadsheet formulas (=, +, -, @ at the start).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function primaryName(a: MatrixRow["authority"]): string {
  for (const l of a.languages) {
    const n = a[`name_${l}` as "name_fr"];
    if (n) return n;
  }
  return a.name_fr ?? a.name_nl ?? a.name_de ?? a.name_en ?? a.slug;
}

/** The matrix as CSV (one line per authority), for spreadsheets. */
export function matrixCsv(view: BatchView): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of view.rows) {
    lines.push(
      [r.authority.slug, primaryName(r.authority), r.channel, r.item, r.reason, r.request?.id, r.request?.state, r.request?.language, r.request?.sentAt, r.request?.due, r.request ? String(r.request.overdue) : "", r.request?.replies]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/** The public JSON of a batch (`/api/v1/batches/:id` and the JSON export): no requester e-mail, no unsent drafts. */
export function batchJson(view: BatchView, baseUrl: string) {
  return {
    id: view.batch.id,
    url: `${baseUrl}/batches/${view.batch.id}`,
    title: view.batch.title,
    state: view.batch.state,
    created_at: view.batch.createdAt,
    requester: { display_name: view.batch.ownerName },
    summary: {
      authorities: view.summary.total,
      queued: view.summary.queued,
      sent: view.summary.sent,
      by_post: view.summary.byPost,
      no_channel: view.summary.noChannel,
      replied: view.summary.replied,
      overdue: view.summary.overdue,
      response_rate: view.summary.responseRate,
      followers: view.summary.followers,
    },
    authorities: view.rows.map((r) => ({
      slug: r.authority.slug,
      name: primaryName(r.authority),
      channel: r.channel,
      item: r.item,
      reason: r.reason,
      request: r.request
        ? { id: r.request.id, url: `${baseUrl}/requests/${r.request.id}`, state: r.request.state, language: r.request.language, sent_at: r.request.sentAt, posted_on: r.request.postedOn, due: r.request.due, overdue: r.request.overdue, replies: r.request.replies }
        : null,
    })),
  };
}

/** A user's own batches, newest first (for "My batches"). */
export async function batchesOf(db: Db, userId: number) {
  return db.selectFrom("batches").select(["id", "title", "state", "created_at"]).where("user_id", "=", userId).orderBy("created_at", "desc").limit(100).execute();
}
