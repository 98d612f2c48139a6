/**
 * Text helpers every room needs. Accent folding lives here once: "Liège",
 * "LIEGE" and "liege" compare equal after `foldForMatch`.
 */

/** Removes combining marks after canonical decomposition: "é" → "e", "Ü" → "U". Case is kept. */
export function foldAccents(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}

/** Accent- and case-insensitive form for comparisons and keys. */
export function foldForMatch(text: string): string {
  return foldAccents(text).toLowerCase();
}

/** A URL-safe slug: folded, lower case, runs of other characters as one hyphen. */
export function slugify(text: string, maxLength = 80): string {
  return foldForMatch(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
}
