import type { Room } from "../core/room";

/** The search interface, its two backends and the indexing job. */
export const searchRoom: Room = {
  name: "search",
  jobs: async () => {
    const [{ searchJobs }, { searchFollowObserver }] = await Promise.all([import("./indexing"), import("../watch/search-alerts")]);
    // Saved searches alert exactly when the search page would show a reply: the watch room observes each indexing.
    return searchJobs(searchFollowObserver);
  },
  // The index follows every committed change to public content (core/events.ts).
  subscribers: async () => {
    const [{ searchSubscribers }, { searchFollowObserver }] = await Promise.all([import("./subscribers"), import("../watch/search-alerts")]);
    return searchSubscribers(searchFollowObserver);
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
};
