import { createHmac } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { audit } from "./audit";

/** Reports by anyone, signed in or not, on a request, a message or an annotation, into the admin queue. */

import { reportReasons, reportTargets, type ReportReason } from "./vocabulary";

export { reportReasons, reportTargets, type ReportReason };

export const reportInput = z.object({
  target: z.enum(reportTargets),
  id: z.coerce.number().int().positive(),
  reason: z.enum(reportReasons),
  details: z.string().trim().max(2000).default(""),
});
export type ReportInput = z.infer<typeof reportInput>;

/** At most this many reports per reporter per hour, and per day. */
export const REPORT_LIMITS = { hour: 5, day: 20 };

/** A stable key for a reporter without storing their IP address. */
export function reporterKey(secret: string, userId: number | null, ip: string | null): string {
  if (userId != null) return `user:${userId}`;
  return `ip:${createHmac("sha256", secret).update(ip ?? "unknown").digest("hex").slice(0, 24)}`;
}

export type ReportResult = { ok: true; id: number } | { ok: false; error: "not_found" | "rate_limited" };

export async function fileReport(db: Db, input: ReportInput & { reporterUserId: number | null; reporterKey: string }): Promise<ReportResult> {
  return db.transaction().execute(async (trx) => {
    // One reporter at a time: concurrent reports cannot slip past the limit.
    await sql`select pg_advisory_xact_lock(hashtext(${"report:" + input.reporterKey}))`.execute(trx);
    const { hour, day } = await trx
      .selectFrom("reports")
      .select([
        sql<number>`count(*) filter (where created_at > now() - interval '1 hour')`.as("hour"),
        sql<number>`count(*)`.as("day"),
      ])
      .where("reporter_key", "=", input.reporterKey)
      .where(sql<boolean>`created_at > now() - interval '1 day'`)
      .executeTakeFirstOrThrow();
    if (Number(hour) >= REPORT_LIMITS.hour || Number(day) >= REPORT_LIMITS.day) return { ok: false, error: "rate_limited" } as const;

    let requestId: number | null;
    if (input.target === "request") {
      requestId = (await trx.selectFrom("requests").select("id").where("id", "=", input.id).executeTakeFirst())?.id ?? null;
    } else if (input.target === "message") {
      const m = await trx.selectFrom("messages").select("request_id").where("id", "=", input.id).where("request_id", "is not", null).executeTakeFirst();
      requestId = m?.request_id ?? null;
    } else {
      requestId = (await trx.selectFrom("annotations").select("request_id").where("id", "=", input.id).executeTakeFirst())?.request_id ?? null;
    }
    if (requestId == null) return { ok: false, error: "not_found" } as const;
    const { id } = await trx
      .insertInto("reports")
      .values({ target_type: input.target, target_id: input.id, request_id: requestId, reason: input.reason, details: input.details, reporter_user_id: input.reporterUserId, reporter_key: input.reporterKey })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, id } as const;
  });
}

export async function openReports(db: Db) {
  return db
    .selectFrom("reports as r")
    .leftJoin("requests as q", "q.id", "r.request_id")
    .select(["r.id", "r.target_type", "r.target_id", "r.request_id", "r.reason", "r.details", "r.created_at", "q.title as request_title", "q.public_slug"])
    .where("r.resolved_at", "is", null)
    .orderBy("r.created_at")
    .limit(200)
    .execute();
}

export async function resolveReport(trx: Kysely<Database>, input: { id: number; actorUserId: number; resolution: string }): Promise<boolean> {
  const row = await trx
    .updateTable("reports")
    .set({ resolved_at: new Date(), resolved_by: input.actorUserId, resolution: input.resolution })
    .where("id", "=", input.id)
    .where("resolved_at", "is", null)
    .returning(["request_id"])
    .executeTakeFirst();
  if (!row) return false;
  await audit(trx, { actorUserId: input.actorUserId, action: "report.resolve", targetType: "report", targetId: input.id, requestId: row.request_id, reason: input.resolution });
  return true;
}

/** Unrouted inbound mail (the holding pen) and mail that failed, for the admin queue. */
export async function adminQueue(db: Db) {
  const [reports, holdingPen, failedMessages, failedRaw] = await Promise.all([
    openReports(db),
    db
      .selectFrom("messages")
      .select(["id", "from_address", "subject", "created_at"])
      .where("request_id", "is", null)
      .where("direction", "=", "inbound")
      .orderBy("created_at", "desc")
      .limit(100)
      .execute(),
    db
      .selectFrom("messages")
      .select(["id", "request_id", "subject", "delivery_status", "delivery_error", "created_at"])
      .where("direction", "=", "outbound")
      .where("delivery_status", "in", ["failed", "bounced"])
      .orderBy("created_at", "desc")
      .limit(100)
      .execute(),
    db
      .selectFrom("raw_messages")
      .select(["id", "received_at", "processing_error", "attempts"])
      .where("processing_error", "is not", null)
      .where("processed_at", "is", null)
      .orderBy("received_at", "desc")
      .limit(100)
      .execute(),
  ]);
  return { reports, holdingPen, failedMessages, failedRaw };
}

/** `resolveReport` in its own transaction (the admin queue's button). */
export async function closeReport(db: Db, input: { id: number; actorUserId: number; resolution: string }): Promise<boolean> {
  return db.transaction().execute((trx) => resolveReport(trx, input));
}
