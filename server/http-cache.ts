import { createHash } from "node:crypto";
import type express from "express";

/**
 * HTTP caching of pages and API answers (docs/decisions/912).
 *
 * - A visitor signed in (session cookie) gets `Cache-Control: no-store`
 *   on every page: what they see may be private.
 * - An anonymous view of a page gets an `ETag` and `Cache-Control:
 *   private, no-cache` with `Vary: Cookie, Accept-Language` (the language
 *   comes from the `lang` cookie or the browser's preference): the
 *   browser keeps it and asks again each time; an unchanged page answers
 *   `304 Not Modified` without a body. Never `public`: a page carries the
 *   visitor's CSRF token and a per-response CSP nonce, which a shared cache
 *   must not hand to someone else.
 * - JSON and feeds keep the `Cache-Control` their route chose (public, a
 *   minute or five) and get an `ETag` and 304 too.
 * - A route that chose `no-store` or `private` itself keeps it.
 *
 * The ETag hashes the body with this response's CSP nonce taken out (it
 * changes on every response). A 304 carries no Content-Security-Policy:
 * the browser keeps the one stored with the body, whose nonce matches it.
 *
 * Wherever there is an ETag there is a `Last-Modified` too: the time this
 * web process first served the current representation (the URL, with the
 * request headers the response varies on) after it last changed, kept for
 * the latest `LAST_MODIFIED_ENTRIES` representations. Each web process
 * keeps its own, so the date is used as an exact validator: a request
 * without If-None-Match (which wins when both are sent, RFC 9110 13.1.3)
 * gets a 304 only when its If-Modified-Since is the very date this process
 * gave the current representation (and it did not change again within that
 * second); any other date gets the page. Two web processes can date two
 * different representations with the same second; only a client that sends
 * dates but no ETag could then be told "not modified" wrongly
 * (docs/decisions/912).
 */
export function httpCaching(options: {
  sessionCookie: string;
  nonceOf: (res: express.Response) => string | undefined;
  lastModifiedEntries?: number;
  now?: () => number;
  /** The anonymous page cache (server/page-cache.ts): shapes a whole page before it is tagged, then keeps it. */
  page?: {
    prepare: (req: express.Request, res: express.Response, body: Buffer) => Buffer;
    keep: (req: express.Request, res: express.Response, body: Buffer) => void;
  };
}): express.RequestHandler {
  // On https the session cookie is named __Host-<name> (app/auth/session.server.ts cookieName).
  const signedIn = (req: express.Request) =>
    (req.headers.cookie ?? "").split(";").some((part) => part.trim().startsWith(`${options.sessionCookie}=`) || part.trim().startsWith(`__Host-${options.sessionCookie}=`));
  const lastModified = new LastModified(options.lastModifiedEntries ?? LAST_MODIFIED_ENTRIES, options.now ?? Date.now);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => express.Response;
    const toBuffer = (chunk: unknown, encoding?: unknown) =>
      Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    let passThrough: boolean | undefined;
    /** Decided once, when the route's headers are known: only complete 200 answers are buffered and tagged. */
    const decide = () => {
      if (passThrough !== undefined) return passThrough;
      const type = String(res.getHeader("Content-Type") ?? "");
      const chosen = String(res.getHeader("Cache-Control") ?? "");
      const page = type.startsWith("text/html");
      if (page) res.setHeader("Vary", appendVary(res.getHeader("Vary"), ["Cookie", "Accept-Language"]));
      if (signedIn(req) && (page || !/\bpublic\b/.test(chosen))) {
        res.setHeader("Cache-Control", "no-store");
        return (passThrough = true);
      }
      if (/no-store/.test(chosen) || res.statusCode !== 200 || !(page || /json|xml/.test(type))) return (passThrough = true);
      if (page && !chosen) res.setHeader("Cache-Control", "private, no-cache");
      return (passThrough = false);
    };
    res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      if (decide()) return write(chunk, encoding, callback);
      chunks.push(toBuffer(chunk, encoding));
      if (typeof encoding === "function") (encoding as () => void)();
      else if (typeof callback === "function") (callback as () => void)();
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      if (decide()) return end(chunk, encoding, callback);
      if (chunk !== undefined && chunk !== null && typeof chunk !== "function") chunks.push(toBuffer(chunk, encoding));
      let body: Buffer = Buffer.concat(chunks);
      if (options.page) body = options.page.prepare(req, res, body);
      const nonce = options.nonceOf(res);
      const hash = createHash("sha1");
      if (nonce) for (const part of body.toString("latin1").split(nonce)) hash.update(part, "latin1");
      else hash.update(body);
      const etag = `W/"${hash.digest("base64url")}"`;
      res.setHeader("ETag", etag);
      const modified = lastModified.of(representationKey(req, res), etag);
      res.setHeader("Last-Modified", modified.since);
      options.page?.keep(req, res, body);
      const ifNoneMatch = req.headers["if-none-match"];
      if (ifNoneMatch ? matches(ifNoneMatch, etag) : modified.exact && req.headers["if-modified-since"] === modified.since) {
        res.statusCode = 304;
        res.removeHeader("Content-Security-Policy");
        res.removeHeader("Content-Type");
        res.removeHeader("Content-Length");
        body = Buffer.alloc(0);
      } else if (!res.headersSent) res.setHeader("Content-Length", body.length);
      return end(body.length ? body : undefined, typeof callback === "function" ? callback : typeof encoding === "function" ? encoding : undefined);
    }) as typeof res.end;
    next();
  };
}

function appendVary(current: unknown, names: string[]): string {
  const existing = String(current ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) if (!existing.some((e) => e.toLowerCase() === name.toLowerCase())) existing.push(name);
  return existing.join(", ");
}

/** If-None-Match: `*` or a list of (weak or strong) tags, compared weakly. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => bare(tag) === bare(etag));
}

export const LAST_MODIFIED_ENTRIES = 10_000;

/** A representation: the URL and the values of the request headers the response varies on. */
function representationKey(req: express.Request, res: express.Response): string {
  const vary = String(res.getHeader("Vary") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return [req.originalUrl, ...vary.map((name) => `${name}=${String(req.headers[name] ?? "")}`)].join("\n");
}

/** Since when each representation has had its current ETag (HTTP-date, whole seconds), least recently served forgotten first. */
class LastModified {
  private readonly seen = new Map<string, { etag: string; since: string; exact: boolean }>();
  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** The Last-Modified of `key` now that it is `etag`, and whether a client holding that date holds this very representation. */
  of(key: string, etag: string): { since: string; exact: boolean } {
    const known = this.seen.get(key);
    this.seen.delete(key);
    let entry = known;
    if (!entry || entry.etag !== etag) {
      const since = new Date(this.now()).toUTCString();
      // Changed within the second it was dated: that date no longer tells the two apart.
      entry = { etag, since, exact: !known || known.since !== since };
    }
    this.seen.set(key, entry);
    if (this.seen.size > this.limit) this.seen.delete(this.seen.keys().next().value!);
    return entry;
  }
}
