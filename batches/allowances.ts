/**
 * Batch allowances: how many authorities an administrator lets a trusted
 * user address in one batch (0 forbids batches; without a row the
 * configured default applies, BATCH_DEFAULT_ALLOWANCE). Set from the admin
 * page (/admin/batches) or `dossier batches allow`; every change is one
 * audit-log row written in the same transaction.
 */
import { sql } from "kysely";
import { findUserByEmail } from "../accounts/users";
import { InvalidInputError, NotFoundError } from "../core/errors";
import type { Db } from "../db/connect";
import { audit } from "../moderation/audit";

export const MAX_ALLOWANCE = 100_000;

export type AllowanceRow = { userId: number; displayName: string; email: string; maxAuthorities: number; grantedBy: string | null; grantedAt: Date };

/** Every allowance an administrator has set, largest first. */
export async function listBatchAllowances(db: Db): Promise<AllowanceRow[]> {
  const rows = await db
    .selectFrom("batch_allowances as a")
    .innerJoin("users as u", "u.id", "a.user_id")
    .leftJoin("users as g", "g.id", "a.granted_by")
    .select(["a.user_id", "u.display_name", "u.email", "a.max_authorities", "g.display_name as granted_by_name", "a.granted_at"])
    .orderBy("a.max_authorities", "desc")
    .orderBy("u.display_name")
    .execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, email: r.email, maxAuthorities: r.max_authorities, grantedBy: r.granted_by_name, grantedAt: r.granted_at }));
}

/** Parses the number of authorities an administrator typed; a clear error otherwise. */
export function parseAllowance(value: unknown): number {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_ALLOWANCE) throw new InvalidInputError(`The allowance is a whole number of authorities, from 0 to ${MAX_ALLOWANCE}`, "invalid_allowance");
  return n;
}

/** Sets how many authorities this user may address in one batch (audit-logged; `grantedBy` null: the command line). */
export async function setBatchAllowance(db: Db, input: { userId: number; maxAuthorities: number; grantedBy: number | null; reason?: string | null }): Promise<void> {
  const maxAuthorities = parseAllowance(input.maxAuthorities);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("batch_allowances").select("max_authorities").where("user_id", "=", input.userId).forUpdate().executeTakeFirst();
    await trx
      .insertInto("batch_allowances")
      .values({ user_id: input.userId, max_authorities: maxAuthorities, granted_by: input.grantedBy })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ max_authorities: maxAuthorities, granted_by: input.grantedBy, granted_at: sql`now()` }))
      .execute();
    await audit(trx, { actorUserId: input.grantedBy, action: "batch_allowance.set", targetType: "user", targetId: input.userId, reason: input.reason?.trim() || null, data: { max_authorities: maxAuthorities, before: before?.max_authorities ?? null } });
  });
}

/** Sets the allowance of the user with this e-mail address (the admin form and the CLI name users by address). */
export async function setBatchAllowanceByEmail(db: Db, input: { email: string; maxAuthorities: unknown; grantedBy: number | null; reason?: string | null }): Promise<{ userId: number; maxAuthorities: number }> {
  const maxAuthorities = parseAllowance(input.maxAuthorities);
  if (!input.email.trim()) throw new InvalidInputError("Give the user's e-mail address", "email_required");
  const user = await findUserByEmail(db, input.email);
  if (!user) throw new NotFoundError(`No user with the e-mail address ${input.email.trim()}`, "user_not_found");
  await setBatchAllowance(db, { userId: user.id, maxAuthorities, grantedBy: input.grantedBy, reason: input.reason });
  return { userId: user.id, maxAuthorities };
}

/** Removes a user's allowance: the configured default applies to them again (audit-logged). */
export async function removeBatchAllowance(db: Db, input: { userId: number; removedBy: number | null; reason?: string | null }): Promise<{ removed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom("batch_allowances").where("user_id", "=", input.userId).returning("max_authorities").executeTakeFirst();
    if (!removed) return { removed: false };
    await audit(trx, { actorUserId: input.removedBy, action: "batch_allowance.remove", targetType: "user", targetId: input.userId, reason: input.reason?.trim() || null, data: { before: removed.max_authorities } });
    return { removed: true };
  });
}
