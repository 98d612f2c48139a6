import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recomputeAll } from "../../requests/deadlines/store";
import { unsubscribedKinds, unsubscribeUrl } from "../../requests/deadlines/unsubscribe";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();
const app = useTestApp(database);

async function seed() {
  const n = randomBytes(3).toString("hex");
  const authority = await database.db
    .insertInto("authorities")
    .values({ slug: `gemeente-${n}`, name_nl: `Gemeente ${n}`, kind: "commune", level: "local", regime: "flanders", languages: ["nl"], email: `info-${n}@example.be` })
    .returningAll()
    .executeTakeFirstOrThrow();
  const user = await database.db.insertInto("users").values({ email: `secret-${n}@example.org`, display_name: `Citizen ${n}` }).returningAll().executeTakeFirstOrThrow();
  const make = (title: string, received: string, over: Record<string, unknown> = {}) =>
    database.db
      .insertInto("requests")
      .values({ authority_id: authority.id, user_id: user.id, title, body: "B", language: "nl", public_slug: `${title}-${n}`.toLowerCase().replace(/ /g, "-"), state: "awaiting_response", received_date: received, ...over })
      .returningAll()
      .executeTakeFirstOrThrow();
  return { authority, user, make };
}

describe("overdue pages", () => {
  it("site-wide and per authority, oldest first, without requesters' e-mail addresses", async () => {
    const { authority, user, make } = await seed();
    await make("Newer overdue", "2026-02-10");
    await make("Oldest overdue", "2026-01-05");
    await make("Not yet due", "2026-03-14");
    await make("Answered", "2026-01-01", { state: "successful" });
    await recomputeAll(database.db, "2026-03-15");

    for (const path of ["/overdue", `/authorities/${authority.slug}/overdue`]) {
      const res = await fetch(`${app.baseUrl}${path}`, { headers: { "Accept-Language": "en" } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Oldest overdue");
      expect(html.indexOf("Oldest overdue")).toBeLessThan(html.indexOf("Newer overdue"));
      expect(html).not.toContain("Not yet due");
      expect(html).not.toContain("Answered");
      expect(html).toContain("overdue since 27 January 2026");
      expect(html).not.toContain(user.email);
    }
    const nl = await (await fetch(`${app.baseUrl}/authorities/${authority.slug}/overdue`, { headers: { "Accept-Language": "nl" } })).text();
    expect(nl).toContain("Laattijdige verzoeken aan Gemeente");
    expect(nl).toContain("te laat sinds 27 januari 2026");
    expect((await fetch(`${app.baseUrl}/authorities/no-such-body/overdue`)).status).toBe(404);
  });
});

describe("unsubscribe links", () => {
  it("a signed link stops exactly that kind of reminder; a forged one is refused", async () => {
    const { user } = await seed();
    const url = unsubscribeUrl(app.baseUrl, app.runtime.config.secret, user.id, "unclassified");
    const page = await fetch(url, { headers: { "Accept-Language": "fr" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Vous ne recevrez plus de courriels sur les réponses à classer");
    expect(await unsubscribedKinds(database.db, user.id)).toEqual([]); // GET alone changes nothing

    const u = new URL(url);
    const post = await fetch(url, { method: "POST", body: new URLSearchParams({ u: u.searchParams.get("u")!, k: "unclassified", t: u.searchParams.get("t")! }), headers: { "Accept-Language": "en" } });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain("Done: no more e-mails about replies to classify.");
    expect(await unsubscribedKinds(database.db, user.id)).toEqual(["unclassified"]);

    const forged = new URL(url);
    forged.searchParams.set("k", "overdue");
    const bad = await fetch(forged, { method: "POST", body: new URLSearchParams({ u: String(user.id), k: "overdue", t: u.searchParams.get("t")! }) });
    expect(bad.status).toBe(400);
    expect(await unsubscribedKinds(database.db, user.id)).toEqual(["unclassified"]);
    expect(await (await fetch(forged, { headers: { "Accept-Language": "en" } })).text()).toContain("This link is not valid");
  });
});
