import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import {
  locales,
  messageKeys,
  translate,
  type Locale,
  type MessageKey,
} from "../../core/i18n";
import { KINDS, REGIONS } from "../../authorities/vocabulary";
import { REQUEST_STATES } from "../../requests/states";
import { classifyToken } from "../../requests/classify-links";
import { createUnsubscribeToken } from "../../watch/unsubscribe-token";
import { createBatch, setBatchAllowance } from "../../batches/batches";
import { selectionFromParams } from "../../batches/selection";
import { localeCookie } from "../../app/i18n/locale.server";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { makeMessage, makeRequest } from "../moderation/factories";
import {
  pageRoutes,
  type AuditedRoute,
  type Ids,
  type Role,
} from "./audited-routes";

/**
 * axe-core (WCAG 2.0–2.2 A/AA rules) on every page of test/browser/audited-routes.ts
 * (test/app/route-coverage.test.ts keeps that list complete), at a desktop and a
 * phone width, logged out, as a citizen and as an administrator; no page wider
 * than a phone, no console error, no catalogue key or raw enum value shown;
 * each page's title unique to it in every language; error pages that say what happened.
 * One server and one browser; the six tabs (three roles × two widths) run side by side.
 */
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8"
);
const AXE_TAGS = [
  "wcag2a",
  "wcag2aa",
  "wcag21a",
  "wcag21aa",
  "wcag22a",
  "wcag22aa",
];

type Finding = {
  path: string;
  width: number;
  rule: string;
  impact: string;
  targets: string[];
};
type Size = "desktop" | "phone";

/** Which language each tab audits in: every language is audited somewhere. */
const auditLanguage: Record<Role, Record<Size, Locale>> = {
  anonymous: { desktop: "fr", phone: "nl" },
  citizen: { desktop: "de", phone: "en" },
  admin: { desktop: "en", phone: "fr" },
};
/** How many tabs audit at once (one browser, one server). */
const TABS_AT_ONCE = 3;
/** A loaded machine (eight test runs on two cores) can take far longer than Playwright's 30 s to serve a page. */
const NAVIGATION_TIMEOUT = 120_000;

/** Runs `work` on every item, at most `limit` at a time. */
async function inPool<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift())
        await work(item);
    })
  );
}
const WIDTHS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/** Words that must never be shown as they are: catalogue keys and the values of closed vocabularies. */
const catalogueKeys = new Set<string>(messageKeys);
const rawValues = new Set<string>(
  [...REQUEST_STATES, ...KINDS, ...REGIONS].filter((value) =>
    value.includes("_")
  )
);

/** Catalogue keys and snake_case enum values in a page's visible text. */
function rawWords(text: string): string[] {
  const keys = [...text.matchAll(/\b[a-z]+(?:\.[A-Za-z0-9_]+)+\b/g)]
    .map((m) => m[0])
    .filter((word) => catalogueKeys.has(word));
  const values = [...text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)]
    .map((m) => m[0])
    .filter((word) => rawValues.has(word));
  return [...new Set([...keys, ...values])];
}

