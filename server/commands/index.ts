import { authoritiesExportCommand, authoritiesImportCommand, deadlineCliCommand } from "./authorities";
import { deadlinesRecomputeCommand } from "./deadlines";
import { migrateCommand } from "./migrate";
import { mailIngestCommand } from "../../mail/commands";
import { requestsCreateCommand } from "./requests";
import { usersCreateCommand } from "./users";
import { smtpCommand, startCommand, webCommand, workerCommand } from "./start";
import type { Command } from "./types";
import { searchCommand, searchReindexCommand } from "../../search/commands";

/** Every `dossier` command. Rooms add theirs here. */
export const commands: Command[] = [
  startCommand,
  webCommand,
  smtpCommand,
  workerCommand,
  migrateCommand,
  mailIngestCommand,
  authoritiesImportCommand,
  authoritiesExportCommand,
  deadlineCliCommand,
  usersCreateCommand,
  requestsCreateCommand,
  mailIngestCommand,
  searchReindexCommand,
  searchCommand,
  deadlinesRecomputeCommand,
];
