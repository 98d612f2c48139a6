import type { Runtime } from "./runtime";
import { createSearchBackend } from "../search/backend";

/** Work done by `dossier start` after migrating and before serving. Rooms add theirs. */
export const startupHooks: Array<(runtime: Runtime) => Promise<void>> = [
  // Meilisearch index settings (a no-op on PostgreSQL).
  (runtime) => createSearchBackend(runtime.database.db, runtime.config).setup(),
];
