import { loadConfig } from "./config";
import { startupHooks } from "./startup";
import { openRuntime, type Runtime } from "./runtime";
import { startWeb } from "./web";
import { startSmtpPart } from "../mail/smtp-part";

export type Part = "web" | "smtp" | "worker";

type Stoppable = { name: string; stop: () => Promise<void> };

/**
 * Starts the named parts in one process: migrate, run start-up hooks (e.g.
 * loading the bundled directory into an empty database), then each part.
 * SIGINT/SIGTERM stop them in reverse order and then the database.
 */
export async function startParts(parts: Part[]): Promise<Runtime> {
  const config = loadConfig();
  const runtime = await openRuntime({ config, role: parts.includes("worker") ? "worker" : "client", migrate: true });
  const running: Stoppable[] = [];
  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping…`);
    for (const part of running.reverse()) await part.stop().catch((e) => console.error(`${part.name}: ${e}`));
    await runtime.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    for (const hook of startupHooks) await hook(runtime);
    for (const part of parts) {
      const starter = partStarters[part];
      if (!starter) continue;
      running.push(await starter(runtime));
    }
  } catch (error) {
    for (const part of running.reverse()) await part.stop().catch(() => {});
    await runtime.close();
    throw error;
  }
  return runtime;
}

export const partStarters: Partial<Record<Part, (runtime: Runtime) => Promise<Stoppable>>> = {
  async web(runtime) {
    const web = await startWeb(runtime);
    console.log(`Web app: ${runtime.config.baseUrl} (listening on port ${web.port})`);
    return { name: "web", stop: web.close };
  },
  async smtp(runtime) {
    const smtp = await startSmtpPart(runtime);
    console.log(`SMTP: accepting mail for @${runtime.config.mailDomain} on port ${smtp.port}${runtime.config.smtp.tls ? " (STARTTLS)" : ""}`);
    return { name: "smtp", stop: smtp.close };
  },
  async worker(runtime) {
    await runtime.queue.work(runtime.database.db);
    console.log("Worker: running background jobs");
    return { name: "worker", stop: () => runtime.queue.stop() };
  },
};
