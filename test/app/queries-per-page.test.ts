import { beforeAll, describe, expect, it } from "vitest";
import type { KyselyPlugin } from "kysely";
import type { AppContext } from "../../core/context";
import { seedPages } from "../../bench/support/seed";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";

/**
 * Database statements per page view on the data bench/pages.ts seeds (a
 * request with 50 replies and 20 attachments, an authority with 200
 * requests, a search corpus), counted in the web process (every statement
 * Kysely runs; BEGIN/COMMIT not included): each page has a fixed budget, and
 * adding replies or requests adds no statement (no N+1).
 */
const database = useTestDatabase();
const counter = { statements: 0 };
const counting: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    counter.statements++;
    return args.result;
  },
};
const overrides: Partial<AppContext> = {};
beforeAll(() => {
  overrides.db = database.db.withPlugin(counting);
});
const app = useTestApp(database, {}, overrides);

let seeded: { requestId: number; authoritySlug: string };
beforeAll(async () => {
  seeded = await seedPages(database.db, { corpus: 2000 });
}, 120_000);

async function statementsFor(path: string): Promise<number> {
  // The first view stores what later views reuse (published messages); count a later one.
  const warm = await fetch(`${app.baseUrl}${path}`, { headers: { "Accept-Language": "nl" } });
  expect(warm.status).toBe(200);
  await warm.text();
  counter.statements = 0;
  const res = await fetch(`${app.baseUrl}${path}`, { headers: { "Accept-Language": "nl" } });
  expect(res.status).toBe(200);
  await res.text();
  return counter.statements;
}

/** The most statements each page may run; lower them when a page gets cheaper. */
const BUDGET: Record<string, number> = {
  home: 0,
  authority: 6,
  // 26 before the request page read its request, rules and publications once.
  // 16 for the thread and its rules, plus the "me too" count and the viewer's own state (issue 20).
  request: 19,
  search: 2,
  api: 4,
};

describe("statements per page", () => {
  it("stays within each page's budget, whatever the number of replies and requests", async () => {
    const pages = {
      home: "/",
      authority: `/authorities/${seeded.authoritySlug}`,
      request: `/requests/${seeded.requestId}`,
      search: "/search?q=begroting",
      api: "/api/v1/authorities?q=gent",
    };
    const before: Record<string, number> = {};
    for (const [name, path] of Object.entries(pages)) before[name] = await statementsFor(path);
    console.log(`statements per view: ${JSON.stringify(before)}`);
    for (const [name, count] of Object.entries(before)) expect(count, name).toBeLessThanOrEqual(BUDGET[name]!);

    // More of everything: 10 more replies on the request, 10 more requests to the authority.
    const request = await database.db.selectFrom("requests").select(["authority_id", "user_id"]).where("id", "=", seeded.requestId).executeTakeFirstOrThrow();
    await database.db
      .insertInto("messages")
      .values(Array.from({ length: 10 }, (_, i) => ({ request_id: seeded.requestId, direction: "inbound", kind: "reply", from_address: "info@stad.gent.example", subject: `Extra ${i}`, body_text: `Extra antwoord ${i}, bel 09 266 10 11.`, sent_at: new Date() })))
      .execute();
    await database.db
      .insertInto("requests")
      .values(Array.from({ length: 10 }, (_, i) => ({ authority_id: request.authority_id, user_id: request.user_id, title: `Extra ${i}`, body: "Extra", language: "nl", state: "awaiting_response", public_slug: `extra-${i}`, sent_at: new Date() })))
      .execute();
    expect(await statementsFor(pages.request)).toBe(before.request);
    expect(await statementsFor(pages.authority)).toBe(before.authority);
  }, 120_000);

  it("sends a reply's HTML once in the document, and in the data of a client-side navigation", async () => {
    const html = await (await fetch(`${app.baseUrl}/requests/${seeded.requestId}`, { headers: { "Accept-Language": "nl" } })).text();
    // Each reply's table cell (bench/support/seed.ts replyHtml) appears once: in the markup, not again in the hydration data.
    for (const i of [0, 7, 49]) expect(html.split(`Bijlage ${i}</td>`).length - 1, `reply ${i}`).toBe(1);
    expect(html).toContain(`id="document-html-`);
    // Masked as everywhere: the signature's phone numbers and addresses are not published.
    expect(html).not.toContain("0475 12 34");
    const data = await (await fetch(`${app.baseUrl}/requests/${seeded.requestId}.data`, { headers: { "Accept-Language": "nl" } })).text();
    expect(data).toContain("Bijlage 7</td>");
    expect(data).not.toContain("0475 12 34");
  }, 60_000);
});
