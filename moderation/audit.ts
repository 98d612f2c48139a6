import { sql, type Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";

/**
 * The audit log: every administrator action (and every automatic rule we
 * add on someone's behalf) is one row, written in the same transaction as
 * the action itself. Admins read it at /admin/audit.
 */
export type AuditAction =
  | "hide"
  | "unhide"
  | "label"
  | "unlabel"
  | "ban"
  | "unban"
  | "redaction_rule.add"
  | "redaction_rule.delete"
  | "report.resolve"
  | "account.delete"
  | "batch_allowance.set"
  | "batch_allowance.remove";

export interface AuditInput {
  actorUserId: number | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: number | null;
  requestId?: number | null;
  reason?: string | null;
  data?: Record<string, unknown>;
}

export async function audit(trx: Kysely<Database>, entry: AuditInput): Promise<void> {
  await trx
    .insertInto("audit_log")
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      request_id: entry.requestId ?? null,
      reason: entry.reason ?? null,
      data: sql`${JSON.stringify(entry.data ?? {})}::jsonb`,
    })
    .execute();
}

export async function listAudit(db: Db, options: { limit?: number; beforeId?: number } = {}) {
  let query = db
    .selectFrom("audit_log as l")
    .leftJoin("users as u", "u.id", "l.actor_user_id")
    .select(["l.id", "l.action", "l.target_type", "l.target_id", "l.request_id", "l.reason", "l.data", "l.at", "u.display_name as actor_name"])
    .orderBy("l.id", "desc")
    .limit(options.limit ?? 100);
  if (options.beforeId) query = query.where("l.id", "<", options.beforeId);
  return query.execute();
}
