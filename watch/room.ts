import type { Room } from "../core/room";

/** Follows, alerts, feeds, scorecards and annotations. */
export const watchRoom: Room = {
  name: "watch",
  jobs: async () => (await import("./jobs")).watchJobs,
  // Events on requests reach the alert fan-out through the watch room's queue.
  subscribers: async () => (await import("./subscribers")).watchSubscribers,
  // Scorecards are fresh from the start.
  startup: async (context) => {
    const { STATS_JOB } = await import("./jobs");
    await context.queue.send(context.db, STATS_JOB, {}, { singletonKey: "watch.stats:startup" });
  },
};
