import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { sql } from "kysely";
import type { AppContext } from "../core/context";
import { SESSION_COOKIE } from "../app/auth/session.server";
import { contentSecurityPolicy } from "./csp";
import { httpCaching } from "./http-cache";
import { createPageCache, listenForContentChanges, PageStore } from "./page-cache";

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const serverBuildFile = path.join(projectRoot, "build", "server", "index.js");
const clientBuildDir = path.join(projectRoot, "build", "client");
/** Folders whose code the Vite build bundles into the server build, and `public` (copied into build/client). */
const bundledFolders = ["app", "core", "accounts", "authorities", "batches", "db", "mail", "moderation", "requests", "search", "server", "watch", "public"];

/** Builds the Remix app when the build is missing or older than its sources. */
export function ensureBuild(log: (line: string) => void = console.log): void {
  if (existsSync(serverBuildFile) && statSync(serverBuildFile).mtimeMs >= newestSourceTime()) return;
  log("Building the web app (first start or changed sources)…");
  const result = spawnSync(process.execPath, [path.join(projectRoot, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`The web app build failed:\n${result.stdout}\n${result.stderr}`);
}

function newestSourceTime(): number {
  let newest = 0;
  const visit = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(tsx?|css|json|svg|ico|png)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const folder of bundledFolders) visit(path.join(projectRoot, folder));
  return newest;
}

/** Imports the server build; `ensure: false` when a supervisor has already built it for every web process. */
export async function loadServerBuild(options: { ensure?: boolean } = {}): Promise<ServerBuild> {
  if (options.ensure ?? true) ensureBuild();
  return (await import(pathToFileURL(serverBuildFile).href)) as ServerBuild;
}

/** Security headers for every response; the CSP nonce lets Remix's own inline scripts run. */
function securityHeaders(secure: boolean): express.RequestHandler {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    // Stored attachments carry their own Content-Type, nosniff and CSP (a
    // sandbox, or none for PDFs so the browser's viewer can render them):
    // see app/routes/attachments.$id.$filename.tsx and mail/sanitize.ts.
    if (req.path.startsWith("/attachments/")) {
      res.setHeader("Referrer-Policy", "no-referrer");
      res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
      return next();
    }
    res.setHeader("Content-Security-Policy", contentSecurityPolicy([`'nonce-${nonce}'`]));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

/** Forms are small; nothing is parsed past this (413 before any parsing or CSRF check). */
export const MAX_BODY_BYTES = 1024 * 1024;

function bodySizeLimit(limit: number): express.RequestHandler {
  return (req, res, next) => {
    // Browsers always say how long a form is; a body of unknown length (chunked) is refused
    // rather than counted, so that nothing reads it before Remix does.
    if (req.headers["transfer-encoding"] && req.headers["content-length"] === undefined) {
      res.status(411).type("text/plain").send("A request body must say its length (Content-Length).");
      return;
    }
    if (Number(req.headers["content-length"] ?? 0) > limit) {
      res.setHeader("Connection", "close");
      res.status(413).type("text/plain").send(`The request is too large (more than ${limit} bytes).`);
      return;
    }
    next();
  };
}

/**
 * X-Forwarded-Host counts only from a proxy TRUST_PROXY names: Remix builds
 * request.url from it, so from anyone else it would let a client choose the
 * host the app believes it serves.
 */
function untrustedForwardedHost(app: express.Express): express.RequestHandler {
  return (req, _res, next) => {
    const trusted = app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
    if (req.headers["x-forwarded-host"] !== undefined && !trusted(req.socket.remoteAddress, 0)) delete req.headers["x-forwarded-host"];
    next();
  };
}

/**
 * A form posted from another site (Origin names another host) is refused
 * with a 403 and a message here; Remix's own check would throw and answer 500.
 * The comparison is Remix's: the Origin's host against X-Forwarded-Host or Host.
 */
function sameOriginActions(): express.RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (req.method === "GET" || req.method === "HEAD" || origin === undefined || origin === "null") return next();
    const forwarded = String(req.headers["x-forwarded-host"] ?? "").split(",")[0]?.trim();
    const host = forwarded || req.headers.host;
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost && host && originHost === host) return next();
    res.status(403).type("text/plain").send("This form did not come from this site (its Origin is another host). Go back, reload the page and try again.");
  };
}

