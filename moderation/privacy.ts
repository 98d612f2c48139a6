import { sql, type Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import type { JobQueue } from "../core/jobs";
import { queueRedactionJobs } from "./jobs";
import { addressLines, normalizePostalAddress } from "./postal-address";
import { initialsOf } from "./publish";
import { insertRule } from "./rules";

/**
 * The requester's privacy: postal address (kept out of everything
 * published by automatic rules) and initials-only display. Functions that
 * add rules return the redaction job ids the caller sends to the queue in
 * its transaction. Export and deletion of the account are the accounts
 * room's (accounts/export.ts, accounts/deletion.ts); deletion reuses
 * `ensurePrivacyRow` from here.
 */

export async function ensurePrivacyRow(trx: Kysely<Database>, userId: number): Promise<void> {
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
/**
 * After a rename: a person showing initials gets a rule for the new name
 * too (the rule for the old name stays: it is in what was published).
 */
export async function nameChanged(db: Db, queue: Pick<JobQueue, "send">, userId: number): Promise<void> {
  if ((await privacyOf(db, userId)).publicName !== "initials") return;
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirstOrThrow();
    const existing = await trx.selectFrom("redaction_rules").select("text").where("scope_type", "=", "user").where("scope_id", "=", userId).where("origin", "=", "initials").execute();
    if (existing.some((r) => r.text === user.display_name)) return;
    const { jobId } = await insertRule(trx, { kind: "literal", text: user.display_name, loose: true, replacement: initialsOf(user.display_name), scope: { type: "user", userId }, origin: "initials", actorUserId: userId });
    await queueRedactionJobs(trx, queue, [jobId]);
  });
}

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

/**
 * The privacy page's form: changes only what changed, and queues the
 * redaction jobs of the new rules in the same transaction.
 */
export async function savePrivacySettings(db: Db, queue: Pick<JobQueue, "send">, userId: number, input: { publicName: "full" | "initials"; postalAddress: string | null }): Promise<void> {
  const before = await privacyOf(db, userId);
  await db.transaction().execute(async (trx) => {
    const jobs: number[] = [];
    if (input.publicName !== before.publicName) jobs.push(...(await setPublicName(trx, userId, input.publicName)));
    if (input.postalAddress !== before.postalAddress) jobs.push(...(await setPostalAddress(trx, userId, input.postalAddress)));
    await queueRedactionJobs(trx, queue, jobs);
  });
}
