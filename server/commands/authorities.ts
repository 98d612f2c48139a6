import { authoritiesCommand, deadlineCommand, ensureDirectoryLoaded } from "../../authorities/cli";
import type { Runtime } from "../runtime";
import type { Command } from "./types";

const borrowDb = (runtime: Runtime | undefined) => async () => ({ db: runtime!.database.db, close: async () => {} });

export const authoritiesImportCommand: Command = {
  path: ["authorities", "import"],
  summary: "Load the bundled directory or a CSV/JSON file, all-or-nothing (also --deactivate-missing, --json)",
  usage: "dossier authorities import [--dry-run] [FILE]",
  needsRuntime: true,
  run: (args, runtime) => authoritiesCommand(["import", ...args], borrowDb(runtime)),
};

export const authoritiesExportCommand: Command = {
  path: ["authorities", "export"],
  summary: "Write the whole directory as CSV or JSON",
  usage: "dossier authorities export --format csv|json [--output FILE]",
  needsRuntime: true,
  run: (args, runtime) => {
    // `dossier authorities export | head` closes the pipe early: that is not an error.
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
    return authoritiesCommand(["export", ...args], borrowDb(runtime));
  },
};

export const deadlineCliCommand: Command = {
  path: ["deadline"],
  summary: "Compute the legal deadlines of a request (JSON); or --batch: one JSON object per line on stdin",
  usage: "dossier deadline --regime ID --received DATE [--extended] [--refused-on DATE]",
  needsRuntime: false,
  run: (args) => deadlineCommand(args),
};

/** `dossier start`: a fresh database gets the bundled directory. */
export async function loadDirectoryWhenEmpty(runtime: Runtime): Promise<void> {
  await ensureDirectoryLoaded(runtime.database.db, (line) => console.log(line));
}
