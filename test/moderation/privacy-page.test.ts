import { describe, expect, it } from "vitest";
import { translate } from "../../core/i18n/index";
import { MASK_LABELS } from "../../moderation/mask";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";

describe("privacy page", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);

  it("explains the cookies and what is published, in four languages, linked from every page", async () => {
    const titles = { fr: "Vie privée", nl: "Privacy", de: "Datenschutz", en: "Privacy" };
    for (const [lang, title] of Object.entries(titles)) {
      const response = await fetch(app.baseUrl + "/privacy", { headers: { "Accept-Language": lang } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<h1>${title}</h1>`);
      for (const cookie of ["lang", "dossier_session", "dossier_csrf"]) expect(html).toContain(`<code>${cookie}</code>`);
      expect(html).toContain(`lang="${lang}"`);
    }
    const home = await (await fetch(app.baseUrl + "/", { headers: { "Accept-Language": "nl" } })).text();
    expect(home).toMatch(/<a[^>]*href="\/privacy"[^>]*>Privacy<\/a>/);
  });

  it("uses the same words for masked content as the interface", () => {
    for (const locale of ["fr", "nl", "de", "en"] as const) {
      expect(translate(locale, "mask.phone")).toBe(MASK_LABELS[locale].phone);
      expect(translate(locale, "mask.email")).toBe(MASK_LABELS[locale].email);
      expect(translate(locale, "mask.requestEmail")).toBe(MASK_LABELS[locale]["request-email"]);
    }
  });
});
