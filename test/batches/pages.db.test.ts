import { describe, expect, it } from "vitest";
import { createBatch, setBatchAllowance } from "../../batches/batches";
import { batchAllowance } from "../../batches/plan";
import { selectionFromParams } from "../../batches/selection";
import { insertMessage } from "../search/factories";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";
import { insertLiegeCpas } from "./factories";

const database = useTestDatabase();
const app = useTestApp(database, { BATCH_DEFAULT_ALLOWANCE: "7" });

async function signedIn(role: "admin" | "citizen", displayName = role === "admin" ? "Admin Anne" : "Citoyen Carl") {
  const user = await insertUser(database.db, { role, displayName });
  const c = httpClient(app.baseUrl);
  const token = await csrfOf(await c.get("/login"));
  expect((await c.post("/login", { email: user.email, password: user.password, csrf: token })).status).toBe(303);
  return { c, user };
}

/**
 * The administrators' page for batch allowances (/admin/batches): only
 * admins may read or change it, every change needs the CSRF token and is
 * audit-logged, bad input gets a 400 with a message, and the allowance it
 * sets is the one a batch is checked against.
 */
describe("batch allowances page", () => {
  const auditRows = (targetId: number) =>
    database.db.selectFrom("audit_log").select(["actor_user_id", "action", "target_type", "reason", "data"]).where("target_id", "=", targetId).where("action", "like", "batch_allowance.%").orderBy("id").execute();

  it("is refused to anonymous visitors and citizens, for reading and for changing", async () => {
    const anonymous = httpClient(app.baseUrl);
    expect([302, 303]).toContain((await anonymous.get("/admin/batches")).status);
    const { c, user } = await signedIn("citizen");
    expect((await c.get("/admin/batches")).status).toBe(403);
    const token = await csrfOf(await c.get("/account"));
    expect((await c.post("/admin/batches", { csrf: token, intent: "set", email: user.email, authorities: "500" })).status).toBe(403);
    expect(await batchAllowance(database.db, user.id, 7)).toBe(7);
  });

  it("lets an admin set, change and remove an allowance, each audit-logged; refuses bad input and a missing CSRF token", async () => {
    const { c, user: admin } = await signedIn("admin");
    const watchdog = await insertUser(database.db, { displayName: "Watchdog Hainaut", email: "Watchdog@Example.org" });
    const page = await c.get("/admin/batches");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="allowance-email"');
    expect(html).toContain('<label for="allowance-authorities"');
    const token = html.match(/name="csrf" value="([^"]+)"/)![1];

    // No CSRF token: refused, nothing written.
    expect((await c.post("/admin/batches", { intent: "set", email: watchdog.email, authorities: "300" })).status).toBe(403);
    // Bad numbers and unknown users: 400/404 with a message, nothing written.
    for (const authorities of ["-1", "2.5", "lots", "", "100001"]) {
      const bad = await c.post("/admin/batches?language=en", { csrf: token, intent: "set", email: watchdog.email, authorities });
      expect(bad.status, authorities).toBe(400);
      expect(await bad.text()).toContain("whole number of authorities");
    }
    const unknown = await c.post("/admin/batches?language=en", { csrf: token, intent: "set", email: "nobody@example.org", authorities: "10" });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("No user has this e-mail address");
    expect(await auditRows(watchdog.id)).toEqual([]);
    expect(await batchAllowance(database.db, watchdog.id, 7)).toBe(7);

    // Set (the address matched whatever its case), then change: the batch check reads it, the audit log keeps both.
    expect((await c.post("/admin/batches", { csrf: token, intent: "set", email: "watchdog@example.ORG", authorities: "262", reason: "CPAS du Hainaut" })).headers.get("location")).toBe("/admin/batches?saved=set");
    expect(await batchAllowance(database.db, watchdog.id, 7)).toBe(262);
    expect((await c.post("/admin/batches", { csrf: token, intent: "set", email: watchdog.email, authorities: "0" })).status).toBe(303);
    expect(await batchAllowance(database.db, watchdog.id, 7)).toBe(0);
    const listed = await (await c.get("/admin/batches?saved=set&language=en")).text();
    expect(listed).toContain("Watchdog Hainaut");
    expect(listed).toContain("Admin Anne");
    expect(listed).toMatch(/role="status"/);

    // Remove: the default applies again.
    expect((await c.post("/admin/batches", { csrf: token, intent: "remove", user: String(watchdog.id) })).status).toBe(303);
    expect(await batchAllowance(database.db, watchdog.id, 7)).toBe(7);
    expect(await auditRows(watchdog.id)).toEqual([
      { actor_user_id: admin.id, action: "batch_allowance.set", target_type: "user", reason: "CPAS du Hainaut", data: { max_authorities: 262, before: null } },
      { actor_user_id: admin.id, action: "batch_allowance.set", target_type: "user", reason: null, data: { max_authorities: 0, before: 262 } },
      { actor_user_id: admin.id, action: "batch_allowance.remove", target_type: "user", reason: null, data: { before: 0 } },
    ]);
    // The audit page shows the change.
    expect(await (await c.get("/admin/audit")).text()).toContain("batch_allowance.remove");
  });

  it("speaks the four languages", async () => {
    const { c } = await signedIn("admin");
    const titles = { fr: "Quotas de demandes groupées", nl: "Quota voor groepsverzoeken", de: "Kontingente für Sammelanträge", en: "Batch allowances" };
    for (const [language, title] of Object.entries(titles)) {
      const html = await (await c.get(`/admin/batches?language=${language}`)).text();
      expect(html, language).toContain(`<h1>${title}</h1>`);
      expect(html, language).toContain(`lang="${language}"`);
    }
  });
});

