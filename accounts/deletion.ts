import { sql, type Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import type { JobQueue } from "../core/jobs";
import { NotFoundError } from "../core/errors";
import { audit } from "../moderation/audit";
import { queueRedactionJobs } from "../moderation/jobs";
import { ensurePrivacyRow } from "../moderation/privacy";
import { ACCOUNT_DELETED } from "../moderation/publish";
import { DEFAULT_REPLACEMENT } from "../moderation/redaction";
import { insertRule } from "../moderation/rules";
import { endUserSessions } from "./sessions";
import { revokeUserTokens } from "./tokens";

/**
 * Deletes an account: e-mail, password and sessions erased, the name
 * replaced by "[account deleted]", and rules that remove the name (and the
 * postal address, already covered by its own rules) from everything
 * published under this user. Requests stay public.
 */
export async function deleteAccount(trx: Kysely<Database>, userId: number): Promise<{ jobIds: number[] } | null> {
  const user = await trx.selectFrom("users").select(["id", "display_name"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return null;
  await ensurePrivacyRow(trx, userId);
  const privacy = await trx.selectFrom("user_privacy").select("deleted_at").where("user_id", "=", userId).executeTakeFirstOrThrow();
  if (privacy.deleted_at) return { jobIds: [] };

  const name = user.display_name.trim();
  const jobIds: number[] = [];
  const names = new Set<string>();
  if (name.length >= 2) names.add(name);
  // "Madame Dupont": the surname alone, when it is long enough to be a name.
  const surname = name.split(/\s+/).pop() ?? "";
  if (surname.length >= 4 && surname !== name) names.add(surname);
  for (const text of names) {
    const { jobId } = await insertRule(trx, { kind: "literal", text, loose: true, replacement: DEFAULT_REPLACEMENT, scope: { type: "user", userId }, origin: "account_deleted", actorUserId: userId });
    jobIds.push(jobId);
  }
  await trx
    .updateTable("users")
    .set({ email: `deleted-${userId}@deleted.invalid`, password_hash: null, display_name: ACCOUNT_DELETED, confirmed_at: null })
    .where("id", "=", userId)
    .execute();
  await trx.updateTable("user_privacy").set({ deleted_at: new Date(), postal_address: null, updated_at: sql`now()` }).where("user_id", "=", userId).execute();
  // The letters already sent keep it (admins only); the requests no longer need it.
  await trx.updateTable("requests").set({ postal_address: null }).where("user_id", "=", userId).execute();
  await endUserSessions(trx, userId);
  await revokeUserTokens(trx, userId);
  await audit(trx, { actorUserId: userId, action: "account.delete", targetType: "user", targetId: userId });
  return { jobIds };
}

/**
 * The privacy page's "delete my account": the deletion and the redaction
 * jobs it needs, in one transaction. Throws `user_not_found` for an unknown
 * user; deleting an account twice does nothing the second time.
 */
export async function closeAccount(db: Db, queue: Pick<JobQueue, "send">, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await deleteAccount(trx, userId);
    if (!result) throw new NotFoundError(`No user ${userId}`, "user_not_found");
    await queueRedactionJobs(trx, queue, result.jobIds);
  });
}
