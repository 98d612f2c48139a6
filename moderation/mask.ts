import { transformHtmlText, type TextRange } from "./html-text";
import type { Locale } from "../core/i18n/locales";

/**
 * Masking of published text: our request reply addresses, other e-mail
 * addresses and phone numbers never appear on public pages, in the API or in
 * the search index. Stored and indexed text carries language-neutral tokens
 * (`⟦phone⟧`); `displayMasks` turns them into words of the reader's language.
 *
 * Phone detection is deliberately shaped by Belgian usage so that dates,
 * amounts, postcodes, NIS codes, enterprise (KBO/BCE) numbers, IBANs and
 * article numbers are left alone; see test/moderation/mask.test.ts for the
 * cases on each side.
 */

export type MaskKind = "request-email" | "email" | "phone";
export type MaskLocale = Locale;

export const MASK_TOKENS: Record<MaskKind, string> = {
  "request-email": "⟦request-email⟧",
  email: "⟦email⟧",
  phone: "⟦phone⟧",
};

export const MASK_LABELS: Record<MaskLocale, Record<MaskKind, string>> = {
  fr: { "request-email": "[e-mail de la demande]", email: "[adresse e-mail]", phone: "[numéro de téléphone]" },
  nl: { "request-email": "[e-mailadres van de aanvraag]", email: "[e-mailadres]", phone: "[telefoonnummer]" },
  de: { "request-email": "[E-Mail-Adresse des Antrags]", email: "[E-Mail-Adresse]", phone: "[Telefonnummer]" },
  en: { "request-email": "[request e-mail]", email: "[e-mail address]", phone: "[phone number]" },
};

export interface MaskMatch extends TextRange {
  kind: MaskKind;
}

// ---------------------------------------------------------------- e-mail

// Our reply addresses (mail/reply-address.ts), tolerating the l/1 and o/0
// typos the router tolerates: anything that could still reach a request.
const REQUEST_TOKEN = /request-[0-9lo]{1,12}-(?:[0-9a-flo]{16}|[0-9a-flo]{8})(?![0-9a-z])/i;
const LOCAL = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.-]+";
const DOMAIN = "(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+[\\p{L}]{2,24}";
// "jean.dupont [at] commune.be", "jean(at)commune(dot)be".
const AT = "(?:@|\\s?[\\[(]\\s?(?:at|arobase|apenstaartje)\\s?[\\])]\\s?|\\s?@\\s?)";
const DOT = "(?:\\.|\\s?[\\[(]\\s?(?:dot|point|punt|punkt)\\s?[\\])]\\s?)";
const OBFUSCATED_DOMAIN = `(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?${DOT})+[\\p{L}]{2,24}`;
// The look-behind excludes every character LOCAL takes, so a match can only
// start where a run of them starts: a long run without "@" is scanned once,
// not once from each of its positions (that was quadratic on "a!a!a!…").
const EMAIL = new RegExp(`(?<![\\p{L}\\p{N}_!#$%&'*+/=?^\`{|}~.-])${LOCAL}${AT}(?:${DOMAIN}|${OBFUSCATED_DOMAIN})(?![\\p{L}\\p{N}_-])`, "giu");
const BARE_REQUEST_TOKEN = new RegExp(`(?<![\\p{L}\\p{N}_])${REQUEST_TOKEN.source}`, "giu");

function findEmails(text: string): MaskMatch[] {
  const out: MaskMatch[] = [];
  for (const m of text.matchAll(EMAIL)) {
    let value = m[0];
    // A sentence's final dot is not part of the domain.
    value = value.replace(/\.+$/, "");
    const kind: MaskKind = REQUEST_TOKEN.test(value) ? "request-email" : "email";
    const start = m.index ?? 0;
    out.push({ start, end: start + value.length, kind, replacement: MASK_TOKENS[kind] });
  }
  for (const m of text.matchAll(BARE_REQUEST_TOKEN)) {
    const start = m.index ?? 0;
    out.push({ start, end: start + m[0].length, kind: "request-email", replacement: MASK_TOKENS["request-email"] });
  }
  return out;
}

// ---------------------------------------------------------------- phones

const SPACE = "[ \\u00a0\\u202f]";
// One separator between digit groups: a space, or . / - with optional spaces.
const SEP = `(?:${SPACE}?[./-]${SPACE}?|${SPACE})`;
const GROUP = "(?:\\(\\d{1,4}\\)|\\d+)";
// A run of digit groups, optionally led by + (international).
const RUN = new RegExp(`(?<![\\p{L}\\p{N}_.,/+-])(?:\\+${SPACE}?)?${GROUP}(?:(?:${SEP}?\\(0\\)${SPACE}?|${SEP})${GROUP})*`, "gu");
const IBAN_BEFORE = /\b[A-Z]{2}\d{2}(?:[ \u00a0]?\d{4})*[ \u00a0]?$/;

