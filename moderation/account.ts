import { sql, type Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { audit } from "./audit";
import { addressLines, normalizePostalAddress } from "./postal-address";
import { ACCOUNT_DELETED, initialsOf } from "./publish";
import { DEFAULT_REPLACEMENT } from "./redaction";
import { insertRule } from "./rules";

/**
 * The requester's own data: postal address (kept out of everything
 * published by automatic rules), initials-only display, a JSON export and
 * account deletion. Functions that add rules return the redaction job ids
 * the caller sends to the queue in its transaction.
 */

async function ensurePrivacyRow(trx: Kysely<Database>, userId: number): Promise<void> {
  await trx.insertInto("user_privacy").values({ user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
}

async function replaceAutomaticRules(trx: Kysely<Database>, userId: number, origin: "initials", rules: { text: string; replacement: string }[]): Promise<number[]> {
  await trx.deleteFrom("redaction_rules").where("scope_type", "=", "user").where("scope_id", "=", userId).where("origin", "=", origin).execute();
  const jobs: number[] = [];
  for (const r of rules) {
    const { jobId } = await insertRule(trx, { kind: "literal", text: r.text, loose: true, replacement: r.replacement, scope: { type: "user", userId }, origin, actorUserId: userId });
    jobs.push(jobId);
  }
  if (rules.length === 0) {
    const { id } = await trx.insertInto("redaction_jobs").values({ scope_type: "user", scope_id: userId }).returning("id").executeTakeFirstOrThrow();
    jobs.push(id);
  }
  return jobs;
}

export const ADDRESS_REPLACEMENT = "[address]";

/** Stores the postal address for letters and adds the rules that keep it unpublished. */
export async function setPostalAddress(trx: Kysely<Database>, userId: number, address: string | null): Promise<number[]> {
  await ensurePrivacyRow(trx, userId);
  const clean = address ? normalizePostalAddress(address) || null : null;
  await trx.updateTable("user_privacy").set({ postal_address: clean, updated_at: sql`now()` }).where("user_id", "=", userId).execute();
  if (!clean) return [];
  // Rules of earlier addresses stay (so does a removed address's): they are in letters already sent.
  const existing = await trx.selectFrom("redaction_rules").select("text").where("scope_type", "=", "user").where("scope_id", "=", userId).where("origin", "=", "postal_address").execute();
  const known = new Set(existing.map((r) => r.text));
  const jobs: number[] = [];
  for (const text of addressLines(clean).filter((l) => !known.has(l))) {
    const { jobId } = await insertRule(trx, { kind: "literal", text, loose: true, replacement: ADDRESS_REPLACEMENT, scope: { type: "user", userId }, origin: "postal_address", actorUserId: userId });
    jobs.push(jobId);
  }
  return jobs;
}

/**
 * Keeps the address given on a request form on the profile, for the next
 * letter, and makes sure its redaction rules exist before any letter with
 * it is published. Returns the redaction job ids to queue.
 */
export async function rememberPostalAddress(trx: Kysely<Database>, userId: number, address: string): Promise<number[]> {
  if (normalizePostalAddress(address) === (await getPostalAddress(trx, userId))) return [];
  return setPostalAddress(trx, userId, address);
}

export async function getPostalAddress(db: Db | Kysely<Database>, userId: number): Promise<string | null> {
  return (await db.selectFrom("user_privacy").select("postal_address").where("user_id", "=", userId).executeTakeFirst())?.postal_address ?? null;
}

/**
 * Full name or initials on public pages. With initials, a rule replaces the
 * full name by the initials in everything published under this user (the
 * published copy of the letter included); the letter sent keeps the name.
 */
export async function setPublicName(trx: Kysely<Database>, userId: number, mode: "full" | "initials"): Promise<number[]> {
  await ensurePrivacyRow(trx, userId);
  await trx.updateTable("user_privacy").set({ public_name: mode, updated_at: sql`now()` }).where("user_id", "=", userId).execute();
  const user = await trx.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirstOrThrow();
  return replaceAutomaticRules(trx, userId, "initials", mode === "initials" ? [{ text: user.display_name, replacement: initialsOf(user.display_name) }] : []);
}

export async function privacyOf(db: Db | Kysely<Database>, userId: number) {
  const row = await db.selectFrom("user_privacy").selectAll().where("user_id", "=", userId).executeTakeFirst();
  return { publicName: (row?.public_name ?? "full") as "full" | "initials", postalAddress: row?.postal_address ?? null, deletedAt: row?.deleted_at ?? null };
}

/** Everything Dossier holds about a user, as one JSON-ready object. */
export async function exportUserData(db: Db, userId: number) {
  const user = await db.selectFrom("users").select(["id", "email", "display_name", "locale", "role", "confirmed_at", "banned_at", "created_at"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return null;
  const requests = await db.selectFrom("requests").selectAll().where("user_id", "=", userId).orderBy("id").execute();
  const requestIds = requests.map((r) => r.id);
  const messages = requestIds.length
    ? await db
        .selectFrom("messages")
        .select(["id", "request_id", "direction", "kind", "from_address", "from_name", "to_addresses", "subject", "body_text", "sent_at", "created_at"])
        .where("request_id", "in", requestIds)
        .orderBy("id")
        .execute()
    : [];
  const attachments = messages.length
    ? await db.selectFrom("attachments").select(["id", "message_id", "filename", "content_type", "size"]).where("message_id", "in", messages.map((m) => m.id)).orderBy("id").execute()
    : [];
  const reports = await db.selectFrom("reports").select(["id", "target_type", "target_id", "reason", "details", "created_at"]).where("reporter_user_id", "=", userId).orderBy("id").execute();
  const rules = await db
    .selectFrom("redaction_rules")
    .select(["id", "scope_type", "scope_id", "kind", "text", "replacement", "origin", "created_at"])
    .where((eb) => eb.or([eb("created_by", "=", userId), eb.and([eb("scope_type", "=", "user"), eb("scope_id", "=", userId)])]))
    .orderBy("id")
    .execute();
  return {
    exported_at: new Date().toISOString(),
    user,
    privacy: await privacyOf(db, userId),
    requests: requests.map((r) => ({
      ...r,
      messages: messages.filter((m) => m.request_id === r.id).map((m) => ({ ...m, attachments: attachments.filter((a) => a.message_id === m.id) })),
    })),
    reports,
    redaction_rules: rules,
  };
}

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
  // Sessions and one-time tokens belong to the accounts room; they may not exist in every schema.
  for (const table of ["sessions", "user_tokens"]) {
    const exists = await sql<{ t: string | null }>`select to_regclass(${table}) as t`.execute(trx);
    if (exists.rows[0]?.t) await sql`delete from ${sql.table(table)} where user_id = ${userId}`.execute(trx);
  }
  await audit(trx, { actorUserId: userId, action: "account.delete", targetType: "user", targetId: userId });
  return { jobIds };
}
