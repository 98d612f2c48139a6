/**
 * Page throughput against a bare Remix page, interleaved in one run.
 *
 *   npx tsx bench/pages.ts [--duration 10] [--slices 2] [--rounds 2] [--connections 10]
 *                          [--bare-processes 1] [--web-concurrency N]
 *                          [--only /requests] [--cpu-prof DIR] [--json FILE]
 *
 * In a temporary directory it
 *  1. starts an embedded PostgreSQL, migrates it and loads the bundled
 *     directory with Dossier's own commands (`dossier migrate`,
 *     `dossier authorities import`);
 *  2. seeds: a request with 50 replies (HTML with addresses and phone
 *     numbers to mask) and 20 attachments, 200 requests to one authority,
 *     and a search corpus of 10,000 public requests indexed by the search
 *     room's own backend;
 *  3. builds a bare Remix v2 page (one route, no data) with the project's
 *     own Remix, React and Vite (its node_modules), served by the express
 *     adapter with compression as Remix's express template does;
 *  4. starts that page and Dossier (`dossier web`, NODE_ENV=production, as
 *     deployed: one web process per core unless --web-concurrency);
 *  5. for each page: autocannon (in this process) at 10 connections on the
 *     bare page and on the page, alternating in --slices slices of
 *     --duration seconds in all for each, --rounds times, and prints req/s,
 *     p50, p99 (of every response of the slices) and the ratio of req/s to
 *     the bare page's, measured in the same moments (each slice starts with
 *     no request in flight and drops those still running at its end, which
 *     undercounts a page by about its latency over the slice: keep slices
 *     long for slow pages); also the database statements per
 *     view (pg_stat_database transactions, the pages use no explicit
 *     transaction) measured on 20 sequential views.
 *
 * --only PATH-PREFIX keeps the pages whose path starts with it; --cpu-prof
 * DIR runs Dossier's web processes under `node --cpu-prof` (profiles are
 * written to DIR when they stop; see bench/support/profile-summary.ts).
 * The anonymous page cache is on, as deployed; `PAGE_CACHE_MB=0 npx tsx
 * bench/pages.ts` measures the pages rendered on every view.
 * Never part of npm test.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "kysely";
import { createDb, type Db } from "../db/connect";
import { freePort, startEmbeddedPostgres } from "../db/embedded";
import { seedPages } from "./support/seed";

const { values: options } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    slices: { type: "string", default: "2" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "10" },
    "bare-processes": { type: "string", default: "1" },
    "web-concurrency": { type: "string" },
    only: { type: "string" },
    "cpu-prof": { type: "string" },
    json: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const duration = Number(options.duration);
const slices = Math.max(1, Number(options.slices));
const rounds = Number(options.rounds);
const connections = Number(options.connections);
const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = path.join(projectRoot, "bin", "dossier.js");
const tmp = mkdtempSync(path.join(os.tmpdir(), "dossier-pages-bench-"));
const children: ChildProcess[] = [];
const log = (line: string) => console.error(`[pages] ${line}`);

// ---------------------------------------------------------------- seeding

// ---------------------------------------------------------------- bare page

const projectPackage = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const pick = (from: Record<string, string>, names: string[]) => Object.fromEntries(names.map((n) => [n, from[n]]));

const bareFiles: Record<string, string> = {
  // The project's own versions (the build resolves them from its node_modules).
  "package.json": JSON.stringify({ name: "bare-remix", private: true, type: "module", dependencies: pick(projectPackage.dependencies, ["@remix-run/node", "@remix-run/react", "@remix-run/express", "@remix-run/dev", "react", "react-dom", "vite", "express", "compression", "isbot"]) }),
  "tsconfig.json": JSON.stringify({ compilerOptions: { jsx: "react-jsx", module: "ESNext", moduleResolution: "Bundler", target: "ES2022", strict: true } }),
  "vite.config.mjs": `import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
export default defineConfig({ plugins: [remix()] });
`,
  "app/root.tsx": `import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import type { ReactNode } from "react";
export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
export default function App() {
  return <Outlet />;
}
`,
  "app/routes/_index.tsx": `import type { MetaFunction } from "@remix-run/node";
export const meta: MetaFunction = () => [{ title: "Bare Remix" }];
export default function Index() {
  return (
    <main>
      <h1>Welcome to Remix</h1>
      <p>A bare page: one route, no data.</p>
    </main>
  );
}
`,
  "server.mjs": `import cluster from "node:cluster";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
const processes = Number(process.env.BARE_PROCESSES || 1);
if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) cluster.fork();
} else {
  const build = await import("./build/server/index.js");
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));
  app.listen(Number(process.env.PORT), () => console.log("bare page listening"));
}
`,
};

function buildBarePage(): string {
  const dir = path.join(tmp, "bare");
  for (const [file, content] of Object.entries(bareFiles)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  symlinkSync(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  const result = spawnSync(process.execPath, [path.join(projectRoot, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], { cwd: dir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`bare page build failed:\n${result.stdout}\n${result.stderr}`);
  return dir;
}

// ---------------------------------------------------------------- processes

function run(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: projectRoot, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`dossier ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
}

function start(command: string[], cwd: string, env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const child = spawn(process.execPath, command, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  child.once("exit", (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${code ?? signal}):\n${output.slice(-3000)}`);
      failed = `${name} exited`;
    }
  });
  children.push(child);
  return child;
}

let failed: string | null = null;

async function waitUntilServing(url: string, timeoutMs = 300_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (failed) throw new Error(failed);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

let stopping = false;
async function stopChildren() {
  stopping = true;
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      continue;
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}

// ---------------------------------------------------------------- measuring

type Figures = { reqPerSec: number; p50: number; p99: number; errors: number };
type Sample = { requests: number; seconds: number; latencies: number[]; errors: number };

/** One slice of load: every response's time, the count and the errors. */
async function load(url: string, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, headers: { "accept-language": "nl-BE,nl;q=0.9" } }, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on("response", (_client, _status, _bytes, responseTime) => void latencies.push(responseTime));
  });
  return { requests: result.requests.total, seconds: result.duration, latencies, errors: result.errors + result.timeouts + result.non2xx };
}

