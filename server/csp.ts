/**
 * The Content-Security-Policy of every page. `scripts` are the extra
 * script sources: this response's `'nonce-…'`, or for a page kept by the
 * page cache the `'sha256-…'` hashes of its own inline scripts
 * (server/page-cache.ts, docs/decisions/914).
 */
export function contentSecurityPolicy(scripts: string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scripts].join(" "),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
