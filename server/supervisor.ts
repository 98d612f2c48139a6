import { fork, type ChildProcess } from "node:child_process";
import cluster from "node:cluster";
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "../core/config";
import { openContext, type ProcessContext } from "./context";
import { runStartup } from "./rooms";
import type { Part } from "./start";
import { isChildMessage, SUPERVISED_ENV } from "./supervised";

/**
 * `dossier start` (and `dossier web`): one supervisor process that does the
 * once-only work — configuration, the embedded PostgreSQL server when
 * DATABASE_URL is unset, migrations, the rooms' start-up work, the web
 * build — and then runs each part in its own child process, so that a slow
 * page never stalls an SMTP session or a job: the web app on every core
 * (node's cluster: the workers share PORT), the SMTP listener once, and the
 * worker on every core too (WORKER_CONCURRENCY: the job queue shares the
 * work out, so mail processing, extraction and indexing keep up with a
 * burst). A child that crashes is restarted after a back-off; a child that
 * cannot start at all stops everything. SIGINT/SIGTERM stop the
 * children, then the database. See docs/decisions/003-process-supervisor.md.
 */
export async function supervise(parts: Part[]): Promise<void> {
  await new Supervisor(parts, loadConfig()).start();
}

const bin = fileURLToPath(new URL("../bin/dossier.js", import.meta.url));

/** Restarts wait 1 s, then twice as long each time up to 30 s; a child that served a minute starts again at 1 s. */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
const STABLE_MS = 60_000;
/** A child that crashed and then fails this many starts in a row stops everything: restarting it is not helping. */
const MAX_FAILED_RESTARTS = 5;
/** Time a child gets to stop cleanly after SIGTERM (the worker waits up to 10 s for running jobs). */
const STOP_TIMEOUT_MS = 30_000;

const partNames: Record<Part, string> = { web: "the web app", smtp: "the SMTP listener", worker: "the worker" };

/** One supervised process and its restart history. */
type Slot = {
  part: Part;
  /** "web 2", "smtp", "worker 1": how log lines name it. */
  name: string;
  child?: ChildProcess;
  /** The current child said "ready". */
  ready: boolean;
  /** Some child of this slot was ready once: later exits are crashes to restart, not a failure to start. */
  servedOnce: boolean;
  readyAt: number;
  failedStarts: number;
  delayMs: number;
  restartTimer?: NodeJS.Timeout;
  lastError?: string;
  port?: number;
};

class Supervisor {
  private readonly slots: Slot[];
  private context: ProcessContext | undefined;
  private preparing: Promise<void> | undefined;
  private stopping = false;
  private announced = false;
  private childEnv: typeof process.env = process.env;

  constructor(
    parts: Part[],
    private readonly config: Config,
  ) {
    const slot = (part: Part, name: string): Slot => ({ part, name, ready: false, servedOnce: false, readyAt: 0, failedStarts: 0, delayMs: FIRST_DELAY_MS });
    this.slots = parts.flatMap((part) =>
      part === "web"
        ? Array.from({ length: config.webConcurrency }, (_, i) => slot("web", `web ${i + 1}`))
        : part === "worker"
          ? Array.from({ length: config.workerConcurrency }, (_, i) => slot("worker", `worker ${i + 1}`))
          : [slot(part, part)],
    );
  }