function figures(samples: Sample[]): Figures {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(p * latencies.length) - 1))] ?? NaN);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  return { reqPerSec: samples.reduce((n, s) => n + s.requests, 0) / seconds, p50: at(0.5), p99: at(0.99), errors: samples.reduce((n, s) => n + s.errors, 0) };
}

/**
 * The bare page and the page, alternating in short slices (--slices per
 * measurement) so that both see the same moments of a shared machine.
 */
async function interleaved(bare: string, page: string): Promise<{ bare: Figures; dossier: Figures }> {
  const bareSamples: Sample[] = [];
  const pageSamples: Sample[] = [];
  for (let i = 0; i < slices; i++) {
    bareSamples.push(await load(bare, duration / slices));
    pageSamples.push(await load(page, duration / slices));
  }
  return { bare: figures(bareSamples), dossier: figures(pageSamples) };
}

async function statementsPerView(db: Db, url: string, views = 20): Promise<number> {
  const count = async () => {
    await new Promise((r) => setTimeout(r, 1500)); // backends flush their statistics at most once a second
    const row = (await sql<{ n: string }>`select sum(xact_commit + xact_rollback)::text as n from pg_stat_database where datname = current_database()`.execute(db)).rows[0];
    return Number(row.n);
  };
  const before = await count();
  for (let i = 0; i < views; i++) await (await fetch(url, { headers: { "accept-language": "nl-BE" } })).arrayBuffer();
  const after = await count();
  // The two counting queries are transactions too.
  return Math.round(((after - before - 1) / views) * 10) / 10;
}

