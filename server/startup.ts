import { configureOutbound, requeuePending } from "../mail/outbound";
import { configureDeadlines } from "../requests/deadlines/job";
import { loadDirectoryWhenEmpty } from "./commands/authorities";
import { configureMailJobs } from "../mail/jobs";
import type { Runtime } from "./runtime";

/** Work done by `dossier start` after migrating and before serving. Rooms add theirs. */
export const startupHooks: Array<(runtime: Runtime) => Promise<void>> = [
  loadDirectoryWhenEmpty,
  // Letters that waited for a relay (or for a crashed worker) are queued again.
  async (runtime) => {
    configureOutbound(runtime.config);
    configureDeadlines(runtime.config);
    if (runtime.config.smtpUrl) await requeuePending(runtime.database.db, runtime.queue);
  },
  // The mail jobs need the secret and the data directory of this process.
  async (runtime) => configureMailJobs(runtime.config),
];
