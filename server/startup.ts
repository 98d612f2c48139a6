import { loadDirectoryWhenEmpty } from "./commands/authorities";
import type { Runtime } from "./runtime";

/** Work done by `dossier start` after migrating and before serving. Rooms add theirs. */
export const startupHooks: Array<(runtime: Runtime) => Promise<void>> = [loadDirectoryWhenEmpty];