async function main() {
  const pg = await startEmbeddedPostgres({ dir: path.join(tmp, "postgres") });
  const [dossierPort, barePort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: pg.url,
    DATA_DIR: path.join(tmp, "data"),
    SECRET: randomBytes(32).toString("hex"),
    MAIL_DOMAIN: "dossier.example",
    PORT: String(dossierPort),
    PUBLIC_URL: `http://localhost:${dossierPort}`,
    ...(options["web-concurrency"] ? { WEB_CONCURRENCY: options["web-concurrency"] } : {}),
  };
  const { db, pool } = createDb(pg.url, 4);
  process.once("SIGINT", () => void stopChildren().then(() => pg.stop()).finally(() => process.exit(130)));
  try {
    log(`data in ${tmp}`);
    run(["migrate"], env);
    run(["authorities", "import"], env);
    log("seeding…");
    const seeded = await seedPages(db);
    log("building the bare page…");
    const bareDir = buildBarePage();
    start(["server.mjs"], bareDir, { ...process.env, NODE_ENV: "production", PORT: String(barePort), BARE_PROCESSES: options["bare-processes"] }, "bare page");
    // node's cluster gives the web processes the supervisor's own node options (--cpu-prof is not allowed in NODE_OPTIONS).
    const profiling = options["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(options["cpu-prof"])}`] : [];
    start([...profiling, bin, "web"], projectRoot, env, "dossier web");
    const bare = `http://127.0.0.1:${barePort}/`;
    const base = `http://127.0.0.1:${dossierPort}`;
    await waitUntilServing(bare);
    await waitUntilServing(`${base}/healthz`);
    const pages = [
      { name: "/", path: "/" },
      { name: "/authorities/<slug> (200 requests)", path: `/authorities/${seeded.authoritySlug}` },
      { name: "/requests/<id> (50 replies, 20 attachments)", path: `/requests/${seeded.requestId}` },
      { name: "/search?q=begroting (10,000 documents)", path: "/search?q=begroting" },
      { name: "/api/v1/authorities?q=gent", path: "/api/v1/authorities?q=gent" },
    ].filter((p) => !options.only || p.path.startsWith(options.only));
    for (const page of pages) {
      const response = await fetch(base + page.path);
      if (!response.ok) throw new Error(`${page.path}: HTTP ${response.status}`);
      log(`${page.path}: ${(await response.arrayBuffer()).byteLength} bytes`);
    }
    const statements = new Map<string, number>();
    for (const page of pages) statements.set(page.path, await statementsPerView(db, base + page.path));
    log("warming up…");
    await load(bare, 2);
    for (const page of pages) await load(base + page.path, 2);
    // Whether the anonymous page cache (server/page-cache.ts) answers each page; PAGE_CACHE_MB=0 measures without it.
    for (const page of pages) {
      const response = await fetch(base + page.path);
      await response.arrayBuffer();
      log(`${page.path}: page cache ${response.headers.get("x-page-cache") ?? "not used"}`);
    }

    const results: Array<{ page: string; round: number; bare: Figures; dossier: Figures; ratio: number }> = [];
    for (let round = 1; round <= rounds; round++) {
      for (const page of pages) {
        const { bare: bareFigures, dossier: dossierFigures } = await interleaved(bare, base + page.path);
        const ratio = dossierFigures.reqPerSec / bareFigures.reqPerSec;
        results.push({ page: page.name, round, bare: bareFigures, dossier: dossierFigures, ratio });
        log(`round ${round} ${page.path}: ${dossierFigures.reqPerSec.toFixed(0)} req/s vs bare ${bareFigures.reqPerSec.toFixed(0)} (${ratio.toFixed(2)}×), p99 ${dossierFigures.p99} ms`);
      }
    }
    const loadAverage = os.loadavg().map((n) => n.toFixed(2)).join(" ");
    console.log(`\n${connections} connections, ${duration} s per measurement in ${slices} alternating slices, ${rounds} round(s), bare page on ${options["bare-processes"]} process(es), Dossier WEB_CONCURRENCY=${options["web-concurrency"] ?? `default (${os.availableParallelism()} cores)`}, load average ${loadAverage}\n`);
    console.log("| page | round | Dossier req/s | p50 ms | p99 ms | bare req/s | bare p99 ms | ratio | statements/view | errors |");
    console.log("|---|---|---|---|---|---|---|---|---|---|");
    for (const r of results) {
      const page = pages.find((p) => p.name === r.page)!;
      console.log(
        `| \`${r.page}\` | ${r.round} | ${r.dossier.reqPerSec.toFixed(0)} | ${r.dossier.p50} | ${r.dossier.p99} | ${r.bare.reqPerSec.toFixed(0)} | ${r.bare.p99} | ${r.ratio.toFixed(2)} | ${statements.get(page.path)} | ${r.dossier.errors} |`,
      );
    }
    if (options.json) writeFileSync(options.json, JSON.stringify({ connections, duration, rounds, results, statements: Object.fromEntries(statements) }, null, 2));
  } finally {
    await stopChildren();
    await pool.end().catch(() => {});
    await pg.stop();
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  async (error) => {
    console.error(error);
    await stopChildren();
    process.exit(1);
  },
);
