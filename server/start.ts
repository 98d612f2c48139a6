import { loadConfig } from "../core/config";
import { sql } from "kysely";
import { createDb } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { requeueUnprocessed } from "../mail/recovery";
import { LISTENER_DB_TIMEOUTS, startSmtpPart } from "../mail/smtp-part";
import { openContext, type ProcessContext } from "./context";
import { runStartup } from "./rooms";
import { isSupervisedChild, tellSupervisor } from "./supervised";
import { startWeb } from "./web";

export type Part = "web" | "smtp" | "worker";

export type RunningPart = {
  name: Part;
  /** The port it listens on (web, SMTP). */
  port?: number;
  /** One line for the console once it serves. */
  summary: string;
  stop: () => Promise<void>;
};

export type StartOptions = {
  /**
   * Started by the supervisor of `dossier start` (server/supervisor.ts),
   * which has already migrated, run the rooms' start-up work and built the
   * web app, and which alone answers Ctrl-C: this process stops on SIGTERM
   * or when its supervisor goes away.
   */
  supervised?: boolean;
};

export type StartedParts = {
  context: ProcessContext;
  running: RunningPart[];
  /** Stops the parts in reverse order, then closes the context (once). */
  stop: () => Promise<void>;
};

/**
 * Starts the named parts in this process. Alone (`dossier smtp`, `dossier
 * worker`): migrate, run the rooms' start-up work (e.g. loading the bundled
 * directory into an empty database), then each part; SIGINT/SIGTERM stop
 * them in reverse order, then the database, and exit.
 */
