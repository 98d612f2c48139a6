import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import type express from "express";
import pg from "pg";
import { formCookie } from "../app/auth/csrf.server";
import { getLocale } from "../app/i18n/locale.server";
import type { PublicCacheHandle, PublicCacheRule } from "../app/utils/public-cache";
import { contentSecurityPolicy } from "./csp";

/**
 * The anonymous page cache (docs/decisions/914): a page rendered for one
 * anonymous visitor is kept and served to the next ones until its data
 * changes, as a Varnish in front of the site would, but inside each web
 * process so that it can be emptied the moment the data changes.
 *
 * - Only GET/HEAD document requests (not `.data`), without a session cookie,
 *   on routes whose module exports `handle = publicPage` (app/utils/public-cache.ts).
 *   Such a render leaves out everything per visitor: the root loader gives
 *   no CSRF token (`context.publicPage`), and the CSP nonce is taken out of
 *   the page afterwards: the inline scripts that carried it are allowed by
 *   their sha256 hashes instead.
 * - The JSON API's routes declare the same (they read no session): their
 *   answers are kept as pages are, without the form cookie.
 * - Kept: complete 200 HTML or JSON answers to GET without Set-Cookie, by path and
 *   query and language (the language the page is rendered in, from the
 *   address, the `lang` cookie or Accept-Language), as plain and gzip bytes
 *   (the visitor's Accept-Encoding picks one), least recently used dropped
 *   first past `maxBytes`, and none older than `maxAgeMs` nor from another
 *   day of the context's clock (pages show deadlines counted from today).
 * - Emptied: whenever PostgreSQL notifies `dossier_content`, which a
 *   statement trigger on every public table sends when a write commits
 *   (migration 0192). Before it looks, each request makes one round trip on
 *   the listening connection (shared by the requests that arrive meanwhile):
 *   PostgreSQL delivers pending notifications before answering, so a change
 *   committed before the request arrived is always heard, from any process.
 *   A render that began before a notification is not kept. While the
 *   listening connection is down nothing is kept or served.
 * - Every response from the cache sets the form cookie when the visitor has
 *   none, so the page's forms work (app/auth/csrf.server.ts).
 */

export const CONTENT_CHANNEL = "dossier_content";
export const PAGE_CACHE_MAX_AGE_MS = 60_000;

type Entry = {
  /** An HTML page (its forms need the form cookie), or JSON from the API. */
  html: boolean;
  body: Buffer;
  gzip: Buffer;
  headers: [string, string][];
  csp: string;
  etag: string;
  lastModified: string;
  storedAt: number;
  bytes: number;
};

/** Bytes-bounded LRU of rendered pages with a generation that every content change bumps. */
export class PageStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Bumped on every change of content and every (re)connection: renders begun under an older one are not kept. */
  generation = 0;
  /** True while a connection listens for content changes; without it nothing is kept or served. */
  listening = false;
  /**
   * Resolves once every change committed before the call has been heard
   * (a round trip on the listening connection: PostgreSQL sends pending
   * notifications before answering). False when not listening.
   */
  sync: () => Promise<boolean> = async () => false;

  constructor(
    readonly maxBytes: number,
    readonly maxAgeMs = PAGE_CACHE_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Entry | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.remove(key);
    if (this.now() - entry.storedAt > this.maxAgeMs) return undefined;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    return entry;
  }

  /** Keeps `entry` unless the content changed since the render began (`generation`). */
  set(key: string, entry: Omit<Entry, "storedAt" | "bytes">, generation: number): boolean {
    const bytes = entry.body.length + entry.gzip.length + key.length + 512;
    if (!this.listening || generation !== this.generation || bytes > this.maxBytes) return false;
    this.remove(key);
    this.entries.set(key, { ...entry, storedAt: this.now(), bytes });
    this.bytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
    return true;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/**
 * Listens on `dossier_content` with a connection of its own; reconnects
 * after a failure (the store is emptied and keeps nothing meanwhile).
 */
export function listenForContentChanges(databaseUrl: string, store: PageStore, log: (line: string) => void): { close: () => Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let delay = 250;
  const lost = (reason: string) => {
    if (!store.listening && client === null) return;
    store.listening = false;
    store.invalidate();
    const old = client;
    client = null;
    old?.removeAllListeners();
    old?.on("error", () => {});
    old?.end().catch(() => {});
    if (closed) return;
    log(`page cache: lost the content-change connection (${reason}); pages are rendered each time until it is back`);
    retry = setTimeout(connect, delay);
    delay = Math.min(delay * 2, 10_000);
  };
  store.sync = coalesced(async () => {
    const current = client;
    if (!current || !store.listening) return false;
    try {
      await current.query("select 1");
      return store.listening && client === current;
    } catch (error) {
      if (client === current) lost(error instanceof Error ? error.message : String(error));
      return false;
    }
  });
  const connect = async () => {
    retry = null;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: "dossier page cache" });
    client = next;
    next.on("error", (error) => lost(error.message));
    next.on("end", () => lost("connection closed"));
    next.on("notification", (message) => {
      if (message.channel === CONTENT_CHANNEL) store.invalidate();
    });
    try {
      await next.connect();
      await next.query(`listen ${CONTENT_CHANNEL}`);
      if (client !== next) return;
      store.invalidate();
      store.listening = true;
      delay = 250;
    } catch (error) {
      if (client === next) lost(error instanceof Error ? error.message : String(error));
    }
  };
  void connect();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      store.listening = false;
      store.invalidate();
      if (current) {
        current.removeAllListeners();
        current.on("error", () => {});
        await current.end().catch(() => {});
      }
    },
  };
}

