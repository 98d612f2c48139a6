import { describe, expect, it } from "vitest";
import { action as languageAction } from "../../app/routes/language";
import { languageAlternates } from "../../app/i18n/alternates";
import { varyByLanguage } from "../../app/i18n/vary";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";

describe("choosing the language by address", () => {
  it("lists the page in each language plus x-default, on the public address, without a language already set", () => {
    const links = languageAlternates("http://127.0.0.1:4000/authorities?q=gent&language=de#top", "https://dossier.example");
    expect(links).toEqual([
      { hrefLang: "fr", href: "https://dossier.example/authorities?q=gent&language=fr" },
      { hrefLang: "nl", href: "https://dossier.example/authorities?q=gent&language=nl" },
      { hrefLang: "de", href: "https://dossier.example/authorities?q=gent&language=de" },
      { hrefLang: "en", href: "https://dossier.example/authorities?q=gent&language=en" },
      { hrefLang: "x-default", href: "https://dossier.example/authorities?q=gent" },
    ]);
  });

  it("adds Cookie and Accept-Language to Vary once, keeping what was there", () => {
    expect(varyByLanguage(new Headers({ Vary: "Accept-Encoding" })).get("Vary")).toBe("Accept-Encoding, Cookie, Accept-Language");
    expect(varyByLanguage(new Headers({ Vary: "cookie" })).get("Vary")).toBe("cookie, Accept-Language");
    expect(varyByLanguage(new Headers({ Vary: "*" })).get("Vary")).toBe("*");
  });

  it("drops ?language= when the reader picks a language, so their choice wins", async () => {
    const context = { cspNonce: "n", config: { secret: "s".repeat(32) }, db: undefined } as never;
    const response = await languageAction({ request: new Request("http://x/language", { method: "POST", body: new URLSearchParams({ lang: "de", redirectTo: "/search?q=budget&lang=nl&language=nl" }) }), context, params: {} });
    expect(response.headers.get("Location")).toBe("/search?q=budget&lang=nl");
  });
});

describe("the served app by address", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);

  it("opens a shared link in the sender's language whatever the reader's cookie or browser says, without changing their choice", async () => {
    const response = await fetch(`${app.baseUrl}/authorities?language=nl`, { headers: { "Accept-Language": "de", Cookie: "lang=ImVuIg%3D%3D" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="nl"');
    expect(response.headers.get("Set-Cookie") ?? "").not.toMatch(/(^|,\s*)lang=/);
    // Without the parameter the reader's cookie (English) applies again.
    expect(await (await fetch(`${app.baseUrl}/authorities`, { headers: { Cookie: "lang=ImVuIg%3D%3D" } })).text()).toContain('<html lang="en"');
    // An unknown language on the address is ignored, not an error.
    expect(await (await fetch(`${app.baseUrl}/authorities?language=xx`, { headers: { "Accept-Language": "de" } })).text()).toContain('<html lang="de"');
  });

  it("declares that pages vary by cookie and language, and links each language version", async () => {
    const response = await fetch(`${app.baseUrl}/privacy`, { headers: { "Accept-Language": "fr" } });
    const vary = (response.headers.get("Vary") ?? "").toLowerCase();
    expect(vary).toContain("cookie");
    expect(vary).toContain("accept-language");
    const html = await response.text();
    for (const lang of ["fr", "nl", "de", "en"]) expect(html).toMatch(new RegExp(`<link rel="alternate" hrefLang="${lang}" href="[^"]*/privacy\\?language=${lang}"`, "i"));
    expect(html).toMatch(/<link rel="alternate" hrefLang="x-default" href="[^"]*\/privacy"/i);
    // The search's own `lang` filter is not the interface language.
    expect(await (await fetch(`${app.baseUrl}/search?q=x&lang=nl`, { headers: { "Accept-Language": "fr" } })).text()).toContain('<html lang="fr"');
  });
});