// Words that announce an enterprise number, VAT number, bank account,
// national register number or legal reference: digits after them are not phones.
const NOT_A_PHONE_BEFORE =
  /(?:\b(?:kbo|bce|tva|btw|mwst|vat|ust|rpm|rpr|iban|bic|nis|ins|n°\s?d'entreprise|num[ée]ro\s+d'entreprise|ondernemingsnummer|unternehmensnummer|enterprise\s+number|company\s+number|compte|rekening|konto|account|registre\s+national|rijksregister|nationalregister|national\s+register|art(?:icle|ikel)?s?\.?|§|moniteur|staatsblad|m\.b\.|b\.s\.|réf(?:érence)?\.?|ref\.?|kenmerk|aktenzeichen|dossier\s+n°?)|\bBE)[\s:.°n-]*$/i;

interface Group {
  raw: string;
  digits: string;
  start: number;
  end: number;
  sepBefore: string;
  paren: boolean;
}

function splitRun(run: string, offset: number): Group[] {
  const groups: Group[] = [];
  const re = /\+?\(\d{1,4}\)|\+?\d+/g;
  let last = 0;
  for (const m of run.matchAll(re)) {
    const index = m.index ?? 0;
    groups.push({
      raw: m[0],
      digits: m[0].replace(/\D/g, ""),
      start: offset + index,
      end: offset + index + m[0].length,
      sepBefore: run.slice(last, index),
      paren: m[0].includes("("),
    });
    last = index + m[0].length;
  }
  return groups;
}

const isSpace = (s: string) => /^[ \u00a0\u202f]$/.test(s);

/** Groups after the area code: all of two or three digits, or one block of the rest. */
function nationalGrouping(rest: Group[], restDigits: number): boolean {
  if (rest.length === 0) return true;
  if (rest.length === 1) return rest[0].digits.length >= 6 && rest[0].digits.length === restDigits;
  return rest.every((g) => g.digits.length === 2 || g.digits.length === 3) ||
    // 0800 12 345, 02 123 4567
    (rest.slice(0, -1).every((g) => g.digits.length === 2 || g.digits.length === 3) && rest[rest.length - 1].digits.length === 4 && rest.length === 2);
}

/** A Belgian number written nationally: 02 123 45 67, 0470/12.34.56, 081 22 33 44. */
function isBelgianNational(groups: Group[]): boolean {
  if (groups.some((g) => g.paren || g.raw.startsWith("+"))) return false;
  const digits = groups.map((g) => g.digits).join("");
  if (!/^0[1-9]/.test(digits)) return false;
  if (digits.length === 10 ? !/^04[5-9]/.test(digits) : digits.length !== 9) return false;
  const [first, ...rest] = groups;
  if (groups.length === 1) return true; // 0470123456, 021234567
  if (first.digits.length < 2 || first.digits.length > 4) return false;
  // 0207.373.429: the dotted 4-3-3 shape of enterprise numbers.
  if (groups.length === 3 && first.digits.length === 4 && rest.every((g) => g.digits.length === 3) && rest.every((g) => g.sepBefore.trim() === ".")) return false;
  return nationalGrouping(rest, digits.length - first.digits.length);
}

/** +32 2 123 45 67, 0032 (0)470 12 34 56, +33 1 23 45 67 89, +1 (202) 555-0143. */
function isInternational(groups: Group[]): boolean {
  const first = groups[0];
  let all = groups.map((g) => g.digits).join("");
  const plus = first.raw.startsWith("+");
  if (!plus) {
    if (!/^00[1-9]/.test(all)) return false;
    all = all.slice(2);
    // 00 then the country code must stand out as its own group: "0032 2…", "0049 30…".
    if (first.digits.length < 3 || first.digits.length > 5) return false;
  }
  if (groups.length > 1 && groups.some((g) => g.digits.length > 10)) return false;
  // The "(0)" trunk prefix some write after the country code does not count.
  const withoutTrunk = groups.filter((g, i) => !(i > 0 && g.raw === "(0)")).map((g) => g.digits).join("").replace(/^00/, plus ? "00" : "");
  const significant = plus ? withoutTrunk : withoutTrunk.slice(2);
  if (significant.startsWith("32")) {
    const national = significant.slice(2);
    return national.length === 8 || (national.length === 9 && national.startsWith("4"));
  }
  return significant.length >= 8 && significant.length <= 15;
}

