import { parseDocument } from "htmlparser2";
import { getElementsByTagName, textContent } from "domutils";
import type { Element } from "domhandler";
import { beforeAll, describe, expect, it } from "vitest";
import { indexRequest } from "../../search/indexing";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "./factories";

describe("search over HTTP: page, JSON API and Atom feed", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);
  const ids = {} as { request: number; slug: string; attachment: number; message: number; scan: number; layer: number };

  beforeAll(async () => {
    const db = database.db;
    const user = await insertUser(db, "secret.requester@example.org");
    const authority = await insertAuthority(db, { slug: "ville-de-mons", name_fr: "Ville de Mons", name_nl: "Stad Bergen", region: "wallonia" });
    const other = await insertAuthority(db, { slug: "stad-leuven", name_nl: "Stad Leuven", name_fr: "Ville de Louvain", region: "flanders", languages: ["nl"] });
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Éclairage public & <LED>", body: "Merci de me répondre à secret.requester@example.org." });
    const reply = await insertMessage(db, { request_id: request.id, body_text: "Voici l'inventaire de l'éclairage.", sent_at: new Date("2025-05-02T08:00:00Z") });
    const pdf = await insertAttachment(db, { message_id: reply.id, filename: "inventaire.pdf", extracted_text: "Inventaire des luminaires: 4.200 points lumineux, dont 1.300 en LED." });
    // A PDF whose second page was a scan (its text recognised automatically), and a PDF with a text layer on every page.
    const scan = await insertAttachment(db, { message_id: reply.id, filename: "beffroi.pdf", extracted_text: "Devis du carillon communal.\fRapport sur le beffroi de la place.", text_source: "mixed", ocr_pages: [2] });
    const layer = await insertAttachment(db, { message_id: reply.id, filename: "horloge.pdf", extracted_text: "Sommaire.\fEntretien de l'horloge communale.", text_source: "layer", ocr_pages: null });
    const nl = await insertRequest(db, { authority_id: other.id, user_id: user.id, language: "nl", title: "Openbare verlichting", body: "Graag het overzicht van de luminaires." });
    for (const id of [request.id, nl.id]) await indexRequest(db, new PostgresSearchBackend(db), id);
    Object.assign(ids, { request: request.id, slug: request.public_slug, attachment: pdf.id, message: reply.id, scan: scan.id, layer: layer.id });
  });

  it("answers /api/v1/search with results, filters and facets, and no e-mail address", async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/search?q=luminaires`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.total).toBe(2);
    expect(body.facets.authority).toEqual(
      expect.arrayContaining([
        { value: "ville-de-mons", count: 1 },
        { value: "stad-leuven", count: 1 },
      ]),
    );
    const pdf = body.results.find((r: { type: string }) => r.type === "attachment");
    expect(pdf).toMatchObject({ url: `${app.baseUrl}/requests/${ids.request}#attachment-${ids.attachment}`, file_type: "pdf", authority: { slug: "ville-de-mons" } });
    expect(pdf.snippet).toContain("<mark>luminaires</mark>");

    const filtered = await (await fetch(`${app.baseUrl}/api/v1/search?q=luminaires&region=flanders`)).json();
    expect(filtered.results.map((r: { authority: { slug: string } }) => r.authority.slug)).toEqual(["stad-leuven"]);

    const all = await (await fetch(`${app.baseUrl}/api/v1/search?q=secret OR requester OR merci OR luminaires OR éclairage`)).text();
    expect(all).not.toMatch(/secret\.requester|example\.org/);

    const bad = await fetch(`${app.baseUrl}/api/v1/search?q=x&page=zero&from=yesterday`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe("invalid_query");
    expect((await fetch(`${app.baseUrl}/api/v1/search`)).status).toBe(400);
    // A date of the right shape that no calendar has is refused, not sent to the database.
    const impossible = await fetch(`${app.baseUrl}/api/v1/search?q=luminaires&from=2017-13-45&to=2017-02-30`);
    expect(impossible.status).toBe(400);
    expect(JSON.stringify(await impossible.json())).toContain("is not a day of the calendar");
  });

  it("serves an Atom feed of a search that parses as XML", async () => {
    const response = await fetch(`${app.baseUrl}/search.atom?q=éclairage`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await response.text();
    const document = parseDocument(xml, { xmlMode: true });
    const [feed] = getElementsByTagName("feed", document.children);
    expect(feed.attribs.xmlns).toBe("http://www.w3.org/2005/Atom");
    const entries = getElementsByTagName("entry", feed.children);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const titles = entries.map((e) => textContent(getElementsByTagName("title", e.children)[0]));
    expect(titles).toContain("Éclairage public & <LED>");
    const links = entries.map((e) => (getElementsByTagName("link", e.children)[0] as Element).attribs.href);
    expect(links).toContain(`${app.baseUrl}/requests/${ids.request}#message-${ids.message}`);
    for (const e of entries) expect(Number.isNaN(Date.parse(textContent(getElementsByTagName("updated", e.children)[0])))).toBe(false);
  });

  it("renders the search page without JavaScript, with no-results suggestions and bad input handled", async () => {
    const html = await (await fetch(`${app.baseUrl}/search?q=luminaires&sort=date`)).text();
    expect(html).toContain(`href="/requests/${ids.request}#attachment-${ids.attachment}"`);
    expect(html).toContain("<mark>luminaires</mark>");
    expect(html).toContain('href="/search.atom?q=luminaires"');
    const none = await (await fetch(`${app.baseUrl}/search?q=zzzxqj`, { headers: { "Accept-Language": "en" } })).text();
    expect(none).toContain("No results for");
    const bad = await fetch(`${app.baseUrl}/search?q=a&year=abc`);
    expect(bad.status).toBe(400);
    const home = await (await fetch(`${app.baseUrl}/`)).text();
    expect(home).toMatch(/<form[^>]*action="\/search"/);
  });

  it("says a hit's text was recognised automatically, with its page, only when the passage is on a scanned page", async () => {
    const hitOf = (html: string, attachment: number) => {
      const items = getElementsByTagName("li", parseDocument(html).children).filter((li) => getElementsByTagName("a", li.children).some((a) => a.attribs.href === `/requests/${ids.request}#attachment-${attachment}`));
      expect(items).toHaveLength(1);
      return textContent(items[0]);
    };
    const page = async (q: string, lang = "fr") => (await fetch(`${app.baseUrl}/search?q=${q}`, { headers: { "Accept-Language": lang } })).text();
    // The word is on the scanned page 2: the hit says so, in the reader's language.
    const scanned = hitOf(await page("beffroi"), ids.scan);
    expect(scanned).toContain("page 2");
    expect(scanned).toContain("texte reconnu automatiquement");
    expect(hitOf(await page("beffroi", "en"), ids.scan)).toContain("text recognised automatically");
    // The same file's page 1 has its own text layer: no label.
    const layerPage = hitOf(await page("carillon"), ids.scan);
    expect(layerPage).toContain("page 1");
    expect(layerPage).not.toContain("reconnu automatiquement");
    // A PDF with a text layer never says it.
    const text = hitOf(await page("horloge"), ids.layer);
    expect(text).toContain("page 2");
    expect(text).not.toContain("reconnu automatiquement");
    // The JSON API carries the page and the flag.
    const api = await (await fetch(`${app.baseUrl}/api/v1/search?q=beffroi OR horloge`)).json();
    const byId = (id: number) => api.results.find((r: { url: string }) => r.url.endsWith(`#attachment-${id}`));
    expect(byId(ids.scan)).toMatchObject({ page: 2, text_recognised: true });
    expect(byId(ids.layer)).toMatchObject({ page: 2, text_recognised: false });
  });
});
