import type { Room } from "../core/room";

/** The directory, its importer, the access regimes and the deadline engine. */
export const authoritiesRoom: Room = {
  name: "authorities",
  commands: [
    {
      path: ["authorities", "import"],
      summary: "Load the bundled directory or a CSV/JSON file, all-or-nothing (also --deactivate-missing, --json)",
      usage: "dossier authorities import [--dry-run] [FILE]",
      needsContext: true,
      load: async () => {
        const { authoritiesCommand } = await import("./cli");
        return (args, context) => authoritiesCommand(["import", ...args], async () => ({ db: context!.db, close: async () => {} }));
      },
    },
    {
      path: ["authorities", "export"],
      summary: "Write the whole directory as CSV or JSON",
      usage: "dossier authorities export --format csv|json [--output FILE]",
      needsContext: true,
      load: async () => {
        const { authoritiesCommand } = await import("./cli");
        return (args, context) => {
          // `dossier authorities export | head` closes the pipe early: that is not an error.
          process.stdout.on("error", (error: NodeJS.ErrnoException) => {
            if (error.code === "EPIPE") process.exit(0);
            throw error;
          });
          return authoritiesCommand(["export", ...args], async () => ({ db: context!.db, close: async () => {} }));
        };
      },
    },
    {
      path: ["deadline"],
      summary: "Compute the legal deadlines of a request (JSON); or --batch: one JSON object per line on stdin",
      usage: "dossier deadline --regime ID --received DATE [--extended] [--refused-on DATE]",
      needsContext: false,
      load: async () => {
        const { deadlineCommand } = await import("./cli");
        return (args) => deadlineCommand(args);
      },
    },
  ],
  // A reply from an authority's domain verifies its request address.
  subscribers: async () => (await import("./email-verification")).emailVerificationSubscribers,
  // A fresh database gets the bundled directory.
  startup: async (context) => {
    const { ensureDirectoryLoaded } = await import("./cli");
    await ensureDirectoryLoaded(context.db, (line) => context.logger.info(line));
  },
};
