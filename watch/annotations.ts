/**
 * Annotations: context that signed-in readers add to a public request (news
 * coverage, related documents). The request's owner and administrators can
 * hide one; hidden ones stay in the database with who hid them. Adding is
 * rate-limited per user from the annotations themselves, so the limit holds
 * across every web process without another table.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../db/connect";
import { canModerate as mayModerate, viewerOf } from "../requests/policy";
import { visibilityOf } from "../moderation/hide";
import { ForbiddenError, RateLimitError } from "../core/errors";

export const ANNOTATION_LIMITS = [
  { windowSeconds: 60 * 60, max: 5 },
  { windowSeconds: 24 * 60 * 60, max: 20 },
];

export const annotationFormSchema = z.object({
  body: z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(3, "watch.annotations.error.body").max(2000, "watch.annotations.error.body")),
  link: z
    .string()
    .trim()
    .max(1000, "watch.annotations.error.link")
    .optional()
    .transform((s) => s || null)
    .refine((s) => s === null || isHttpUrl(s), "watch.annotations.error.link"),
});

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

export class AnnotationRateLimited extends RateLimitError {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many annotations", "annotation_rate_limited");
  }
}

export class AnnotationNotAllowed extends ForbiddenError {
  constructor() {
    super("Not allowed", "annotation_not_allowed");
  }
}

async function publicRequest(db: Db, requestId: number) {
  return db.selectFrom("requests").select(["id", "user_id"]).where("id", "=", requestId).where("hidden", "=", false).where("state", "!=", "draft").executeTakeFirst();
}

export async function addAnnotation(db: Db, input: { requestId: number; userId: number; body: string; linkUrl: string | null }, now = new Date()): Promise<number> {
  if (!(await publicRequest(db, input.requestId))) throw new AnnotationNotAllowed();
  return db.transaction().execute(async (trx) => {
    // One writer at a time per user, so two parallel posts cannot both pass the limit.
    await sql`select pg_advisory_xact_lock(${6001}, ${input.userId})`.execute(trx);
    for (const limit of ANNOTATION_LIMITS) {
      const since = new Date(now.getTime() - limit.windowSeconds * 1000);
      const recent = await trx
        .selectFrom("annotations")
        .select([sql<string>`count(*)`.as("n"), sql<Date | null>`min(created_at)`.as("oldest")])
        .where("user_id", "=", input.userId)
        .where("created_at", ">", since)
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= limit.max) {
        const oldest = recent.oldest ? new Date(recent.oldest).getTime() : now.getTime();
        throw new AnnotationRateLimited(Math.max(1, Math.ceil((oldest + limit.windowSeconds * 1000 - now.getTime()) / 1000)));
      }
    }
    const row = await trx
      .insertInto("annotations")
      .values({ request_id: input.requestId, user_id: input.userId, body: input.body, link_url: input.linkUrl, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

export type AnnotationView = {
  id: number;
  /** Its author; the name shown is the author's public name (app/watch/request-watch.server.ts). */
  authorId: number;
  body: string;
  linkUrl: string | null;
  authorName: string;
  createdAt: Date;
  hidden: boolean;
  /**
   * Hidden by the administrators (moderation/hide.ts), with the public
   * reason: "withheld" items carry only the reason, no text, link or author.
   */
  moderation: { reason: string; visibility: "marked" | "withheld" } | null;
};

/**
 * A request's annotations, oldest first. Those the owner hid are shown
 * (marked) only to those who may hide them; others see how many were
 * hidden. Those the administrators hid follow the moderation rules: in
 * place of the text, everyone sees the public reason, and the requester
 * (when the audience allows) and administrators see the text, marked.
 */
export async function listAnnotations(db: Db, requestId: number, viewer: { id: number; role: string } | null): Promise<{ items: AnnotationView[]; hiddenCount: number; canModerate: boolean }> {
  const request = await publicRequest(db, requestId);
  if (!request) return { items: [], hiddenCount: 0, canModerate: false };
  const canModerate = mayModerate(viewerOf(viewer), request);
  const rows = await db
    .selectFrom("annotations as n")
    .innerJoin("users as u", "u.id", "n.user_id")
    .leftJoin("hidden_items as h", (join) => join.on("h.target_type", "=", "annotation").onRef("h.target_id", "=", "n.id"))
    .select(["n.id", "n.body", "n.link_url", "n.created_at", "n.hidden_at", "u.id as author_id", "u.display_name", "h.audience", "h.reason"])
    .where("n.request_id", "=", requestId)
    .orderBy("n.created_at")
    .orderBy("n.id")
    .execute();
  const moderationViewer = { userId: viewer?.id ?? null, isAdmin: viewer?.role === "admin" };
  const items: AnnotationView[] = [];
  for (const r of rows) {
    const view = { id: r.id, body: r.body, linkUrl: r.link_url, authorId: r.author_id, authorName: r.display_name, createdAt: new Date(r.created_at as unknown as Date), hidden: r.hidden_at !== null, moderation: null };
    if (r.audience && r.reason && r.hidden_at !== null) {
      const visibility = visibilityOf({ audience: r.audience }, moderationViewer, request.user_id);
      items.push(
        visibility === "withheld"
          ? { ...view, body: "", linkUrl: null, authorName: "", moderation: { reason: r.reason, visibility } }
          : { ...view, moderation: { reason: r.reason, visibility: "marked" } },
      );
    } else if (canModerate || r.hidden_at === null) {
      items.push(view);
    }
  }
  const hiddenByOwner = rows.filter((r) => r.hidden_at !== null && !r.audience).length;
  return { items, hiddenCount: hiddenByOwner, canModerate };
}

/** Hides an annotation; only the request's owner or an administrator may. */
export async function hideAnnotation(db: Db, annotationId: number, actor: { id: number; role: string }): Promise<void> {
  const row = await db
    .selectFrom("annotations as n")
    .innerJoin("requests as r", "r.id", "n.request_id")
    .select(["n.id", "r.user_id as owner_id"])
    .where("n.id", "=", annotationId)
    .executeTakeFirst();
  if (!row || (actor.role !== "admin" && actor.id !== row.owner_id)) throw new AnnotationNotAllowed();
  await db.updateTable("annotations").set({ hidden_at: new Date(), hidden_by_user_id: actor.id }).where("id", "=", annotationId).where("hidden_at", "is", null).execute();
}
