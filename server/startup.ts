import { loadDirectoryWhenEmpty } from "./commands/authorities";
import { configureMailJobs } from "../mail/jobs";
import type { Runtime } from "./runtime";

/** Work done by `dossier start` after migrating and before serving. Rooms add theirs. */
export const startupHooks: Array<(runtime: Runtime) => Promise<void>> = [
  loadDirectoryWhenEmpty,
  // The mail jobs need the secret and the data directory of this process.
  async (runtime) => configureMailJobs(runtime.config),
];
