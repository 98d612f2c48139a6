import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  nonPageRoutes,
  pageRoutes,
  routePattern,
  type Ids,
} from "../browser/audited-routes";

/**
 * The accessibility audit covers every page: each file of app/routes is
 * either audited (pageRoutes) or a resource route that renders no page
 * (nonPageRoutes), and the paths audited for it are its own URLs.
 */
const routesDir = path.join(__dirname, "../../app/routes");
const routeFiles = readdirSync(routesDir)
  .filter((f) => /\.(tsx|ts)$/.test(f))
  .map((file) => ({
    file,
    name: file.replace(/\.(tsx|ts)$/, ""),
    source: readFileSync(path.join(routesDir, file), "utf8"),
  }));
const rendersPage = (source: string) => /^export default\b/m.test(source);
const sampleIds: Ids = {
  authoritySlug: "ville-de-test",
  requestId: 7,
  draftId: 8,
  citizenId: 9,
  batchId: 10,
  classifyQuery: "state=successful&sig=x",
  unsubscribeToken: "abc",
};
const HOW_TO =
  "Add it to `pageRoutes` in test/browser/audited-routes.ts with the path(s) the audit should open and the role that can open them " +
  '(e.g. `"admin.things": () => [admin("/admin/things")]`, seeding what it needs in `seed` of test/browser/accessibility.test.ts); ' +
  "or, if it renders no page (no default export: API, feed, PDF, CSV, .txt, form action), add it to `nonPageRoutes` with what it answers.";

describe("the accessibility audit's route list", () => {
  it("names every route file of app/routes, as audited or as not a page", () => {
    const missing = routeFiles
      .filter((r) => !(r.name in pageRoutes) && !(r.name in nonPageRoutes))
      .map(
        (r) =>
          `app/routes/${r.file} (${
            rendersPage(r.source) ? "a page" : "no default export"
          }) is not in the accessibility audit. ${HOW_TO}`
      );
    expect(missing).toEqual([]);
  });

  it("lists as 'not a page' only route files that render none", () => {
    const pages = routeFiles
      .filter((r) => r.name in nonPageRoutes && rendersPage(r.source))
      .map(
        (r) =>
          `app/routes/${r.file} renders a page (default export): move it from nonPageRoutes to pageRoutes in test/browser/audited-routes.ts`
      );
    expect(pages).toEqual([]);
  });

  it("lists no route file that does not exist, nor one twice", () => {
    const names = new Set(routeFiles.map((r) => r.name));
    const stale = [
      ...Object.keys(pageRoutes),
      ...Object.keys(nonPageRoutes),
    ].filter((name) => !names.has(name));
    expect(
      stale,
      "entries of test/browser/audited-routes.ts without a file in app/routes (renamed or removed?)"
    ).toEqual([]);
    expect(
      Object.keys(pageRoutes).filter((name) => name in nonPageRoutes)
    ).toEqual([]);
  });

  it("opens, for each page route, a URL of that route", () => {
    const wrong: string[] = [];
    for (const [name, routes] of Object.entries(pageRoutes)) {
      const list = routes(sampleIds);
      if (list.length === 0) wrong.push(`${name}: no path`);
      for (const route of list)
        if (!routePattern(name).test(route.path.split("?")[0]))
          wrong.push(
            `${name}: ${route.path} is not a URL of this route (${routePattern(
              name
            )})`
          );
    }
    expect(wrong).toEqual([]);
  });

  it("reads Remix flat route names as URL patterns", () => {
    expect(routePattern("_index").test("/")).toBe(true);
    expect(
      routePattern("requests_.$id_.replies").test("/requests/12/replies")
    ).toBe(true);
    expect(
      routePattern("requests.$id_.letter[.]pdf").test("/requests/12/letter.pdf")
    ).toBe(true);
    expect(
      routePattern("requests.$id_.letter[.]pdf").test("/requests/12/letterxpdf")
    ).toBe(false);
    expect(routePattern("account.data[.json]").test("/account/data.json")).toBe(
      true
    );
    expect(routePattern("$").test("/anything/at/all")).toBe(true);
    expect(routePattern("admin.audit").test("/admin/outbox")).toBe(false);
  });
});
