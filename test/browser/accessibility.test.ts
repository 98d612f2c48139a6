import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { locales, type Locale } from "../../core/i18n/locales";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { makeMessage, makeRequest } from "../moderation/factories";

/**
 * axe-core (WCAG 2.0–2.2 A/AA rules) on every page, at a desktop and a phone
 * width, logged out, as a citizen and as an administrator; plus each page's
 * title, unique to it in every language, and no page wider than a phone.
 * One browser, one tab per role and width, reused from page to page.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

type Role = "anonymous" | "citizen" | "admin";
/** `variant`: the same page as another route with other filters (same title). */
type Route = { path: string; role: Role; status?: number; variant?: boolean };
type Finding = { path: string; width: number; rule: string; impact: string; targets: string[] };

/** The routes the audit covers: every page a person can reach (API, feeds and downloads are not pages). */
function routeList(ids: Ids): Route[] {
  const anonymous = [
    "/",
    "/authorities",
    `/authorities/${ids.authoritySlug}`,
    `/authorities/${ids.authoritySlug}/overdue`,
    "/overdue",
    "/search",
    "/search?q=budget",
    "/stats",
    "/privacy",
    "/login",
    "/signup",
    "/forgot-password",
    "/reset-password?token=invalid",
    `/requests/${ids.requestId}`,
    `/requests/${ids.requestId}/replies`,
    `/users/${ids.citizenId}`,
    `/report?target=request&id=${ids.requestId}`,
    "/reminders/unsubscribe?u=1&k=overdue&s=bad",
  ].map((path): Route => ({ path, role: "anonymous" }));
  const errors: Route[] = [
    { path: "/search?q=budget&kind=commune&state=awaiting_response&type=nonsense", role: "anonymous", status: 400, variant: true },
    { path: "/no-such-page", role: "anonymous", status: 404 },
    { path: "/confirm?token=invalid", role: "anonymous", status: 410 },
    { path: "/admin/outbox", role: "citizen", status: 403 },
  ];
  const citizen = [
    "/my-requests",
    "/account",
    "/account/privacy",
    "/following",
    "/requests/new",
    "/batches/new",
    `/requests/new?authority=${ids.authoritySlug}`,
    `/requests/${ids.draftId}/edit`,
    `/requests/${ids.draftId}/preview`,
    `/requests/${ids.requestId}/nudge`,
    `/requests/${ids.requestId}/escalate`,
  ].map((path): Route => ({ path, role: "citizen" }));
  const admin = ["/admin/mail", "/admin/moderation", "/admin/outbox", "/admin/redaction", "/admin/audit", `/requests/${ids.requestId}/moderate`].map(
    (path): Route => ({ path, role: "admin" }),
  );
  return [...anonymous, ...errors, ...citizen, ...admin];
}

type Ids = { authoritySlug: string; requestId: number; draftId: number; citizenId: number };

/** Which language each tab audits in: every language is audited somewhere. */
const auditLanguage: Record<Role, Record<"desktop" | "phone", Locale>> = {
  anonymous: { desktop: "fr", phone: "nl" },
  citizen: { desktop: "de", phone: "en" },
  admin: { desktop: "en", phone: "fr" },
};
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

