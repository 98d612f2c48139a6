import { translate, type Locale } from "../core/i18n/index";

/**
 * The directory and the law tables record where each fact comes from in the
 * words of whoever gathered it: internal file names
 * (`flanders_municipality_emails_candidate.csv: …`, `law/deadline-rules.md`),
 * English comments in brackets. A reader sees a source's name in their own
 * language instead: internal files become the name of what they are, web
 * addresses their host, and legal citations stay as the official texts
 * write them (those are proper names in the law's own language).
 */
export function sourceName(source: string | null | undefined, locale: Locale): string {
  if (!source) return "";
  if (/^flanders_municipality_emails_candidate\.csv\b/.test(source)) return translate(locale, "source.seedTable");
  if (/^lblod\//.test(source)) return translate(locale, "source.lblod");
  // The gatherer's "(…)" asides go first: some hold a ";" of their own.
  const names = source
    .replace(/\s*\([^)]*\)/g, "")
    .split(/\s*;\s*/)
    .map((part) => partName(part.trim(), locale))
    .filter((name) => name !== "");
  return [...new Set(names)].join(locale === "fr" ? " ; " : "; ");
}

function partName(part: string, locale: Locale): string {
  if (/\.(md|csv|ts|json)\b/.test(part) && !/\bhttps?:/.test(part)) return translate(locale, "source.research");
  const url = /^(?:https?:\/\/)?((?:[a-z0-9-]+\.)+(?:be|org|com|brussels|eu|net))\b/i.exec(part);
  if (url) return url[1].replace(/^www\./, "");
  // Drop the gatherer's ": explanation" tails.
  let name = part.replace(/:\s.*$/, "").trim();
  name = name
    .replace(/^Joint decree-ordinance\b/, translate(locale, "source.jointDecree"))
    .replace(/^CADA advi(?:ce|sory status)\b/, translate(locale, "source.cadaAdvice"))
    .replace(/\s+applied by analogy$/, "")
    .replace(/^Brussels regional staff statute\b/, translate(locale, "source.brusselsStatute"))
    .replace(/\s+CADA pages$/, "");
  return name;
}
