/**
 * Change proposals: a citizen who knows an authority's request address (or
 * another correction) proposes it; an administrator decides. Nothing is sent
 * to a proposed address until an administrator has accepted it.
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "../core/errors";
import { emit } from "../core/events";

/** One schema for the browser form and the action. */
export const emailProposalSchema = z.object({
  email: z.string({ required_error: "required" }).trim().min(1, "required").max(254, "too_long").email("invalid_email"),
  source: z.string().trim().max(1000, "too_long").optional().transform((v) => (v ? v : null)),
  comment: z.string().trim().max(2000, "too_long").optional().transform((v) => (v ? v : null)),
  proposer_email: z
    .string()
    .trim()
    .max(254, "too_long")
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.string().email("invalid_email").nullable()),
});
export type EmailProposal = z.infer<typeof emailProposalSchema>;

export class UnknownAuthorityError extends NotFoundError {
  constructor(slug: string) {
    super(`no authority with slug "${slug}"`, "unknown_authority");
  }
}

export async function proposeEmail(
  db: Db,
  slug: string,
  proposal: EmailProposal,
  proposerUserId: number | null = null,
  proposerLocale: string | null = null,
): Promise<{ id: number }> {
  const authority = await db.selectFrom("authorities").select("id").where("slug", "=", slug).executeTakeFirst();
  if (!authority) throw new UnknownAuthorityError(slug);
  return db
    .insertInto("change_proposals")
    .values({
      authority_id: authority.id,
      field: "email",
      value: proposal.email.toLowerCase(),
      source: proposal.source,
      comment: proposal.comment,
      proposer_email: proposal.proposer_email,
      proposer_user_id: proposerUserId,
      proposer_locale: proposerLocale,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/**
 * A postal address a requester typed because the directory had none (a
 * letter by post): it waits for an administrator like any proposal.
 */
export async function proposePostalAddress(
  db: Db,
  input: { authorityId: number; address: string; proposerUserId: number | null; comment: string | null; proposerLocale?: string | null },
): Promise<{ id: number }> {
  const existing = await db
    .selectFrom("change_proposals")
    .select("id")
    .where("authority_id", "=", input.authorityId)
    .where("field", "=", "address")
    .where("status", "=", "pending")
    .where("value", "=", input.address)
    .executeTakeFirst();
  if (existing) return existing;
  return db
    .insertInto("change_proposals")
    .values({ authority_id: input.authorityId, field: "address", value: input.address, source: null, comment: input.comment, proposer_user_id: input.proposerUserId, proposer_locale: input.proposerLocale ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function pendingProposalCount(db: Db, slug: string): Promise<number> {
  const r = await db
    .selectFrom("change_proposals")
    .innerJoin("authorities", "authorities.id", "change_proposals.authority_id")
    .where("authorities.slug", "=", slug)
    .where("change_proposals.status", "=", "pending")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listPendingProposals(db: Db, limit = 100) {
  return listProposals(db, { status: "pending", limit });
}

/** Proposals for the administrators: pending ones oldest first, decided ones newest first. */
export async function listProposals(db: Db, options: { status: "pending" | "decided"; limit?: number }) {
  let q = db
    .selectFrom("change_proposals")
    .innerJoin("authorities", "authorities.id", "change_proposals.authority_id")
    .leftJoin("users", "users.id", "change_proposals.proposer_user_id")
    .select([
      "change_proposals.id",
      "authorities.slug",
      "authorities.name_fr",
      "authorities.name_nl",
      "authorities.name_de",
      "authorities.name_en",
      "authorities.email as current_email",
      "authorities.email_verified as current_email_verified",
      "authorities.address as current_address",
      "change_proposals.field",
      "change_proposals.value",
      "change_proposals.source",
      "change_proposals.comment",
      "change_proposals.proposer_email",
      "users.email as proposer_user_email",
      "change_proposals.status",
      "change_proposals.decision_reason",
      "change_proposals.decided_at",
      "change_proposals.created_at",
    ])
    .limit(options.limit ?? 100);
  q = options.status === "pending" ? q.where("change_proposals.status", "=", "pending").orderBy("change_proposals.created_at").orderBy("change_proposals.id") : q.where("change_proposals.status", "<>", "pending").orderBy("change_proposals.decided_at", "desc");
  return q.execute();
}

export class ProposalAlreadyDecidedError extends ConflictError {
  constructor(id: number) {
    super(`proposal ${id} is not pending`, "proposal_decided");
  }
}

/**
 * An administrator accepts or rejects a proposal, in one transaction:
 * accepting an e-mail proposal makes it the authority's request address,
 * verified by that administrator; accepting a postal address sets it. The
 * accepted field is remembered as an administrator's edit (the importer
 * keeps it), the decision goes to the audit log, and
 * `directory.proposal_decided` tells the proposer (accounts room). A
 * rejection needs a reason: the proposer reads it.
 */
export async function decideProposal(
  db: Db,
  id: number,
  decision: "accepted" | "rejected",
  adminUserId: number | null,
  reason: string | null = null,
): Promise<void> {
  const why = reason?.trim() ? reason.trim().slice(0, 2000) : null;
  if (decision === "rejected" && !why) throw new InvalidInputError("a rejection needs a reason (the proposer is told)", "reason_required");
  await db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom("change_proposals").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!p || p.status !== "pending") throw new ProposalAlreadyDecidedError(id);
    await trx
      .updateTable("change_proposals")
      .set({ status: decision, decided_by_user_id: adminUserId, decided_at: sql`now()`, decision_reason: why })
      .where("id", "=", id)
      .execute();
    const before = await trx.selectFrom("authorities").select(["email", "email_source", "email_verified", "address"]).where("id", "=", p.authority_id).executeTakeFirstOrThrow();
    let changes: Record<string, unknown> = {};
    if (decision === "accepted" && p.field === "email") {
      changes = {
        email: p.value,
        email_source: `change proposal #${p.id}${p.source ? ` (${p.source})` : ""}, accepted by an administrator`,
        email_verified: true,
      };
    } else if (decision === "accepted" && p.field === "address") {
      changes = { address: p.value };
    }
    if (Object.keys(changes).length > 0) {
      await trx.updateTable("authorities").set({ ...changes, updated_at: sql`now()` }).where("id", "=", p.authority_id).execute();
      await rememberAdminEdits(trx, p.authority_id, changes, adminUserId);
    }
    await trx
      .insertInto("audit_log")
      .values({
        actor_user_id: adminUserId,
        action: decision === "accepted" ? "proposal.accept" : "proposal.reject",
        target_type: "authority",
        target_id: p.authority_id,
        reason: why,
        data: JSON.stringify({
          proposal_id: p.id,
          field: p.field,
          value: p.value,
          changes: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, { from: before[k as keyof typeof before] ?? null, to: v }])),
        }),
      })
      .execute();
    await emit(trx, { type: "directory.proposal_decided", requestId: null, data: { proposalId: p.id } });
  });
}

/** Records fields an administrator set by hand, so that an import keeps them (import.ts). */
export async function rememberAdminEdits(trx: Kysely<Database>, authorityId: number, changes: Record<string, unknown>, adminUserId: number | null): Promise<void> {
  const rows = Object.entries(changes).map(([field, value]) => ({ authority_id: authorityId, field, value: JSON.stringify(value ?? null), edited_by_user_id: adminUserId }));
  if (rows.length === 0) return;
  await trx
    .insertInto("authority_admin_edits")
    .values(rows)
    .onConflict((oc) => oc.columns(["authority_id", "field"]).doUpdateSet((eb) => ({ value: eb.ref("excluded.value"), edited_by_user_id: eb.ref("excluded.edited_by_user_id"), edited_at: sql`now()` })))
    .execute();
}