/** Pages for one person only (their account, their drafts, admin pages). */
const privatePaths = /^\/(account|admin|my-requests|following|requests\/new|requests\/\d+\/(edit|preview|moderate|classify|escalate|extension|nudge))(\/|\.|$)/;

/**
 * A response for a signed-in visitor or a private page is never stored by
 * a shared or browser cache (Cache-Control: no-store), whatever a route or
 * server/http-cache.ts said: it carries a name, a CSRF token or a draft.
 */
function privateResponses(): express.RequestHandler {
  return (req, res, next) => {
    const signedIn = /(?:^|;\s*)(?:__Host-)?dossier_session=[^;]/.test(req.headers.cookie ?? "");
    const writeHead = res.writeHead;
    res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
      if (signedIn || privatePaths.test(req.path)) res.setHeader("Cache-Control", "no-store");
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  };
}

export function createWebApp(context: AppContext, build: ServerBuild, options: { pageStore?: PageStore } = {}): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // X-Forwarded-For/-Proto count only from the proxies TRUST_PROXY names; otherwise
  // anyone could pick the address that rate limits are keyed on.
  app.set("trust proxy", context.config.trustProxy);
  app.use(untrustedForwardedHost(app));
  const https = context.config.baseUrl.startsWith("https:");
  app.use(securityHeaders(https));
  // The site's scheme is PUBLIC_URL's, not a header's: cookies get Secure and
  // the __Host- prefix exactly when the public site is https (app/auth/session.server.ts).
  if (https) app.use((req, _res, next) => (Object.defineProperty(req, "protocol", { value: "https" }), next()));
  app.use(privateResponses());
  app.use(bodySizeLimit(MAX_BODY_BYTES));
  app.use(sameOriginActions());
  const nonceOf = (res: express.Response) => res.locals.cspNonce as string | undefined;
  const pageCache = options.pageStore
    ? createPageCache({ build, store: options.pageStore, sessionCookie: SESSION_COOKIE, secure: https, searchBackend: context.search.name, nonceOf, today: () => context.clock.today() })
    : undefined;
  // Before compression: a kept page is sent as kept (plain or gzip), without rendering.
  if (pageCache) app.use(pageCache.serve);
  app.use(compression());
  app.use(httpCaching({ sessionCookie: SESSION_COOKIE, nonceOf, page: pageCache }));
  app.get("/healthz", async (_req, res) => {
    try {
      await sql`select 1`.execute(context.db);
      res.json({ status: "ok", database: "ok" });
    } catch (error) {
      res.status(503).json({ status: "error", database: error instanceof Error ? error.message : "unreachable" });
    }
  });
  app.use("/assets", express.static(path.join(clientBuildDir, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(clientBuildDir, { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req, res) => ({
        ...context,
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? "unknown",
        // Single-fetch data requests end in ".data"; anything else renders an HTML document.
        documentRequest: !req.path.endsWith(".data"),
        publicPage: res.locals.pageCache !== undefined,
      }),
    }),
  );
  return app;
}

export async function startWeb(
  context: AppContext & { database?: { url: string } },
  port = context.config.port,
  options: { ensureBuild?: boolean } = {},
): Promise<{ server: Server; port: number; pageStore?: PageStore; close: () => Promise<void> }> {
  const build = await loadServerBuild({ ensure: options.ensureBuild });
  // The page cache needs its own connection to hear of changes; without a database URL there is none.
  const pageStore = context.config.pageCacheBytes > 0 && context.database?.url ? new PageStore(context.config.pageCacheBytes) : undefined;
  const listener = pageStore && context.database ? listenForContentChanges(context.database.url, pageStore, (line) => console.error(line)) : undefined;
  const app = createWebApp(context, build, { pageStore });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  return {
    server,
    port: typeof address === "object" && address ? address.port : port,
    pageStore,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await listener?.close();
    },
  };
}
