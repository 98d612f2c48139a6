/**
 * Signed unsubscribe links, one per user and kind of reminder: the link
 * works without signing in and cannot be forged for another user or kind.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { isReminderKind, type ReminderKind } from "./reminders";

// A transaction is a Kysely too; one type keeps method calls simple.
type Executor = Kysely<Database>;

export function unsubscribeToken(secret: string, userId: number, kind: ReminderKind): string {
  return createHmac("sha256", secret).update(`reminders-unsubscribe:${userId}:${kind}`).digest("hex").slice(0, 32);
}

export function unsubscribeUrl(baseUrl: string, secret: string, userId: number, kind: ReminderKind): string {
  const q = new URLSearchParams({ u: String(userId), k: kind, t: unsubscribeToken(secret, userId, kind) });
  return `${baseUrl.replace(/\/$/, "")}/reminders/unsubscribe?${q.toString()}`;
}

/** Checks a link's parameters; returns the user and kind, or null when invalid. */
export function verifyUnsubscribe(secret: string, params: { u?: string | null; k?: string | null; t?: string | null }): { userId: number; kind: ReminderKind } | null {
  const userId = Number(params.u);
  if (!Number.isSafeInteger(userId) || userId <= 0 || !isReminderKind(params.k) || typeof params.t !== "string") return null;
  const expected = Buffer.from(unsubscribeToken(secret, userId, params.k));
  const given = Buffer.from(params.t);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, kind: params.k };
}

export async function unsubscribe(db: Executor, userId: number, kind: ReminderKind): Promise<void> {
  await db.insertInto("reminder_unsubscribes").values({ user_id: userId, kind }).onConflict((oc) => oc.columns(["user_id", "kind"]).doNothing()).execute();
}

export async function resubscribe(db: Executor, userId: number, kind: ReminderKind): Promise<void> {
  await db.deleteFrom("reminder_unsubscribes").where("user_id", "=", userId).where("kind", "=", kind).execute();
}

export async function unsubscribedKinds(db: Executor, userId: number): Promise<ReminderKind[]> {
  const rows = await db.selectFrom("reminder_unsubscribes").select("kind").where("user_id", "=", userId).execute();
  return rows.map((r) => r.kind).filter(isReminderKind);
}