const MAX_PHONE_GROUPS = 12;

function findPhones(text: string): MaskMatch[] {
  const out: MaskMatch[] = [];
  for (const m of text.matchAll(RUN)) {
    const runStart = m.index ?? 0;
    const groups = splitRun(m[0], runStart);
    let i = 0;
    while (i < groups.length) {
      // A number starts the run, or follows a plain space inside it.
      const canStart = i === 0 || isSpace(groups[i].sepBefore);
      const head = groups[i];
      if (!canStart || !(head.raw.startsWith("+") || head.digits.startsWith("0"))) {
        i++;
        continue;
      }
      const before = text.slice(Math.max(0, head.start - 40), head.start);
      // "BE 0207 373 429", "art. 0…", an IBAN's digit blocks.
      if (NOT_A_PHONE_BEFORE.test(before) || IBAN_BEFORE.test(before)) {
        i++;
        continue;
      }
      let found = -1;
      // No phone number has more groups than this: trying longer slices of a
      // long run of digit groups ("0 0 0 0 …") made this loop cubic.
      for (let j = Math.min(groups.length, i + MAX_PHONE_GROUPS); j > i; j--) {
        const slice = groups.slice(i, j);
        // The run may continue after the number with digits that are not part of it.
        if (j < groups.length && !isSpace(groups[j].sepBefore)) continue;
        const after = text.slice(groups[j - 1].end, groups[j - 1].end + 2);
        if (/^[\p{L}\p{N}_]|^[.,]\d/u.test(after)) continue;
        if (isBelgianNational(slice) || isInternational(slice)) {
          found = j;
          break;
        }
      }
      if (found === -1) {
        i++;
        continue;
      }
      out.push({ start: head.start, end: groups[found - 1].end, kind: "phone", replacement: MASK_TOKENS.phone });
      i = found;
    }
  }
  return out;
}

// ---------------------------------------------------------------- public API

/** Everything to mask in `text`, without overlaps, in order. */
export function findMasks(text: string): MaskMatch[] {
  const emails = findEmails(text);
  const taken = (start: number, end: number, list: MaskMatch[]) => list.some((r) => start < r.end && end > r.start);
  const merged: MaskMatch[] = [];
  for (const e of emails.sort((a, b) => a.start - b.start || b.end - a.end)) if (!taken(e.start, e.end, merged)) merged.push(e);
  for (const p of findPhones(text)) if (!taken(p.start, p.end, merged)) merged.push(p);
  return merged.sort((a, b) => a.start - b.start);
}

export function applyRanges(text: string, ranges: TextRange[]): string {
  let out = "";
  let cursor = 0;
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    if (r.start < cursor) continue;
    out += text.slice(cursor, r.start) + r.replacement;
    cursor = r.end;
  }
  return out + text.slice(cursor);
}

/** Masks addresses and phone numbers in plain text, leaving tokens (⟦phone⟧). */
export function maskText(text: string): string {
  return applyRanges(text, findMasks(text));
}

/** True when `text` still holds something that masking would hide. */
export function hasMaskable(text: string): boolean {
  return findMasks(text).length > 0;
}

function maskUrl(tag: string, name: string, value: string): string | null {
  if (name === "href" || name === "src" || name === "action" || name === "cite") {
    const v = value.trim().toLowerCase();
    // A mailto: or tel: link can only carry what we hide: drop the link, keep its text.
    if (v.startsWith("mailto:") || v.startsWith("tel:") || v.startsWith("callto:") || v.startsWith("sms:")) return null;
    let decoded = value;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // keep as is
    }
    return findMasks(decoded).length ? null : value;
  }
  if (tag && (name === "title" || name === "alt" || name === "name" || name === "id" || name.startsWith("data-") || name === "aria-label")) {
    return maskText(value);
  }
  return value;
}

/** Masks the text nodes, mailto:/tel: links and attributes of sanitized HTML. */
export function maskHtml(html: string): string {
  return transformHtmlText(html, findMasks, { attribute: maskUrl });
}

/** Replaces mask tokens with the reader's words ("[numéro de téléphone]"). */
export function displayMasks(text: string, locale: MaskLocale): string {
  const labels = MASK_LABELS[locale] ?? MASK_LABELS.en;
  return text
    .replaceAll(MASK_TOKENS["request-email"], labels["request-email"])
    .replaceAll(MASK_TOKENS.email, labels.email)
    .replaceAll(MASK_TOKENS.phone, labels.phone);
}