/**
 * Calls of `run` that arrive while one is under way share the next one
 * (which starts after they arrived): one round trip serves a crowd.
 */
function coalesced(run: () => Promise<boolean>): () => Promise<boolean> {
  let running: Promise<boolean> | null = null;
  let next: Promise<boolean> | null = null;
  const start = (): Promise<boolean> => {
    const current = run().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (!running) return start();
    if (!next) {
      next = running.then(
        () => ((next = null), start()),
        () => ((next = null), start()),
      );
    }
    return next;
  };
}

type RouteNode = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: RouteNode[] };

/** Which routes declare themselves cacheable, looked up by path as Remix matches them. */
function publicCacheRules(build: ServerBuild): (pathname: string) => PublicCacheRule | undefined {
  const routes = Object.values(build.routes);
  const childrenOf = (parentId: string | undefined): RouteNode[] =>
    routes
      .filter((route) => route.parentId === parentId)
      .map((route) => ({ id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive, children: childrenOf(route.id) }));
  const tree = childrenOf(undefined);
  return (pathname) => {
    const matches = matchRoutes(tree as Parameters<typeof matchRoutes>[0], pathname);
    const leaf = matches?.[matches.length - 1]?.route as RouteNode | undefined;
    if (!leaf) return undefined;
    return (build.routes[leaf.id]?.module.handle as PublicCacheHandle | undefined)?.publicCache;
  };
}

type Candidate = { key: string; generation: number };

export type PageCache = {
  store: PageStore;
  /** Before compression: answers from the store, or marks the request as one whose page may be kept. */
  serve: express.RequestHandler;
  /** For server/http-cache.ts, with the whole uncompressed page: takes the nonce out and sets the hash policy. */
  prepare: (req: express.Request, res: express.Response, body: Buffer) => Buffer;
  /** For server/http-cache.ts, once the page has its ETag and Last-Modified: keeps it, and sets the form cookie. */
  keep: (req: express.Request, res: express.Response, body: Buffer) => void;
  /** True when the response is for a request the cache serves or may keep (`context.publicPage`). */
  isCandidate: (res: express.Response) => boolean;
};

/** Response headers that belong to one response, not to the page. */
const perResponseHeaders = new Set(["set-cookie", "content-length", "content-encoding", "transfer-encoding", "connection", "date", "etag", "last-modified", "content-security-policy", "x-page-cache", "keep-alive"]);

