import { sql } from "kysely";
import type { Db } from "../db/connect";
import type { User } from "../db/schema";

export const DISPLAY_NAME_MAX = 80;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The length is checked before the expression runs: the expression
 * backtracks over the dots of the domain, quadratic in the length, so it
 * only ever sees at most 254 characters.
 */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/.test(email);
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where(sql`lower(email)`, "=", normalizeEmail(email)).executeTakeFirst();
}

export type NewUserInput = {
  email: string;
  displayName: string;
  passwordHash: string | null;
  locale?: string;
  role?: "citizen" | "admin";
  confirmed?: boolean;
};

export async function createUser(db: Db, input: NewUserInput): Promise<User> {
  return db
    .insertInto("users")
    .values({
      email: normalizeEmail(input.email),
      display_name: input.displayName.trim(),
      password_hash: input.passwordHash,
      locale: input.locale ?? "fr",
      role: input.role ?? "citizen",
      confirmed_at: input.confirmed ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
