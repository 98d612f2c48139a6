import { loadConfig } from "../core/config";
import { startSmtpPart } from "../mail/smtp-part";
import { openContext, type ProcessContext } from "./context";
import { runStartup } from "./rooms";
import { startWeb } from "./web";

export type Part = "web" | "smtp" | "worker";

type Stoppable = { name: string; stop: () => Promise<void> };

/**
 * Starts the named parts in one process: migrate, run the rooms' start-up
 * work (e.g. loading the bundled directory into an empty database), then
 * each part. SIGINT/SIGTERM stop them in reverse order and then the database.
 */
export async function startParts(parts: Part[]): Promise<ProcessContext> {
  const config = loadConfig();
  const context = await openContext({ config, role: parts.includes("worker") ? "worker" : "client", migrate: true });
  const running: Stoppable[] = [];
  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping…`);
    for (const part of running.reverse()) await part.stop().catch((e) => console.error(`${part.name}: ${e}`));
    await context.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    await runStartup(context);
    for (const part of parts) running.push(await partStarters[part](context));
  } catch (error) {
    for (const part of running.reverse()) await part.stop().catch(() => {});
    await context.close();
    throw error;
  }
  return context;
}

export const partStarters: Record<Part, (context: ProcessContext) => Promise<Stoppable>> = {
  async web(context) {
    const web = await startWeb(context);
    console.log(`Web app: ${context.config.baseUrl} (listening on port ${web.port})`);
    return { name: "web", stop: web.close };
  },
  async smtp(context) {
    const smtp = await startSmtpPart(context);
    console.log(`SMTP: accepting mail for @${context.config.mailDomain} on port ${smtp.port}${context.config.smtp.tls ? " (STARTTLS)" : ""}`);
    return { name: "smtp", stop: smtp.close };
  },
  async worker(context) {
    await context.queue.work(context);
    console.log("Worker: running background jobs");
    return { name: "worker", stop: () => context.queue.stop() };
  },
};

/** `dossier start|web|smtp|worker`: runs until a signal stops it. */
export async function runPart(name: "start" | Part): Promise<never> {
  await startParts(name === "start" ? ["web", "smtp", "worker"] : [name]);
  return new Promise<never>(() => {});
}
