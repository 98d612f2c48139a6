import { expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { describeBrowser, useBrowser } from "../support/browser";
import { insertAuthority, insertMessage, insertRequest, insertUser } from "../search/factories";

/** The request page sends a reply's HTML once, in the markup (~/utils/document-only): hydration and client-side navigation keep it shown. */
describeBrowser("a reply's HTML in Chromium", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);
  const browser = useBrowser();

  it("stays shown after hydration and after a client-side navigation back to the request", async () => {
    const db = database.db;
    const authority = await insertAuthority(db, { slug: "commune-html-once" });
    const user = await insertUser(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    await insertMessage(db, { request_id: request.id, body_text: "Voir le tableau.", body_html: "<p>Voir le <b>tableau des subsides</b>.</p><table><tr><td>Club de foot</td><td>1200 €</td></tr></table>" });

    const page = await browser.page();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    const shownHtml = () => page.evaluate(() => document.querySelector(".mail-html")?.innerHTML ?? null);

    await page.goto(`${app.baseUrl}/requests/${request.id}`, { waitUntil: "load" });
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
    await page.waitForTimeout(300);
    const hydrated = await shownHtml();
    expect(hydrated).toContain("<b>tableau des subsides</b>");
    expect(hydrated).toContain("Club de foot");

    // Away and back inside the app: the page comes from single-fetch data this time.
    await page.evaluate((path) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(path), `/authorities/${authority.slug}`);
    await page.waitForFunction(() => location.pathname.startsWith("/authorities/"));
    await page.evaluate((path) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(path), `/requests/${request.id}`);
    await page.waitForFunction(() => document.querySelector(".mail-html") !== null);
    expect(await shownHtml()).toContain("Club de foot");
    expect(problems).toEqual([]);
  });
});
