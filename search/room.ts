import type { Room } from "../core/room";
import type { IndexObserver } from "./indexing";

/**
 * The search interface, its two backends and the indexing job. `observer`
 * sees each request indexed: server/rooms.ts wires the watch room's in, so
 * saved searches alert exactly when the search page would show a reply,
 * without this room knowing about watchdogs.
 */
export const searchRoom = (options: { observer?: () => Promise<IndexObserver> } = {}): Room => ({
  name: "search",
  jobs: async () => {
    const [{ searchJobs }, observer] = await Promise.all([import("./indexing"), options.observer?.()]);
    return searchJobs(observer);
  },
  // The index follows every committed change to public content (core/events.ts).
  subscribers: async () => {
    const [{ searchSubscribers }, observer] = await Promise.all([import("./subscribers"), options.observer?.()]);
    return searchSubscribers(observer);
  },
  commands: [
    {
      path: ["search", "reindex"],
      summary: "Rebuild the search index from the database",
      usage: "dossier search reindex",
      needsContext: true,
      load: async () => (await import("./commands")).searchReindex,
    },
    {
      path: ["search"],
      summary: "Search published requests, replies and attachments",
      usage: "dossier search QUERY [--authority SLUG] [--json]",
      needsContext: true,
      load: async () => (await import("./commands")).searchQuery,
    },
  ],
  // Meilisearch index settings (a no-op on PostgreSQL).
  startup: (context) => context.search.setup(),
});