describeBrowser("accessibility of every page in Chromium (axe-core)", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);
  const browser = useBrowser();

  type Login = { email: string; password: string };
  async function seed(): Promise<{ ids: Ids; citizen: Login; admin: Login }> {
    const db = database.db;
    const secret = app.runtime.config.secret;
    const authority = await db
      .insertInto("authorities")
      .values({
        slug: "ville-de-test",
        name_fr: "Ville de Test",
        name_nl: "Stad Test",
        kind: "commune",
        level: "local",
        region: "wallonia",
        regime: "wallonia",
        languages: ["fr"],
        email: "info@ville-test.example",
      })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow();
    const citizen = await insertUser(db, {
      displayName: "Hélène Dupont",
      locale: "fr",
    });
    const admin = await insertUser(db, { role: "admin", displayName: "Admin" });
    const request = await makeRequest(db, {
      userId: citizen.id,
      authorityId: authority.id,
      title: "Budget communal 2026",
    });
    await db
      .updateTable("requests")
      .set({ due_date: "2026-01-10", overdue_since: "2026-01-11" })
      .where("id", "=", request.id)
      .execute();
    await makeMessage(db, {
      requestId: request.id,
      direction: "outbound",
      text: "Madame, Monsieur, je souhaite obtenir le budget.",
    });
    await makeMessage(db, {
      requestId: request.id,
      text: "Voici notre réponse.",
      html: '<h1 style="color:red">Réponse du collège</h1><h2>Budget</h2><p style="font-size:20px">Voici notre réponse.</p>',
    });
    await makeMessage(db, {
      requestId: null,
      subject: "Question sans dossier",
      text: "Bonjour, où va ce courrier ?",
    });
    const draft = await makeRequest(db, {
      userId: citizen.id,
      authorityId: authority.id,
      title: "Comptes du CPAS",
      state: "draft",
    });
    await db
      .updateTable("requests")
      .set({ sent_at: null })
      .where("id", "=", draft.id)
      .execute();
    await setBatchAllowance(db, {
      userId: citizen.id,
      maxAuthorities: 10,
      grantedBy: admin.id,
    });
    const batch = await createBatch(app.runtime, {
      userId: citizen.id,
      selection: selectionFromParams(
        new URLSearchParams(`kind=commune&authority=${authority.slug}`)
      ),
      consentUnverified: true,
      title: "Budgets communaux 2026",
      body: "Madame, Monsieur, je souhaite obtenir le budget communal 2026.",
      postalAddress: "Rue de la Loi 16, 1000 Bruxelles",
    });
    const ids: Ids = {
      authoritySlug: authority.slug,
      requestId: request.id,
      draftId: draft.id,
      citizenId: citizen.id,
      batchId: batch.batchId,
      classifyQuery: `state=successful&sig=${classifyToken(
        secret,
        request.id,
        "successful"
      )}`,
      unsubscribeToken: createUnsubscribeToken(secret, { user: citizen.id }),
    };
    return { ids, citizen, admin };
  }

  // Both tests share the seed (same database).
  let seeded: Awaited<ReturnType<typeof seed>> | undefined;
  async function seedOnce() {
    seeded ??= await seed();
    return seeded;
  }
  const allRoutes = (ids: Ids): AuditedRoute[] =>
    Object.values(pageRoutes).flatMap((routes) => routes(ids));

  async function tab(locale: Locale, size: Size, login?: Login) {
    const context = await browser
      .browser()
      .newContext({ viewport: WIDTHS[size], locale: `${locale}-BE` });
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT);
    context.setDefaultTimeout(NAVIGATION_TIMEOUT);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    // The status the route being visited answers on purpose (400, 403, 404, 410…).
    let expectedStatus = 200;
    page.on("console", (message) => {
      // An error page's own status line is expected; anything else (another status, a CSP refusal, a script error) is not.
      const ownStatusLine =
        expectedStatus !== 200 &&
        message.text().includes(`status of ${expectedStatus} `);
      if (message.type() === "error" && !ownStatusLine)
        consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) =>
      consoleErrors.push(`${page.url()}: ${error.message}`)
    );
    if (login) {
      await page.goto(`${app.baseUrl}/login`);
      await page.fill('input[name="email"]', login.email);
      await page.fill('input[name="password"]', login.password);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith("/login")),
        page.click('main button[type="submit"]'),
      ]);
    }
    return {
      context,
      page,
      consoleErrors,
      expectStatus: (status: number) => (expectedStatus = status),
    };
  }

  async function axe(
    page: Page,
    path: string,
    width: number
  ): Promise<Finding[]> {
    if (!(await page.evaluate(() => "axe" in window)))
      await page.evaluate(axeSource);
    const violations = (await page.evaluate(
      (tags) =>
        (
          window as unknown as {
            axe: {
              run: (
                c: unknown,
                o: unknown
              ) => Promise<{ violations: unknown[] }>;
            };
          }
        ).axe
          .run(document, {
            runOnly: { type: "tag", values: tags },
            resultTypes: ["violations"],
          })
          .then((r) => r.violations),
      AXE_TAGS
    )) as { id: string; impact: string; nodes: { target: string[] }[] }[];
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        path,
        width,
        rule: v.id,
        impact: v.impact,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      }));
  }

  it(
    "has no serious or critical axe violation, no page wider than a phone, no raw key or value and no console error on any route",
    { timeout: 600_000 },
    async () => {
      const { ids, citizen, admin } = await seedOnce();
      const routes = allRoutes(ids);
      const findings: Finding[] = [];
      const problems: string[] = [];
      const errors: string[] = [];
      let audits = 0;
      const started = Date.now();
      const timing = { load: 0, axe: 0 };
      const logins: Record<Role, Login | undefined> = {
        anonymous: undefined,
        citizen,
        admin,
      };
      // Six tabs (each role at each width, each in its own language), TABS_AT_ONCE of them side by side:
      // on two cores more only makes each page slower.
      const tabs = (["anonymous", "citizen", "admin"] as const)
        .flatMap((role) =>
          (["desktop", "phone"] as const).map((size) => ({
            role,
            size,
            pages: routes.filter((r) => r.role === role).length,
          }))
        )
        .sort((a, b) => b.pages - a.pages);
      await inPool(tabs, TABS_AT_ONCE, async ({ role, size }) => {
        const locale = auditLanguage[role][size];
        const { context, page, consoleErrors, expectStatus } = await tab(
          locale,
          size,
          logins[role]
        );
        for (const route of routes.filter((r) => r.role === role)) {
          const where = `${route.path} (${role}, ${WIDTHS[size].width}px, ${locale})`;
          expectStatus(route.status ?? 200);
          const loadStarted = Date.now();
          const response = await page.goto(app.baseUrl + route.path);
          timing.load += Date.now() - loadStarted;
          if ((response?.status() ?? 0) !== (route.status ?? 200))
            problems.push(`${where}: status ${response?.status()}`);
          if ((await page.getAttribute("html", "lang")) !== locale)
            problems.push(
              `${where}: lang ${await page.getAttribute("html", "lang")}`
            );
          const axeStarted = Date.now();
          findings.push(...(await axe(page, route.path, WIDTHS[size].width)));
          timing.axe += Date.now() - axeStarted;
          audits++;
          const { scrollWidth, text } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            text: document.body.innerText,
          }));
          if (size === "phone" && scrollWidth > WIDTHS.phone.width)
            problems.push(`${where}: ${scrollWidth}px wide`);
          const raw = rawWords(text);
          if (raw.length > 0)
            problems.push(`${where}: shows ${raw.join(", ")}`);
        }
        errors.push(...consoleErrors);
        await context.close();
      });
      console.info(
        `accessibility: ${audits} page audits (${
          routes.length
        } pages × 2 widths) in ${Math.round(
          (Date.now() - started) / 1000
        )} s; summed over the tabs: loading ${Math.round(
          timing.load / 1000
        )} s, axe ${Math.round(timing.axe / 1000)} s`
      );
      expect({ problems, findings, errors }).toEqual({
        problems: [],
        findings: [],
        errors: [],
      });
      expect(audits).toBe(routes.length * 2);
    }
  );

  it(
    "gives every page a title of its own, in every language",
    { timeout: 180_000 },
    async () => {
      const { ids, citizen, admin } = await seedOnce();
      // Error pages (403, 404, 410…) share their error's title by design.
      const routes = allRoutes(ids).filter((r) => !r.variant && !r.status);
      const cookies: Record<Role, string> = {
        anonymous: "",
        citizen: await sessionCookie(citizen),
        admin: await sessionCookie(admin),
      };
      await Promise.all(
        locales.map(async (locale) => {
          const titles = new Map<string, string>();
          for (const route of routes) {
            const response = await fetch(app.baseUrl + route.path, {
              headers: {
                "Accept-Language": locale,
                Cookie: cookies[route.role],
              },
              redirect: "manual",
            });
            const html = await response.text();
            titles.set(
              `${route.role} ${route.path}`,
              /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? ""
            );
          }
          const bare = [...titles].filter(
            ([, title]) =>
              title.trim() === "Dossier" || !title.includes("Dossier")
          );
          expect(
            bare,
            `pages titled only "Dossier" or not at all (${locale})`
          ).toEqual([]);
          const byTitle = new Map<string, string[]>();
          for (const [route, title] of titles)
            byTitle.set(title, [...(byTitle.get(title) ?? []), route]);
          const shared = [...byTitle].filter(
            ([, routesWithIt]) => routesWithIt.length > 1
          );
          expect(shared, `titles shared by several pages (${locale})`).toEqual(
            []
          );
        })
      );
    }
  );

  /** An error page's heading and title, read from the HTML the server sent. */
  function errorPageOf(html: string) {
    return {
      heading: /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1],
      title: /<title>([^<]*)<\/title>/.exec(html)?.[1],
      lang: /<html lang="([^"]*)"/.exec(html)?.[1],
    };
  }

  /**
   * A form post as a browser without JavaScript sends it (a document POST):
   * the page is fetched first for its CSRF cookie and token, in `locale`.
   */
  async function documentPost(
    pagePath: string,
    actionPath: string,
    locale: Locale,
    fields: Record<string, string>,
    options: { csrf?: boolean } = {}
  ): Promise<Response> {
    const headers = { "Accept-Language": locale };
    const page = await fetch(app.baseUrl + pagePath, { headers });
    // Without a token nor the visitor's cookies (an anonymous form with an empty token passes with the form cookie: decision 914).
    const cookie = options.csrf === false ? "" : page.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const token =
      /name="csrf" value="([^"]*)"/.exec(await page.text())?.[1] ?? "";
    return fetch(app.baseUrl + actionPath, {
      method: "POST",
      headers: {
        ...headers,
        Cookie: cookie,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        ...fields,
        ...(options.csrf === false ? {} : { csrf: token }),
      }),
      redirect: "manual",
    });
  }

  const proposal = {
    email: "greffe@ville-test.example",
    source: "https://www.ville-test.example/contact",
  };
  const useUpProposals = (hits: number) =>
    database.db
      .updateTable("rate_limits")
      .set({ hits })
      .where("key", "like", "propose-email:ip:%")
      .execute();

  it(
    "says what happened on an error page (403, 404, 410, 429), from a loader or an action, in the reader's language, never 'something went wrong'",
    { timeout: 180_000 },
    async () => {
      const { ids, citizen } = await seedOnce();
      const citizenCookie = await sessionCookie(citizen);
      const authorityPath = `/authorities/${ids.authoritySlug}`;
      // Errors thrown by loaders (a GET).
      const loaderCases: {
        path: string;
        cookie: string;
        status: number;
        heading: MessageKey;
      }[] = [
        {
          path: "/admin/outbox",
          cookie: citizenCookie,
          status: 403,
          heading: "error.forbidden.title",
        },
        {
          path: "/no-such-page",
          cookie: "",
          status: 404,
          heading: "error.notFound.title",
        },
        // The confirmation link has its own page for a used or expired link.
        {
          path: "/confirm?token=invalid",
          cookie: "",
          status: 410,
          heading: "confirm.invalid.title",
        },
      ];
      // Errors thrown by an action on a document POST: Remix renders the root
      // ErrorBoundary without running the root loader, so the language comes
      // from the request (app/i18n/request-facts.tsx).
      const actionCases: {
        what: string;
        post: (locale: Locale) => Promise<Response>;
        status: number;
        heading: MessageKey;
      }[] = [
        {
          what: "proposal without its CSRF token",
          post: (locale) =>
            documentPost(authorityPath, authorityPath, locale, proposal, {
              csrf: false,
            }),
          status: 403,
          heading: "error.forbidden.title",
        },
        {
          what: "proposal for an authority that does not exist",
          post: (locale) =>
            documentPost(
              authorityPath,
              "/authorities/no-such-authority",
              locale,
              proposal
            ),
          status: 404,
          heading: "error.notFound.title",
        },
        {
          what: "proposal over the hourly allowance",
          post: async (locale) => {
            await useUpProposals(1000);
            return documentPost(authorityPath, authorityPath, locale, proposal);
          },
          status: 429,
          heading: "error.rateLimited.title",
        },
      ];
      const seen: string[] = [];
      const expected: string[] = [];
      for (const locale of locales) {
        for (const c of loaderCases) {
          const response = await fetch(app.baseUrl + c.path, {
            headers: { "Accept-Language": locale, Cookie: c.cookie },
            redirect: "manual",
          });
          const page = errorPageOf(await response.text());
          seen.push(
            `GET ${c.path} ${locale}: ${response.status} ${page.lang} "${page.heading}" "${page.title}"`
          );
          expected.push(
            `GET ${c.path} ${locale}: ${c.status} ${locale} "${translate(
              locale,
              c.heading
            )}" "${translate(locale, c.heading)} — Dossier"`
          );
        }
        for (const c of actionCases) {
          const response = await c.post(locale);
          const page = errorPageOf(await response.text());
          seen.push(
            `POST ${c.what} ${locale}: ${response.status} ${page.lang} "${page.heading}" "${page.title}"`
          );
          expected.push(
            `POST ${c.what} ${locale}: ${c.status} ${locale} "${translate(
              locale,
              c.heading
            )}" "${translate(locale, c.heading)} — Dossier"`
          );
        }
        await useUpProposals(0);
      }
      expect(seen).toEqual(expected);

      // The language chosen by the cookie or by ?language= reaches an action's error page too.
      const viaCookie = await fetch(app.baseUrl + authorityPath, {
        method: "POST",
        headers: {
          Cookie: (await localeCookie.serialize("nl")).split(";")[0],
          "Accept-Language": "fr",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(proposal),
      });
      expect(errorPageOf(await viaCookie.text()).heading).toBe(
        translate("nl", "error.forbidden.title")
      );
      const viaAddress = await fetch(
        `${app.baseUrl}${authorityPath}?language=de`,
        {
          method: "POST",
          headers: {
            "Accept-Language": "fr",
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams(proposal),
        }
      );
      expect(errorPageOf(await viaAddress.text()).heading).toBe(
        translate("de", "error.forbidden.title")
      );

      // In Chromium, with JavaScript: (1) a document POST (the form sent before
      // the scripts ran): the server's 429 page, hydrated in the same language,
      // its scripts allowed by the CSP nonce; (2) the same form sent by Remix's
      // script: the error page rendered in the browser.
      for (const [locale, how] of [
        ["de", "document"],
        ["en", "script"],
      ] as const) {
        await useUpProposals(0);
        const { context, page, consoleErrors, expectStatus } = await tab(
          locale,
          "phone"
        );
        await page.goto(app.baseUrl + authorityPath);
        await page.fill("#propose input[name=email]", proposal.email);
        await page.fill("#propose input[name=source]", proposal.source);
        await useUpProposals(1000);
        expectStatus(429);
        const heading = translate(locale, "error.rateLimited.title");
        if (how === "document") {
          const [response] = await Promise.all([
            page.waitForNavigation(),
            // HTMLFormElement.submit() sends the form as the browser would, without Remix's submit handler.
            page.evaluate(() =>
              document.querySelector<HTMLFormElement>("#propose form")!.submit()
            ),
          ]);
          expect(response?.status()).toBe(429);
          await page.waitForFunction(() => "__remixRouter" in window);
        } else {
          await page.click("#propose button[type=submit]");
          await page.locator("h1", { hasText: heading }).waitFor();
        }
        expect(await page.textContent("h1"), `${how} ${locale}`).toBe(heading);
        expect(await page.title()).toBe(`${heading} — Dossier`);
        expect(await page.getAttribute("html", "lang")).toBe(locale);
        expect(await page.textContent("main")).not.toContain(
          translate(locale, "error.server.title")
        );
        expect(await axe(page, `429 (${how})`, WIDTHS.phone.width)).toEqual([]);
        expect(consoleErrors).toEqual([]);
        await context.close();
      }
      await useUpProposals(0);
    }
  );

  async function sessionCookie(user: Login): Promise<string> {
    const { context } = await tab("fr", "desktop", user);
    const cookies = await context.cookies();
    await context.close();
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  }
});
