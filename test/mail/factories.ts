import type { Db } from "../../db/connect";

let counter = 0;

/** An authority, a citizen and a sent request: the minimum a reply can be routed to. */
export async function createRequestFixture(db: Db, overrides: { authorityEmail?: string; authorityWebsite?: string; locale?: string; title?: string } = {}) {
  const n = ++counter;
  const authority = await db
    .insertInto("authorities")
    .values({
      slug: `commune-test-${n}-${Math.random().toString(36).slice(2, 8)}`,
      name_fr: `Commune de Test ${n}`,
      kind: "commune",
      level: "local",
      regime: "wallonia",
      languages: ["fr"],
      email: overrides.authorityEmail ?? "info@commune-test.be",
      website: overrides.authorityWebsite ?? "https://www.commune-test.be",
      email_verified: true,
    })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ email: `citoyen${n}-${Math.random().toString(36).slice(2, 8)}@example.be`, display_name: `Citoyen ${n}`, locale: overrides.locale ?? "fr" })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  const request = await db
    .insertInto("requests")
    .values({
      authority_id: authority.id,
      user_id: user.id,
      title: overrides.title ?? `Budget de la voirie ${n}`,
      body: "Je demande les documents…",
      language: "fr",
      public_slug: `budget-voirie-${n}-${Math.random().toString(36).slice(2, 8)}`,
      state: "awaiting_response",
      sent_at: new Date(),
    })
    .returning(["id", "state"])
    .executeTakeFirstOrThrow();
  return { authority, user, request };
}
