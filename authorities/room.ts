import type { CommandSpec } from "../core/cli";
import type { Room } from "../core/room";

/** The directory administration (admin-cli.ts): proposals, edits, regime overrides. */
function adminCommands(): CommandSpec[] {
  const spec = (word: string, name: "proposalsCommand" | "decideCommand" | "editCommand" | "overridesCommand" | "overrideCommand", summary: string, usage: string): CommandSpec => ({
    path: ["authorities", word],
    summary,
    usage,
    needsContext: true,
    load: async () => {
      const run = (await import("./admin-cli"))[name];
      return (args, context) => run(context!.db, args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    },
  });
  return [
    spec("proposals", "proposalsCommand", "List the change proposals waiting for a decision (--decided: the decided ones)", "dossier authorities proposals [--decided] [--json]"),
    spec("decide", "decideCommand", "Accept or reject a change proposal; a rejection needs --reason (the proposer is told)", "dossier authorities decide ID accept|reject [--reason TEXT]"),
    spec(
      "edit",
      "editCommand",
      "Edit an authority: e-mail and its source, verified, postal address, website, active, merged into (audit-logged; an import keeps it)",
      "dossier authorities edit SLUG [--email A --email-source S] [--no-email] [--verified|--unverified] [--address TEXT] [--website URL] [--active|--inactive] [--merged-into SLUG|--not-merged] [--reason TEXT]",
    ),
    spec("overrides", "overridesCommand", "List the regime overrides and extra non-working days in force", "dossier authorities overrides [--json]"),
    spec(
      "override",
      "overrideCommand",
      "Set a regime's deadline, add a non-working day, or remove one; stored deadlines are recomputed",
      "dossier authorities override --regime ID (--due-days N | --extended-due-days N | --non-working-day MM-DD|YYYY-MM-DD --label NAME) --source TEXT | --remove ID",
    ),
  ];
}

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
    ...adminCommands(),
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
