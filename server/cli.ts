import type { CommandSpec } from "../core/cli";
import { ConfigError, DossierError, UsageError } from "../core/errors";
import { commands } from "./rooms";

/**
 * The `dossier` command. It imports the kernel and the rooms' declarations
 * only; a command's code (and the database, the queue, the web build) is
 * loaded when that command runs, so `dossier --help` answers at once.
 */
function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    "Dossier — freedom-of-information requests for Belgium",
    "",
    "Usage:",
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    "  dossier --help".padEnd(width + 2) + "  Show this help",
    "",
    "Configuration comes from environment variables; see .env.example.",
  ].join("\n");
}

function findCommand(argv: string[]): { command: CommandSpec; rest: string[] } | undefined {
  const matches = commands.filter((c) => c.path.every((word, i) => argv[i] === word)).sort((a, b) => b.path.length - a.path.length);
  const command = matches[0];
  return command ? { command, rest: argv.slice(command.path.length) } : undefined;
}

/**
 * `dossier mail --help` (or `dossier mail`): the commands under a first word
 * that is not a command itself. Undefined when the word names no group or
 * when words other than a help flag follow it.
 */
export function groupHelp(argv: string[]): string | undefined {
  const [word, ...rest] = argv;
  const members = commands.filter((c) => c.path.length > 1 && c.path[0] === word);
  if (members.length === 0 || !rest.every((arg) => arg === "--help" || arg === "-h")) return undefined;
  const width = Math.max(...members.map((c) => c.usage.length));
  return ["Usage:", ...members.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    console.log(helpText());
    return 0;
  }
  const found = findCommand(argv);
  const group = found ? undefined : groupHelp(argv);
  if (group) {
    console.log(group);
    return 0;
  }
  if (!found) {
    console.error(`Unknown command: dossier ${argv.join(" ")}\n\n${helpText()}`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    const run = await command.load();
    if (!command.needsContext) return (await run(rest, undefined)) ?? 0;
    const { openContext } = await import("./context");
    const context = await openContext({ role: "client", migrate: command.path[0] !== "migrate" });
    try {
      return (await run(rest, context)) ?? 0;
    } finally {
      await context.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78;
    }
    const message = error instanceof DossierError || error instanceof Error ? error.message : String(error);
    console.error(`dossier ${command.path.join(" ")} failed: ${message}`);
    return 1;
  }
}

/** Resolves once everything written to `stream` so far has been handed to the OS (a pipe may hold only 64 KiB at once). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    // Callbacks run in write order: this one fires after every earlier chunk is flushed (or the reader went away).
    stream.write("", () => resolve());
  });
}

const code = await main(process.argv.slice(2));
// Commands that serve (start, web, worker, smtp) never return here. Exiting
// before stdout drains would cut a large JSON export piped to another program.
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
