import { beforeAll, describe, expect, it } from "vitest";
import { loadBundledDirectory } from "../../authorities/bundled";
import { importDirectory } from "../../authorities/import";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();
const app = useTestApp(database);
beforeAll(async () => {
  await importDirectory(database.db, loadBundledDirectory().map((r) => r.row));
});

const get = (path: string, lang = "fr") => fetch(app.baseUrl + path, { headers: { "Accept-Language": lang }, redirect: "manual" });

describe("directory pages (served app, no JavaScript)", () => {
  it("finds an authority by a misspelt name and links to its page", async () => {
    const res = await get("/authorities?q=molenbek");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/authorities/commune-molenbeek-saint-jean"');
    expect(html).toMatch(/<label for="q">Nom de l(&#x27;|')autorité<\/label>/);
  });

  it("filters by region and kind and browses by letter", async () => {
    const html = await (await get("/authorities?region=german_community&kind=commune", "de")).text();
    expect(html).toContain('href="/authorities/commune-eupen"');
    expect(html).not.toContain('href="/authorities/commune-liege"');
    const letter = await (await get("/authorities?letter=z")).text();
    expect(letter).toContain('href="/authorities/commune-zaventem"');
  });

  it("shows an authority without e-mail, its law in plain words, and the proposal form, in Dutch", async () => {
    const res = await get("/authorities/cpas-liege", "nl");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("OCMW Luik");
    expect(html).toContain("We kennen het e-mailadres");
    expect(html).toContain("Commissie voor de toegang tot bestuursdocumenten");
    expect(html).toContain("support.cada@spw.wallonie.be");
    expect(html).toContain('<label for="email">');
    expect(html).toContain('href="/authorities/commune-liege"');
  });

  it("shows a Flemish OCMW's editorial notes translated into French and German", async () => {
    const fr = await (await get("/authorities/ocmw-gent", "fr")).text();
    const frNotes = fr.slice(fr.indexOf('<details id="notes">'));
    expect(frNotes).toContain("Notes sur cette fiche");
    expect(frNotes).toMatch(/Centre public d(&#x27;|')action sociale \(OCMW\) ; intégré depuis 2019/);
    expect(frNotes).toContain("Numéro BCE et adresse du siège issus du registre flamand des organisations");
    expect(frNotes).not.toContain("Public social welfare centre");
    expect(frNotes).not.toContain('lang="en">');
    expect(frNotes).toContain('href="/authorities/ocmw-gent?language=en#notes"');
    expect(fr).toMatch(/<html lang="fr"/);
    const de = await (await get("/authorities/ocmw-gent", "de")).text();
    expect(de).toMatch(/<html lang="de"/);
    expect(de).toContain("seit 2019 in die Gemeindeverwaltung eingegliedert");
    expect(de).toContain("ZDU-Nummer und Sitzanschrift aus dem flämischen Organisationsregister");
    const en = await (await get("/authorities/ocmw-gent", "en")).text();
    expect(en).toContain("Public social welfare centre (OCMW); since 2019 integrated");
  });

  it("shows an untranslated sentence in English, marked as such, next to the translated ones", async () => {
    // Every sentence of the bundled notes is translated; a note edited since may hold one that is not.
    const { notes: bundled } = await database.db.selectFrom("authorities").select("notes").where("slug", "=", "abb").executeTakeFirstOrThrow();
    await database.db.updateTable("authorities").set({ notes: `${bundled} Reviews every merger file by hand.` }).where("slug", "=", "abb").execute();
    const html = await (await get("/authorities/abb", "nl")).text();
    const notes = html.slice(html.indexOf('<details id="notes">'));
    expect(notes).toMatch(/<span lang="en">Reviews every merger file by hand\.<\/span> <em class="note-in-english">\(in het Engels\)<\/em>/);
    expect(notes).toContain("Houdt toezicht op de lokale besturen; beheert het organisatieportaal (OP) en het Loket Lokale Besturen.");
    expect(notes).toContain("Website niet gecontroleerd.");
    expect(notes).toContain("Bestaan en naam gecontroleerd aan de hand van: GitHub lblod/app-organization-portal");
  });

  it("explains the Brussels working days in German", async () => {
    const html = await (await get("/authorities/commune-bruxelles", "de")).text();
    expect(html).toContain("20 Werktagen");
    expect(html).toContain("Irisfest");
  });

  it("refuses a bad proposal with a message and stores a good one", async () => {
    // The authority page is kept for anonymous visitors (decision 914): its form's token is empty and
    // the SameSite=Strict form cookie the page sets vouches for the post instead.
    const page = await fetch(app.baseUrl + "/authorities/cpas-namur");
    const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    expect(cookie).not.toBe("");
    const csrf = (await page.text()).match(/name="csrf" value="([^"]*)"/)![1];
    const post = (fields: Record<string, string>) =>
      fetch(app.baseUrl + "/authorities/cpas-namur", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en", Cookie: cookie },
        body: new URLSearchParams({ ...fields, csrf }),
        redirect: "manual",
      });
    expect((await fetch(app.baseUrl + "/authorities/cpas-namur", { method: "POST", body: new URLSearchParams({ email: "info@cpasnamur.be" }), redirect: "manual" })).status).toBe(403);
    const bad = await post({ email: "not an address" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Enter an e-mail address");
    const good = await post({ email: "info@cpasnamur.be", source: "https://www.cpasnamur.be" });
    expect(good.status).toBe(303);
    expect(good.headers.get("Location")).toContain("/authorities/cpas-namur?proposed=1");
    const rows = await database.db.selectFrom("change_proposals").select(["value", "status"]).execute();
    expect(rows).toEqual([{ value: "info@cpasnamur.be", status: "pending" }]);
  });

  it("answers 404 for an unknown authority", async () => {
    expect((await get("/authorities/nowhere")).status).toBe(404);
  });
});

describe("JSON API", () => {
  it("/api/v1/authorities?q=&region=&kind=", async () => {
    const res = await get("/api/v1/authorities?q=FOD%20Financi%C3%ABn&region=federal");
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const body = await res.json();
    expect(body.items[0]).toMatchObject({ slug: "fps-finance", kind: "federal_service", regime: "federal" });
    const police = await (await get("/api/v1/authorities?kind=police_zone&per_page=100&page=2")).json();
    expect(police.total).toBe(176);
    expect(police.items).toHaveLength(76);
  });

  it("/api/v1/authorities/:slug", async () => {
    const body = await (await get("/api/v1/authorities/ocmw-gent")).json();
    expect(body).toMatchObject({ slug: "ocmw-gent", parent_slug: "commune-gent", regime: "flanders", access_regime: { appeal_body: { id: "beroepsinstantie-ovb", email: "openbaarheid@vlaanderen.be" } } });
    const missing = await get("/api/v1/authorities/nowhere");
    expect(missing.status).toBe(404);
  });
});