  async start(): Promise<void> {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void this.stop(0, signal));
    this.preparing = this.prepare();
    await this.preparing;
    if (this.stopping) return;
    this.childEnv = {
      ...process.env,
      [SUPERVISED_ENV]: "1",
      // The children use the server this process opened (the embedded one, or DATABASE_URL's).
      DATABASE_URL: this.context!.database.url,
    };
    if (this.slots.some((slot) => slot.part === "web")) cluster.setupPrimary({ exec: bin, args: ["web"] });
    for (const slot of this.slots) this.spawn(slot);
  }

  /** The once-only work, before any child runs. */
  private async prepare(): Promise<void> {
    const context = await openContext({ config: this.config, role: "client", migrate: true, signals: "caller" });
    this.context = context;
    try {
      await runStartup(context);
      if (this.slots.some((slot) => slot.part === "web")) {
        const { ensureBuild } = await import("./web");
        ensureBuild();
      }
      // The children send their own jobs; this process keeps only the database (and the embedded server) open.
      await context.queue.stop();
    } catch (error) {
      this.context = undefined;
      await context.close();
      throw error;
    }
  }

  private spawn(slot: Slot): void {
    slot.ready = false;
    slot.lastError = undefined;
    const child = slot.part === "web" ? cluster.fork(this.childEnv).process : fork(bin, [slot.part], { env: this.childEnv });
    slot.child = child;
    child.on("message", (message) => {
      if (!isChildMessage(message) || slot.child !== child) return;
      if (message.type === "failed") slot.lastError = message.message;
      else this.onReady(slot, message.port);
    });
    child.once("error", (error) => {
      slot.lastError = error.message;
      // A process that could not even be created emits no "exit".
      if (child.pid === undefined) this.onExit(slot, child, null, null);
    });
    child.once("exit", (code, signal) => this.onExit(slot, child, code, signal));
  }

  private onReady(slot: Slot, port: number | undefined): void {
    const first = !slot.servedOnce;
    slot.ready = true;
    slot.servedOnce = true;
    slot.readyAt = Date.now();
    slot.failedStarts = 0;
    slot.port = port;
    if (this.stopping) return;
    if (!first) {
      console.log(`${slot.name} (pid ${slot.child?.pid}) serves again`);
      return;
    }
    const siblings = this.slots.filter((s) => s.part === slot.part);
    if (siblings.every((s) => s.servedOnce)) console.log(this.summary(slot.part, siblings));
    if (!this.announced && this.slots.every((s) => s.servedOnce)) {
      this.announced = true;
      console.log(`Dossier is running (supervisor pid ${process.pid}); Ctrl-C or SIGTERM stops it.`);
    }
  }

  private summary(part: Part, slots: Slot[]): string {
    const pids = slots.map((s) => s.child?.pid).join(", ");
    const { config } = this;
    switch (part) {
      case "web":
        return `Web app: ${config.baseUrl} (listening on port ${slots[0].port}; ${slots.length} process${slots.length > 1 ? "es" : ""}, pid ${pids})`;
      case "smtp":
        return `SMTP: accepting mail for @${config.mailDomain} on port ${slots[0].port}${config.smtp.tls ? " (STARTTLS)" : ""} (pid ${pids})`;
      case "worker":
        return `Worker: running background jobs (${slots.length} process${slots.length > 1 ? "es" : ""}, pid ${pids})`;
    }
  }

  private onExit(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    const wasReady = slot.ready;
    slot.ready = false;
    if (this.stopping) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const reason = slot.lastError ? `: ${slot.lastError}` : ` (it ${how})`;
    if (!wasReady) {
      if (!slot.servedOnce) return void this.stop(1, undefined, `${partNames[slot.part]} could not start${reason}`);
      slot.failedStarts += 1;
      if (slot.failedStarts >= MAX_FAILED_RESTARTS) {
        return void this.stop(1, undefined, `${partNames[slot.part]} could not start again (${slot.failedStarts} attempts)${reason}`);
      }
    } else if (Date.now() - slot.readyAt >= STABLE_MS) {
      slot.delayMs = FIRST_DELAY_MS;
    }
    const delay = slot.delayMs;
    slot.delayMs = Math.min(delay * 2, MAX_DELAY_MS);
    console.error(`${slot.name} (pid ${child.pid}) ${wasReady ? how : `failed to start again${reason}`}; restarting in ${delay / 1000} s`);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      if (!this.stopping) this.spawn(slot);
    }, delay);
  }

  /** Stops every child (SIGTERM, SIGKILL after a time-out), then the database, then exits. */
  private async stop(code: number, signal?: NodeJS.Signals, failure?: string): Promise<void> {
    if (this.stopping) {
      if (signal) {
        console.log(`${signal} again: killing the children at once`);
        for (const slot of this.slots) slot.child?.kill("SIGKILL");
      }
      return;
    }
    this.stopping = true;
    if (failure) console.error(`dossier: ${failure}. Stopping everything.`);
    else console.log(`\n${signal}: stopping…`);
    for (const slot of this.slots) clearTimeout(slot.restartTimer);
    await this.preparing?.catch(() => {});
    await Promise.all(this.slots.map((slot) => stopChild(slot)));
    await this.context?.close().catch((error: Error) => console.error(`database: ${error.message}`));
    if (!failure) console.log("Stopped.");
    process.exit(code);
  }
}

async function stopChild(slot: Slot): Promise<void> {
  const child = slot.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    console.error(`${slot.name} (pid ${child.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
    child.kill("SIGKILL");
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