export async function startParts(parts: Part[], options: StartOptions = {}): Promise<StartedParts> {
  const supervised = options.supervised ?? false;
  const config = loadConfig();
  // The SMTP listener alone starts without its database and answers 451 until it is reachable (and migrated).
  const smtpOnly = parts.length === 1 && parts[0] === "smtp";
  // This process handles the signals itself (below), so that the embedded server it may own stops last.
  const opening = openContext({
    config,
    role: parts.includes("worker") ? "worker" : "client",
    migrate: !supervised && !smtpOnly,
    startQueue: !smtpOnly,
    timeouts: smtpOnly ? LISTENER_DB_TIMEOUTS : undefined,
    poolSize: supervised && parts.includes("web") ? webPoolSize(config.webConcurrency) : undefined,
    signals: "caller",
  });
  const running: RunningPart[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopping = true;
    stopped ??= (async () => {
      for (const part of [...running].reverse()) await part.stop().catch((e) => console.error(`${part.name}: ${e}`));
      await (await opening.catch(() => undefined))?.close();
    })();
    return stopped;
  };
  let serving = false;
  const shutdown = (reason: string) => {
    // A child stopped before it serves has nothing to finish: stopping its half-started parts would only add noise.
    if (supervised && !serving) process.exit(0);
    if (!supervised) console.log(`\n${reason}: stopping…`);
    void stop().finally(() => process.exit(0));
  };
  if (supervised) {
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    // Ctrl-C reaches the whole process group: the supervisor decides, and stops its children in order.
    process.on("SIGINT", () => {});
    process.on("SIGHUP", () => {});
    // A supervisor killed outright leaves no orphan serving on its own.
    process.once("disconnect", () => shutdown("supervisor gone"));
  } else {
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
  }

  const context = await opening;
  try {
    if (smtpOnly) {
      // A database that answers now is prepared before the first 250, as before; one that does not is waited for behind 451s.
      let ready = await prepareDatabase(context, { migrate: !supervised, isStopping: () => stopping, attempts: 1 });
      if (ready && !supervised) await runStartup(context);
      running.push(await startSmtpAwaitingDatabase(context, () => ready));
      if (!ready) {
        void prepareDatabase(context, { migrate: !supervised, isStopping: () => stopping }).then(async (prepared) => {
          if (!prepared) return;
          ready = true;
          if (!supervised) console.log("SMTP: database reachable; accepting mail");
          await requeueUnprocessed(context.db, context.queue, 0).catch((e: Error) => console.error(`smtp: could not re-queue unprocessed mail: ${e.message}`));
          if (!supervised) await runStartup(context).catch((e: Error) => console.error(`smtp: start-up work failed: ${e.message}`));
        });
      }
    } else {
      if (!supervised) await runStartup(context);
      for (const part of parts) running.push(await partStarters[part](context, { ensureBuild: !supervised }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  serving = true;
  if (!supervised) for (const part of running) console.log(part.summary);
  return { context, running, stop };
}

/** The SMTP part before its database answers: mail gets a 451 until `ready()`. */
async function startSmtpAwaitingDatabase(context: ProcessContext, ready: () => boolean): Promise<RunningPart> {
  const smtp = await startSmtpPart(context, { databaseReady: ready });
  const { config } = context;
  return {
    name: "smtp",
    port: smtp.port,
    summary: `SMTP: accepting mail for @${config.mailDomain} on port ${smtp.port}${config.smtp.tls ? " (STARTTLS)" : ""}`,
    stop: smtp.close,
  };
}

/**
 * Waits for the database (retrying with back-off up to 30 s), migrates it on
 * its own connection (no statement bound: a migration may take long), and
 * starts the queue client. False if the process stops first.
 */
async function prepareDatabase(context: ProcessContext, options: { migrate: boolean; isStopping: () => boolean; attempts?: number }): Promise<boolean> {
  let lastProblem = "";
  for (let delay = 500, attempt = 1; !options.isStopping(); delay = Math.min(delay * 2, 30_000), attempt++) {
    try {
      await sql`select 1`.execute(context.db);
      if (options.migrate) {
        const { db } = createDb(context.database.url, 1);
        try {
          await migrateToLatest(db);
        } finally {
          await db.destroy();
        }
      }
      await context.queue.start();
      return true;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== lastProblem) console.error(`smtp: database not reachable (${problem}); answering 451 and retrying`);
      lastProblem = problem;
      if (options.attempts !== undefined && attempt >= options.attempts) return false;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return false;
}

type PartOptions = {
  /** Build the web app first if it is missing or stale (the supervisor did it once for all web processes). */
  ensureBuild?: boolean;
};

export const partStarters: Record<Part, (context: ProcessContext, options?: PartOptions) => Promise<RunningPart>> = {
  async web(context, options) {
    const web = await startWeb(context, context.config.port, { ensureBuild: options?.ensureBuild ?? true });
    return { name: "web", port: web.port, summary: `Web app: ${context.config.baseUrl} (listening on port ${web.port})`, stop: web.close };
  },
  async smtp(context) {
    const smtp = await startSmtpPart(context);
    const { config } = context;
    return {
      name: "smtp",
      port: smtp.port,
      summary: `SMTP: accepting mail for @${config.mailDomain} on port ${smtp.port}${config.smtp.tls ? " (STARTTLS)" : ""}`,
      stop: smtp.close,
    };
  },
  async worker(context) {
    await context.queue.work(context);
    return { name: "worker", summary: "Worker: running background jobs", stop: () => context.queue.stop() };
  },
};

/**
 * Each web process's share of database connections: 10 on a few cores,
 * fewer on many, so that one web process per core stays well under
 * PostgreSQL's default max_connections (100).
 */
export function webPoolSize(processes: number): number {
  return Math.max(2, Math.min(10, Math.floor(60 / processes)));
}

/**
 * `dossier start|web|smtp|worker`: runs until a signal stops it. `start`
 * and `web` supervise child processes (server/supervisor.ts); a child the
 * supervisor forked runs its one part here.
 */
export async function runPart(name: "start" | Part): Promise<never> {
  if (name !== "start" && isSupervisedChild()) {
    await runSupervisedChild(name);
  } else if (name === "start" || name === "web") {
    const { supervise } = await import("./supervisor");
    await supervise(name === "start" ? ["web", "smtp", "worker"] : ["web"]);
  } else {
    await startParts([name]);
  }
  return new Promise<never>(() => {});
}

/** A child of the supervisor: one part, then "ready" with its port, or "failed" with the reason. */
async function runSupervisedChild(part: Part): Promise<void> {
  try {
    const { running } = await startParts([part], { supervised: true });
    await tellSupervisor({ type: "ready", port: running[0]?.port });
  } catch (error) {
    await tellSupervisor({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
