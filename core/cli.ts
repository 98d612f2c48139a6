import type { AppContext } from "./context";
import { UsageError } from "./errors";

export { UsageError };

/**
 * One `dossier` command as a room declares it. The declaration is cheap
 * (words, summary, usage); `load` imports the code that runs it only when
 * the command is called, so `dossier --help` loads the CLI and the kernel
 * alone.
 */
export type CommandSpec = {
  /** The command's words: ["authorities", "import"]. */
  path: string[];
  summary: string;
  usage: string;
  /** Commands that need the database get an open context, closed for them afterwards. */
  needsContext: boolean;
  load: () => Promise<CommandRun>;
};

export type CommandRun = (args: string[], context: AppContext | undefined) => Promise<number | void>;

/** Parses `--name value` flags; bare `--flag` becomes "true". */
export function parseFlags(args: string[], known: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) throw new UsageError(`Unexpected argument: ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!known.includes(name)) throw new UsageError(`Unknown option --${name}`);
    if (inline !== undefined) out[name] = inline;
    else if (i + 1 < args.length && !args[i + 1].startsWith("--")) out[name] = args[++i];
    else out[name] = "true";
  }
  return out;
}
