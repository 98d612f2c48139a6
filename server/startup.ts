import { configureOutbound, requeuePending } from "../mail/outbound";
import { configureWatch, STATS_JOB } from "../watch/jobs";
import { configureDeadlines } from "../requests/deadlines/job";
import { loadDirectoryWhenEmpty } from "./commands/authorities";
import { configureMailJobs } from "../mail/jobs";
import { configureModerationJobs } from "../moderation/jobs";
import type { Runtime } from "./runtime";
import { createSearchBackend } from "../search/backend";

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
  // Meilisearch index settings (a no-op on PostgreSQL).
  (runtime) => createSearchBackend(runtime.database.db, runtime.config).setup(),
  // Watchdogs: alert jobs need the public address and secret; scorecards are fresh from the start.
  async (runtime) => {
    configureWatch(runtime.config);
    await runtime.queue.send(runtime.database.db, STATS_JOB, {}, { singletonKey: "watch.stats:startup" });
  },
  // The re-redaction job reads stored files from this process's data directory.
  async (runtime) => configureModerationJobs({ dataDir: runtime.config.dataDir }),
];
