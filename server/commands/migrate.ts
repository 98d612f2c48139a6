import { migrateToLatest } from "../../db/migrate";
import type { Command } from "./types";

export const migrateCommand: Command = {
  path: ["migrate"],
  summary: "Apply every pending database migration",
  usage: "dossier migrate",
  needsRuntime: true,
  async run(_args, runtime) {
    const applied = await migrateToLatest(runtime!.database.db);
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "The database is up to date.");
  },
};
