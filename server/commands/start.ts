import { startParts, type Part } from "../start";
import type { Command } from "./types";

function partCommand(name: string, parts: Part[], summary: string): Command {
  return {
    path: [name],
    summary,
    usage: `dossier ${name}`,
    needsRuntime: false,
    async run() {
      await startParts(parts);
      // Runs until a signal stops it.
      await new Promise(() => {});
    },
  };
}

export const startCommand = partCommand("start", ["web", "smtp", "worker"], "Start the web app, the SMTP listener and the worker (migrates first)");
export const webCommand = partCommand("web", ["web"], "Start the web app alone");
export const smtpCommand = partCommand("smtp", ["smtp"], "Start the inbound SMTP listener alone");
export const workerCommand = partCommand("worker", ["worker"], "Start the background worker alone");