export function createPageCache(options: {
  build: ServerBuild;
  store: PageStore;
  sessionCookie: string;
  secure: boolean;
  searchBackend: "postgres" | "meilisearch";
  nonceOf: (res: express.Response) => string | undefined;
  /** The context clock's date: pages count deadlines from it, so a page is kept for one day at most. */
  today: () => string;
}): PageCache {
  const { store } = options;
  const ruleFor = publicCacheRules(options.build);
  const form = formCookie(options.secure);
  const signedIn = (cookies: string) =>
    cookies.split(";").some((part) => {
      const name = part.trim().split("=")[0];
      return name === options.sessionCookie || name === `__Host-${options.sessionCookie}`;
    });
  const hasFormCookie = (cookies: string) => cookies.split(";").some((part) => part.trim().startsWith(`${form.name}=`) && part.trim().length > form.name.length + 20);
  const setFormCookie = (req: express.Request, res: express.Response) => {
    if (hasFormCookie(req.headers.cookie ?? "")) return;
    const current = res.getHeader("Set-Cookie");
    const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)];
    res.setHeader("Set-Cookie", [...list, form.setCookie(randomBytes(24).toString("base64url"))]);
  };
  const candidateOf = (res: express.Response) => res.locals.pageCache as Candidate | undefined;

  const serve: express.RequestHandler = (req, res, next) => {
    if (store.maxBytes <= 0 || (req.method !== "GET" && req.method !== "HEAD") || req.path.endsWith(".data")) return next();
    const cookies = req.headers.cookie ?? "";
    if (signedIn(cookies)) return next();
    const rule = ruleFor(req.path);
    if (!rule || (rule === "with-database-search" && options.searchBackend !== "postgres")) return next();
    void Promise.all([store.sync(), keyOf(req, options.today())]).then(
      ([synced, key]) => {
        // Not listening: rendered as any page, with its CSRF token, and not kept.
        if (!synced) return next();
        res.locals.pageCache = { key, generation: store.generation } satisfies Candidate;
        const entry = store.get(key);
        if (!entry) {
          res.setHeader("X-Page-Cache", "miss");
          return next();
        }
        answer(req, res, entry);
      },
      (error: unknown) => next(error),
    );
  };

  const answer = (req: express.Request, res: express.Response, entry: Entry) => {
    for (const [name, value] of entry.headers) res.setHeader(name, value);
    res.setHeader("Content-Security-Policy", entry.csp);
    res.setHeader("ETag", entry.etag);
    res.setHeader("Last-Modified", entry.lastModified);
    res.setHeader("X-Page-Cache", "hit");
    if (entry.html) setFormCookie(req, res);
    const ifNoneMatch = req.headers["if-none-match"];
    if (ifNoneMatch ? etagMatches(ifNoneMatch, entry.etag) : req.headers["if-modified-since"] === entry.lastModified) {
      res.removeHeader("Content-Security-Policy");
      res.removeHeader("Content-Type");
      res.statusCode = 304;
      res.end();
      return;
    }
    const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
    const body = gzip ? entry.gzip : entry.body;
    res.setHeader("Vary", appendVary(res.getHeader("Vary"), "Accept-Encoding"));
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Content-Length", body.length);
    res.statusCode = 200;
    if (req.method === "HEAD") res.end();
    else res.end(body);
  };

  const prepare = (_req: express.Request, res: express.Response, body: Buffer): Buffer => {
    const nonce = options.nonceOf(res);
    if (!candidateOf(res) || !nonce || !isHtml(res)) return body;
    const { html, hashes } = withoutNonce(body.toString("utf8"), nonce);
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(hashes));
    return Buffer.from(html, "utf8");
  };

  const keep = (req: express.Request, res: express.Response, body: Buffer) => {
    const candidate = candidateOf(res);
    if (!candidate) return;
    const html = isHtml(res);
    const json = String(res.getHeader("Content-Type") ?? "").startsWith("application/json");
    if (req.method === "GET" && res.statusCode === 200 && res.getHeader("Set-Cookie") === undefined && (html || json)) {
      const headers: [string, string][] = [];
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value === undefined || perResponseHeaders.has(name.toLowerCase())) continue;
        headers.push([name, Array.isArray(value) ? value.join(", ") : String(value)]);
      }
      store.set(
        candidate.key,
        {
          html,
          body,
          gzip: gzipSync(body),
          headers,
          csp: String(res.getHeader("Content-Security-Policy") ?? ""),
          etag: String(res.getHeader("ETag")),
          lastModified: String(res.getHeader("Last-Modified")),
        },
        candidate.generation,
      );
    }
    if (html) setFormCookie(req, res);
  };

  return { store, serve, prepare, keep, isCandidate: (res) => candidateOf(res) !== undefined };
}

const isHtml = (res: express.Response) => String(res.getHeader("Content-Type") ?? "").startsWith("text/html");

/** The page's key: the day, its address and the language it is rendered in (as the root loader finds it). */
async function keyOf(req: express.Request, today: string): Promise<string> {
  const headers = new Headers();
  if (req.headers.cookie) headers.set("Cookie", req.headers.cookie);
  if (req.headers["accept-language"]) headers.set("Accept-Language", String(req.headers["accept-language"]));
  const locale = await getLocale(new Request(new URL(req.originalUrl, "http://dossier.invalid"), { headers }));
  return `${today} ${locale} ${req.originalUrl}`;
}

/**
 * The page without this response's nonce: each inline script that carried
 * it is listed by the sha256 hash of its text instead (the only scripts
 * allowed: a script that a reply's HTML might smuggle in never had the
 * nonce, so it gets no hash); any other mention (the root loader's data)
 * becomes empty.
 */
export function withoutNonce(html: string, nonce: string): { html: string; hashes: string[] } {
  const hashes = new Set<string>();
  const attribute = ` nonce="${nonce}"`;
  const scripts = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/g, (whole, attributes: string, text: string) => {
    if (!attributes.includes(attribute)) return whole;
    const clean = text.split(nonce).join("");
    if (clean.trim()) hashes.add(`'sha256-${createHash("sha256").update(clean, "utf8").digest("base64")}'`);
    return `<script${attributes.split(attribute).join("")}>${clean}</script>`;
  });
  return { html: scripts.split(attribute).join("").split(nonce).join(""), hashes: [...hashes] };
}

function appendVary(current: unknown, name: string): string {
  const existing = String(current ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!existing.some((e) => e.toLowerCase() === name.toLowerCase())) existing.push(name);
  return existing.join(", ");
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => bare(tag) === bare(etag));
}
