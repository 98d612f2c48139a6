/**
 * Text helpers every room needs. Accent folding lives here once: "Liège",
 * "LIEGE" and "liege" compare equal after `foldForMatch`.
 */

/** Removes combining marks after canonical decomposition: "é" → "e", "Ü" → "U". Case and length of base letters are kept. */
export function foldAccents(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}

/** Whether a character of an NFD string is a combining mark (what `foldAccents` drops). */
export function isCombiningMark(char: string): boolean {
  return /\p{M}/u.test(char);
}

/** Letters that fold to two: "Straße" → "Strasse", "Œuvre" → "OEuvre"… */
export function expandLigatures(text: string): string {
  return text.replace(/ß/g, "ss").replace(/æ/g, "ae").replace(/Æ/g, "AE").replace(/œ/g, "oe").replace(/Œ/g, "OE");
}

/** Accent-, ligature- and case-insensitive form for comparisons and keys. */
export function foldForMatch(text: string): string {
  return expandLigatures(foldAccents(text)).toLowerCase();
}

/** A URL-safe slug: folded, lower case, runs of other characters as one hyphen, at most `maxLength` characters. */
export function slugify(text: string, maxLength = Infinity): string {
  return foldForMatch(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
}

/**
 * Bidirectional controls (embeddings, overrides, isolates, LRM/RLM, ALM):
 * "invoice\u202Efdp.exe" would be drawn as "invoiceexe.pdf". Removed from
 * every name and subject a page shows; the letters themselves stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

/**
 * Characters of a message body a page or the JSON API publishes; the rest is
 * behind "show the full message" (issue 18: a 26 MB reply made a 53 MB page).
 */
export const PUBLISHED_BODY_CAP = 100_000;

/** `text` cut at `cap` characters (never inside a surrogate pair), with its full length. */
export function capText(text: string, cap = PUBLISHED_BODY_CAP): { text: string; total: number; truncated: boolean } {
  if (text.length <= cap) return { text, total: text.length, truncated: false };
  let end = cap;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? "")) end -= 1;
  return { text: text.slice(0, end), total: text.length, truncated: true };
}
