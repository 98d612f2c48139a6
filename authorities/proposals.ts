/**
 * Change proposals: a citizen who knows an authority's request address (or
 * another correction) proposes it; an administrator decides. Nothing is sent
 * to a proposed address until an administrator has accepted it.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../db/connect";
import { ConflictError, NotFoundError } from "../core/errors";

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
  input: { authorityId: number; address: string; proposerUserId: number | null; comment: string | null },
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
    .values({ authority_id: input.authorityId, field: "address", value: input.address, source: null, comment: input.comment, proposer_user_id: input.proposerUserId })
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
  return db
    .selectFrom("change_proposals")
    .innerJoin("authorities", "authorities.id", "change_proposals.authority_id")
    .select([
      "change_proposals.id",
      "authorities.slug",
      "change_proposals.field",
      "change_proposals.value",
      "change_proposals.source",
      "change_proposals.comment",
      "change_proposals.proposer_email",
      "change_proposals.created_at",
    ])
    .where("change_proposals.status", "=", "pending")
    .orderBy("change_proposals.created_at")
    .limit(limit)
    .execute();
}

export class ProposalAlreadyDecidedError extends ConflictError {
  constructor(id: number) {
    super(`proposal ${id} is not pending`, "proposal_decided");
  }
}

/**
 * An administrator accepts or rejects a proposal. Accepting an e-mail
 * proposal makes it the authority's request address, verified by that
 * administrator, in the same transaction.
 */
export async function decideProposal(
  db: Db,
  id: number,
  decision: "accepted" | "rejected",
  adminUserId: number | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom("change_proposals").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!p || p.status !== "pending") throw new ProposalAlreadyDecidedError(id);
    await trx
      .updateTable("change_proposals")
      .set({ status: decision, decided_by_user_id: adminUserId, decided_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    if (decision === "accepted" && p.field === "email") {
      await trx
        .updateTable("authorities")
        .set({
          email: p.value,
          email_source: `change proposal #${p.id}${p.source ? ` (${p.source})` : ""}, accepted by an administrator`,
          email_verified: true,
          updated_at: sql`now()`,
        })
        .where("id", "=", p.authority_id)
        .execute();
    }
  });
}