/**
 * A batch by post to two CPAS (one replied): its row on /stats and in
 * /api/v1/stats with the response rate, and on its page, for the owner
 * only, each letter's PDF and the posting day with the registered-mail flag.
 */
describe("a batch in the statistics and its letters by post", () => {
  it("shows the batch's response rate on /stats and in /api/v1/stats, and each letter and the registered posting on the batch page", async () => {
    await insertLiegeCpas(database.db);
    const { c, user: owner } = await signedIn("citizen", "Watchdog Liège");
    await setBatchAllowance(database.db, { userId: owner.id, maxAuthorities: 50, grantedBy: null });
    const selection = selectionFromParams(new URLSearchParams("kind=cpas&province=liege&ticking=1&authority=cpas-herstal&authority=cpas-verviers"));
    const created = await createBatch(app.runtime, { userId: owner.id, selection, consentUnverified: false, byPost: true, title: "Budget 2026 des CPAS", body: "Je demande le budget 2026 approuvé par le conseil de l'action sociale." });
    expect(created).toMatchObject({ requests: 2, byPost: 2 });
    const requests = await database.db.selectFrom("requests").select("id").where("batch_id", "=", created.batchId).orderBy("id").execute();
    await insertMessage(database.db, { request_id: requests[0].id });

    // React separates adjacent text with <!-- -->; the reader sees "50 %".
    const stats = (await (await c.get("/stats?language=en")).text()).replaceAll("<!-- -->", "");
    const table = stats.slice(stats.indexOf('data-testid="batch-stats"'));
    expect(table).toContain(`href="/batches/${created.batchId}"`);
    expect(table).toContain("Budget 2026 des CPAS");
    expect(table).toMatch(/<td class="num">2<\/td><td class="num">1<\/td><td class="num">50 %<\/td>/);
    const api = (await (await fetch(`${app.baseUrl}/api/v1/stats?kind=cpas`)).json()) as { authorities: unknown[]; batches: Record<string, unknown>[] };
    expect(api.batches).toEqual([
      { id: created.batchId, title: "Budget 2026 des CPAS", created_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), url: `${app.baseUrl}/batches/${created.batchId}`, authorities: 2, sent: 2, replied: 1, response_rate: 50 },
    ]);
    expect(JSON.stringify(api.batches)).not.toContain(owner.email);

    // The owner gets a PDF link per letter (each opens), and the posting form with its labelled registered-mail box.
    const page = await (await c.get(`/batches/${created.batchId}?language=en`)).text();
    const links = [...page.matchAll(/href="(\/requests\/(\d+)\/letter\.pdf)" data-testid="batch-letter" aria-label="Letter to ([^"]+) \(PDF\)"/g)];
    expect(links.map((l) => Number(l[2])).sort()).toEqual(requests.map((r) => r.id));
    expect(links.map((l) => l[3]).sort()).toEqual(["CPAS de Herstal", "CPAS de Verviers"]);
    const pdf = await c.get(links[0][1]);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(page).toMatch(/<input id="posted-registered" name="registered" type="checkbox"\/> <label for="posted-registered">Posted by registered mail<\/label>/);
    // Someone else sees the matrix but no letter column.
    const { c: other } = await signedIn("citizen");
    const theirs = await (await other.get(`/batches/${created.batchId}?language=en`)).text();
    expect(theirs).toContain('data-testid="batch-matrix"');
    expect(theirs).not.toContain("batch-letter");

    const today = app.runtime.clock.today();
    const token = page.match(/name="csrf" value="([^"]+)"/)![1];
    expect((await c.post(`/batches/${created.batchId}`, { csrf: token, intent: "posted", posted_on: today, registered: "on" })).status).toBe(303);
    const posted = await database.db.selectFrom("requests").select(["posted_on", "posted_registered"]).where("batch_id", "=", created.batchId).execute();
    expect(posted.map((p) => `${p.posted_on}:${p.posted_registered}`)).toEqual([`${today}:true`, `${today}:true`]);
    const after = await (await c.get(`/batches/${created.batchId}?language=en`)).text();
    expect(after).toMatch(/data-testid="batch-posted">Posted by registered mail on /);
  });
});
