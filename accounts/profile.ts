import type { Db } from "../db/connect";
import type { User } from "../db/schema";

/** The account page's form: the name shown on requests and the language of e-mails and pages. */
export async function updateProfile(db: Db, userId: number, input: { displayName: string; locale: string }): Promise<void> {
  await db.updateTable("users").set({ display_name: input.displayName, locale: input.locale }).where("id", "=", userId).execute();
}

/**
 * A user's public identity (profile page, feed), or undefined for an
 * unknown, banned or unconfirmed user: an account nobody confirmed has
 * published nothing, and its name must not be listed by walking the ids.
 */
export async function publicProfile(db: Db, userId: number): Promise<Pick<User, "id" | "display_name"> | undefined> {
  if (!Number.isSafeInteger(userId) || userId <= 0) return undefined;
  return db
    .selectFrom("users")
    .select(["id", "display_name"])
    .where("id", "=", userId)
    .where("banned_at", "is", null)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
}
