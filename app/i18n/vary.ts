/**
 * What a page's HTML depends on besides its address: the language comes from
 * the `lang` cookie or Accept-Language (unless `?language=` is on the address),
 * and the signed-in reader from the session cookie. Every HTML response
 * declares it (app/entry.server.tsx), so a shared cache never serves one
 * reader's language or page to another. Anything that adds caching headers
 * to pages (ETag, Cache-Control) should keep this Vary and use this list.
 */
export const LANGUAGE_VARY = ["Cookie", "Accept-Language"] as const;

/** Adds LANGUAGE_VARY to a response's `Vary`, keeping what is already there. */
export function varyByLanguage(headers: Headers): Headers {
  const present = (headers.get("Vary") ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  if (present.includes("*")) return headers;
  const lower = new Set(present.map((v) => v.toLowerCase()));
  const merged = [...present, ...LANGUAGE_VARY.filter((v) => !lower.has(v.toLowerCase()))];
  headers.set("Vary", merged.join(", "));
  return headers;
}
