import { migrateCommand } from "./migrate";
import { startCommand, webCommand, workerCommand } from "./start";
import type { Command } from "./types";
import { searchCommand, searchReindexCommand } from "../../search/commands";

/** Every `dossier` command. Rooms add theirs here. */
export const commands: Command[] = [startCommand, webCommand, workerCommand, migrateCommand, searchReindexCommand, searchCommand];
