import { beforeAll, expect, it } from "vitest";
import { indexRequest } from "../../search/indexing";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "../search/factories";

describeBrowser("search in Chromium", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);
  const browser = useBrowser();
  let slug = "";
  let attachmentId = 0;

  beforeAll(async () => {
    const db = database.db;
    const user = await insertUser(db);
    const namur = await insertAuthority(db, { slug: "ville-de-namur", name_fr: "Ville de Namur", region: "wallonia" });
    const gent = await insertAuthority(db, { slug: "stad-gent", name_nl: "Stad Gent", name_fr: "Ville de Gand", region: "flanders", languages: ["nl"] });
    const a = await insertRequest(db, { authority_id: namur.id, user_id: user.id, title: "Contrôles de la qualité de l'air" });
    const reply = await insertMessage(db, { request_id: a.id, body_text: "Vous trouverez les mesures en annexe." });
    const pdf = await insertAttachment(db, { message_id: reply.id, filename: "mesures-air.pdf", extracted_text: "Les mesures de dioxyde d'azote dépassent la norme rue de Fer." });
    const b = await insertRequest(db, { authority_id: gent.id, user_id: user.id, language: "nl", title: "Luchtkwaliteit", body: "Metingen van stikstofdioxide (dioxyde d'azote) aan de Korenmarkt." });
    for (const id of [a.id, b.id]) await indexRequest(db, new PostgresSearchBackend(db), id);
    slug = String(a.id);
    attachmentId = pdf.id;
  });

  it("searches from the header, filters by authority and opens the result at its attachment", async () => {
    const page = await browser.page();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(app.baseUrl + "/");

    // The search box in the header, used with the keyboard.
    await page.getByRole("searchbox", { name: "Chercher dans les demandes, réponses et documents" }).fill("dioxyde d'azote");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=/);
    await expect.poll(() => page.locator(".search-hit").count()).toBe(2);
    expect(await page.textContent(".search-count")).toBe("2 résultats");

    // Filter on one authority through its facet link, then remove the filter.
    await page.locator(".search-facets").getByRole("link", { name: "Ville de Namur" }).click();
    await page.waitForURL(/authority=ville-de-namur/);
    await expect.poll(() => page.locator(".search-hit").count()).toBe(1);
    expect(await page.textContent(".search-hit mark")).toMatch(/dioxyde/i);
    expect(await page.textContent(".search-hit")).toContain("mesures-air.pdf");

    // Open the result: it links to the attachment's anchor on the request page.
    await page.locator(".search-hit h3 a").click();
    await page.waitForURL((url) => url.pathname === `/requests/${slug}`);
    expect(new URL(page.url()).hash).toBe(`#attachment-${attachmentId}`);
    expect(errors).toEqual([]);
  });

  it("works without JavaScript on a phone, with no-results suggestions", async () => {
    const context = await browser.browser().newContext({ javaScriptEnabled: false, locale: "nl-BE", viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(app.baseUrl + "/search");
    await page.locator(".search-form").getByLabel("Zoek in verzoeken, antwoorden en documenten").fill("Korenmarkt");
    await page.getByLabel("Sorteren op").selectOption("date");
    await page.locator(".search-form button[type=submit]").click();
    await page.waitForLoadState();
    expect(await page.locator(".search-hit").count()).toBe(1);
    expect(await page.textContent(".search-hit h3")).toBe("Luchtkwaliteit");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);

    await page.goto(app.baseUrl + "/search?q=onbestaandwoord");
    expect(await page.textContent(".search-none")).toContain("Controleer de spelling");
    await context.close();
  });
});
