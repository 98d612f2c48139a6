import { randomBytes } from "node:crypto";
import type { Db } from "../../db/connect";
import type { NewAuthority } from "../../db/schema";
import { hashPassword } from "../../accounts/password";
import { searchKeysColumn, sortNameColumn } from "../../authorities/names";

/** Plain data for an authority; tests insert what they need (no directory import). */
export function authorityData(overrides: Partial<NewAuthority> = {}): NewAuthority {
  const n = randomBytes(3).toString("hex");
  return {
    slug: `authority-${n}`,
    name_fr: `Autorité ${n}`,
    kind: "commune",
    level: "local",
    region: "wallonia",
    regime: "wallonia",
    languages: ["fr"],
    email: `info-${n}@authority.example`,
    // Most tests want a request to go by e-mail as before; the unverified case sets false (test/requests/channels*.test.ts).
    email_verified: overrides.email === null ? false : true,
    ...overrides,
  };
}

export async function insertAuthority(db: Db, overrides: Partial<NewAuthority> = {}) {
  const data = authorityData(overrides);
  // As the directory import stores them: the name search reads search_keys and sort_name.
  const named = { name_fr: data.name_fr ?? null, name_nl: data.name_nl ?? null, name_de: data.name_de ?? null, name_en: data.name_en ?? null, languages: (data.languages ?? []) as string[] };
  if (overrides.search_keys === undefined) data.search_keys = searchKeysColumn(named);
  if (overrides.sort_name === undefined) data.sort_name = sortNameColumn(named);
  return db.insertInto("authorities").values(data).returningAll().executeTakeFirstOrThrow();
}

/** Flemish and Walloon communes as the directory describes them. */
export const GENT = { slug: "gent", name_nl: "Gent", name_fr: "Gand", name_en: "Ghent", kind: "commune", level: "local", region: "flanders", regime: "flanders", languages: ["nl"], email: "info@stad.gent.example" };
export const NAMUR = { slug: "namur", name_fr: "Namur", name_nl: "Namen", kind: "commune", level: "local", region: "wallonia", regime: "wallonia", languages: ["fr"], email: "info@ville.namur.example" };

export async function insertUser(db: Db, overrides: { email?: string; displayName?: string; password?: string; role?: "citizen" | "admin"; confirmed?: boolean; locale?: string } = {}) {
  const n = randomBytes(3).toString("hex");
  const password = overrides.password ?? "correct horse battery";
  const user = await db
    .insertInto("users")
    .values({
      email: overrides.email ?? `citizen-${n}@example.org`,
      display_name: overrides.displayName ?? `Citizen ${n}`,
      password_hash: await hashPassword(password),
      role: overrides.role ?? "citizen",
      locale: overrides.locale ?? "fr",
      confirmed_at: overrides.confirmed === false ? null : new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...user, password };
}