describeBrowser("accessibility of every page in Chromium (axe-core)", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);
  const browser = useBrowser();

  async function seed(): Promise<{ ids: Ids; citizen: { email: string; password: string }; admin: { email: string; password: string } }> {
    const db = database.db;
    const authority = await db
      .insertInto("authorities")
      .values({ slug: "ville-de-test", name_fr: "Ville de Test", name_nl: "Stad Test", kind: "commune", level: "local", region: "wallonia", regime: "wallonia", languages: ["fr"], email: "info@ville-test.example" })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow();
    const citizen = await insertUser(db, { displayName: "Hélène Dupont", locale: "fr" });
    const admin = await insertUser(db, { role: "admin", displayName: "Admin" });
    const request = await makeRequest(db, { userId: citizen.id, authorityId: authority.id, title: "Budget communal 2026" });
    await db.updateTable("requests").set({ due_date: "2026-01-10", overdue_since: "2026-01-11" }).where("id", "=", request.id).execute();
    await makeMessage(db, { requestId: request.id, direction: "outbound", text: "Madame, Monsieur, je souhaite obtenir le budget." });
    await makeMessage(db, {
      requestId: request.id,
      text: "Voici notre réponse.",
      html: '<h1 style="color:red">Réponse du collège</h1><h2>Budget</h2><p style="font-size:20px">Voici notre réponse.</p>',
    });
    await makeMessage(db, { requestId: null, subject: "Question sans dossier", text: "Bonjour, où va ce courrier ?" });
    const draft = await makeRequest(db, { userId: citizen.id, authorityId: authority.id, title: "Comptes du CPAS", state: "draft" });
    await db.updateTable("requests").set({ sent_at: null }).where("id", "=", draft.id).execute();
    return { ids: { authoritySlug: authority.slug, requestId: request.id, draftId: draft.id, citizenId: citizen.id }, citizen, admin };
  }

  async function tab(role: Role, size: "desktop" | "phone", login?: { email: string; password: string }): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[]; expect: (status: number) => void }> {
    const locale = auditLanguage[role][size];
    const context = await browser.browser().newContext({ viewport: WIDTHS[size], locale: `${locale}-BE` });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    // The status the route being visited answers on purpose (400, 403, 404, 410…).
    let expectedStatus = 200;
    page.on("console", (message) => {
      // An error page's own status line (the status its route is expected to answer) is expected;
      // anything else (another status, a CSP refusal, a script error) is not.
      const ownStatusLine = expectedStatus !== 200 && message.text().includes(`status of ${expectedStatus} `);
      if (message.type() === "error" && !ownStatusLine) consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    if (login) {
      await page.goto(`${app.baseUrl}/login`);
      await page.fill('input[name="email"]', login.email);
      await page.fill('input[name="password"]', login.password);
      await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click('main button[type="submit"]')]);
    }
    return { context, page, consoleErrors, expect: (status) => (expectedStatus = status) };
  }

  async function audit(page: Page, path: string, width: number): Promise<Finding[]> {
    await page.evaluate(axeSource);
    const violations = (await page.evaluate(
      (tags) => (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }).axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }).then((r) => r.violations),
      AXE_TAGS,
    )) as { id: string; impact: string; nodes: { target: string[] }[] }[];
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ path, width, rule: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  }

  it("has no serious or critical axe violation, no page wider than a phone and no console error on any route", { timeout: 420_000 }, async () => {
    const { ids, citizen, admin } = await seedOnce();
    const routes = routeList(ids);
    const findings: Finding[] = [];
    const tooWide: string[] = [];
    const wrongStatus: string[] = [];
    const errors: string[] = [];
    let audits = 0;
    // The two widths of one role run side by side (two tabs), roles one after the other.
    for (const role of ["anonymous", "citizen", "admin"] as const) {
      await Promise.all(
        (["desktop", "phone"] as const).map(async (size) => {
          const { context, page, consoleErrors, expect: expectStatus } = await tab(role, size, role === "citizen" ? citizen : role === "admin" ? admin : undefined);
          for (const route of routes.filter((r) => r.role === role)) {
            expectStatus(route.status ?? 200);
            const response = await page.goto(app.baseUrl + route.path);
            if ((response?.status() ?? 0) !== (route.status ?? 200)) wrongStatus.push(`${route.path} (${role}): ${response?.status()}`);
            if ((await page.getAttribute("html", "lang")) !== auditLanguage[role][size]) wrongStatus.push(`${route.path} (${role}): lang ${await page.getAttribute("html", "lang")}`);
            findings.push(...(await audit(page, route.path, WIDTHS[size].width)));
            audits++;
            if (size === "phone") {
              const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
              if (scrollWidth > WIDTHS.phone.width) tooWide.push(`${route.path}: ${scrollWidth}px`);
            }
          }
          errors.push(...consoleErrors);
          await context.close();
        }),
      );
    }
    expect({ wrongStatus, findings, tooWide, errors }).toEqual({ wrongStatus: [], findings: [], tooWide: [], errors: [] });
    expect(audits).toBe(routes.length * 2);
  });

  it("gives every page a title of its own, in every language", { timeout: 120_000 }, async () => {
    const { ids, citizen, admin } = await seedOnce();
    const routes = routeList(ids);
    const cookies: Record<Role, string> = { anonymous: "", citizen: await sessionCookie(citizen), admin: await sessionCookie(admin) };
    for (const locale of locales) {
      const titles = new Map<string, string>();
      for (const route of routes.filter((r) => !r.variant)) {
        const response = await fetch(app.baseUrl + route.path, { headers: { "Accept-Language": locale, Cookie: cookies[route.role] }, redirect: "manual" });
        const html = await response.text();
        const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
        titles.set(`${route.role} ${route.path}`, title);
      }
      const bare = [...titles].filter(([, title]) => title.trim() === "Dossier" || !title.includes("Dossier"));
      expect(bare, `pages titled only "Dossier" (${locale})`).toEqual([]);
      const byTitle = new Map<string, string[]>();
      for (const [route, title] of titles) byTitle.set(title, [...(byTitle.get(title) ?? []), route]);
      const shared = [...byTitle].filter(([, routesWithIt]) => routesWithIt.length > 1);
      expect(shared, `titles shared by several pages (${locale})`).toEqual([]);
    }
  });

  // The second test reuses the first one's data (same database).
  let seeded: Awaited<ReturnType<typeof seed>> | undefined;
  async function seedOnce() {
    seeded ??= await seed();
    return seeded;
  }

  async function sessionCookie(user: { email: string; password: string }): Promise<string> {
    const { context, page } = await tab("anonymous", "desktop", user);
    const cookies = await context.cookies();
    await page.close();
    await context.close();
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  }
});
