import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locales, translate, translator, type MessageKey } from "../../core/i18n";
import { documentTypes, facetNames } from "../../core/search";
import { KINDS, LANGUAGES, REGIONS } from "../../authorities/vocabulary";
import { REGIMES } from "../../authorities/regimes";
import { explainRegime } from "../../authorities/regime-text";
import { sourceName } from "../../authorities/source-names";
import { parseCsv } from "../../authorities/csv";
import { REQUEST_STATES } from "../../requests/states";
import { reasonText } from "../../mail/reason-text";
import { facetLabelKey, facetValueLabel } from "../../app/search/facet-label";

const messagesDir = path.join(__dirname, "../../core/i18n/messages");

/** Every area file of the catalogue, as written (not as merged). */
async function areas(): Promise<Record<string, Record<string, Record<string, string>>>> {
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const file of readdirSync(messagesDir).filter((f) => f.endsWith(".ts"))) {
    const name = file.replace(/\.ts$/, "");
    const module = (await import(path.join(messagesDir, file))) as Record<string, unknown>;
    const area = Object.values(module).find((v) => v && typeof v === "object" && "en" in (v as object)) as Record<string, Record<string, string>> | undefined;
    if (area) out[name] = area;
  }
  return out;
}

function placeholders(text: string): string[] {
  // Names used anywhere (plural branches included), sorted and unique.
  return [...new Set([...text.matchAll(/\{(\w+)(?:[},])/g)].map((m) => m[1]).filter((n) => !/^(one|other|few|many|zero|two)$/.test(n)))].sort();
}

/** Numbers shown next to a noun need plural forms; these few are not followed by a noun in some language. */
const numberPlaceholder = /^(count|days|total|minutes|hours|n)$/;
const noPluralNeeded = new Set(["authority.law.officesClosed", "escalation.letter.heading", "email.alert.more", "batches.page.progress"]);

describe("the catalogue in four languages", () => {
  it("has every key in every language, non-empty, with the same placeholders", async () => {
    const problems: string[] = [];
    const counts: Record<string, number> = {};
    for (const [name, area] of Object.entries(await areas())) {
      const keys = new Set(locales.flatMap((l) => Object.keys(area[l] ?? {})));
      for (const locale of locales) {
        counts[locale] = (counts[locale] ?? 0) + Object.keys(area[locale] ?? {}).length;
        for (const key of keys) {
          const text = area[locale]?.[key];
          if (typeof text !== "string" || text.trim() === "") problems.push(`${name}: ${key} missing in ${locale}`);
          else if (placeholders(text).join() !== placeholders(area.en[key] ?? "").join()) problems.push(`${name}: ${key} in ${locale} has placeholders ${placeholders(text)} but en has ${placeholders(area.en[key] ?? "")}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The same number of keys in each language (the note records them).
    expect(new Set(Object.values(counts)).size).toBe(1);
  });

  it("puts every number shown next to a noun in a plural form", async () => {
    const bare: string[] = [];
    for (const area of Object.values(await areas())) {
      for (const locale of locales) {
        for (const [key, text] of Object.entries(area[locale] ?? {})) {
          if (noPluralNeeded.has(key)) continue;
          const outsidePlural = text.replace(/\{\w+,\s*plural,(?:[^{}]|\{[^{}]*\})*\}/g, "");
          for (const m of outsidePlural.matchAll(/\{(\w+)\}/g)) if (numberPlaceholder.test(m[1])) bare.push(`${locale} ${key}: {${m[1]}}`);
        }
      }
    }
    expect(bare).toEqual([]);
    expect(translate("fr", "form.rateLimited", { minutes: 1 })).toBe("Trop de tentatives. Patientez 1 minute puis réessayez.");
    expect(translate("de", "email.reminder.appeal_deadline.subject", { days: 1, title: "Budget" })).toBe("Nur noch 1 Tag für Ihre Beschwerde: Budget");
    expect(translate("nl", "watch.stats.basedOn", { n: 1 })).toBe("van 1 verzoek");
  });
});

describe("no raw value reaches a page", () => {
  it("names every facet value of every closed vocabulary in every language", () => {
    const vocabularies: Partial<Record<(typeof facetNames)[number], readonly string[]>> = {
      kind: KINDS,
      state: REQUEST_STATES,
      region: REGIONS,
      language: [...LANGUAGES, "en"],
      fileType: ["pdf", "word", "spreadsheet", "odt", "presentation", "html", "text", "image", "archive", "email", "other"],
      hasAttachments: ["true", "false"],
    };
    const raw: string[] = [];
    for (const locale of locales) {
      const t = translator(locale);
      for (const [facet, values] of Object.entries(vocabularies)) {
        for (const value of values!) {
          const key = facetLabelKey(facet as (typeof facetNames)[number], value)!;
          const label = facetValueLabel(t, facet as (typeof facetNames)[number], value);
          if (translate(locale, key) === key || label === value || label.includes("_")) raw.push(`${locale} ${facet}=${value} → ${label}`);
        }
      }
      for (const type of documentTypes) if (translate(locale, `search.type.${type}` as MessageKey) === `search.type.${type}`) raw.push(`${locale} type=${type}`);
    }
    expect(raw).toEqual([]);
  });

  it("shows an unknown facet value as 'Other (…)' in the reader's language, not bare", () => {
    expect(facetValueLabel(translator("nl"), "kind", "martian_embassy")).toBe("Andere (martian_embassy)");
  });

  it("never shows an internal file name or an English aside as a source, for any regime or directory entry", () => {
    const leaks: string[] = [];
    const directory = parseCsv(readFileSync(path.join(__dirname, "../../authorities/data/authorities.csv"), "utf8"));
    const emailSources = new Set(directory.rows.map((row) => row.values.email_source).filter(Boolean));
    for (const locale of locales) {
      for (const source of emailSources) {
        const name = sourceName(source, locale);
        if (/\.(csv|md)\b|commit|candidate|not verified|repository/.test(name) || name === "") leaks.push(`${locale}: ${source} → ${name}`);
      }
      for (const regimeId of Object.keys(REGIMES) as (keyof typeof REGIMES)[]) {
        for (const line of explainRegime(regimeId, locale, { languages: ["fr"], language_facilities: [] }).assumptions) {
          if (/\.(csv|md)\b|assumption;|applied by analogy|days from the day/.test(line)) leaks.push(`${locale} ${regimeId}: ${line}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(sourceName("flanders_municipality_emails_candidate.csv: candidate address from a public seed table (town_mail_addresses, repository unidentified); not verified", "fr")).toBe(
      "une liste publique d’adresses e-mail communales, non vérifiée",
    );
    expect(sourceName("law/deadline-rules.md; Code judiciaire art. 53 applied by analogy (law/belgian-access-law.md §11.2)", "de")).toBe("Dossiers juristische Recherchenotizen; Code judiciaire art. 53");
  });

  it("gives the holding pen's routing reasons in the administrator's language", () => {
    expect(reasonText("no valid reply address and no known thread", "nl")).toBe("Geen geldig antwoordadres en geen gekend gesprek.");
    expect(reasonText("addressed to request-42-… with a wrong or missing code", "fr")).toBe("Adressé à la demande 42 avec un code erroné ou manquant.");
    expect(reasonText("sender's domain namur.be is the authority's; its most recent request", "de")).toContain("(namur.be)");
    // An unknown reason is labelled as the server's English note, never passed off as translated.
    expect(reasonText("something new", "fr")).toBe("Motif noté par le serveur de courrier (en anglais) : something new");
  });
});
