import type { Room } from "../core/room";

/** Masking, redaction, hiding, reports and the one Publisher of public text. */
export const moderationRoom: Room = {
  name: "moderation",
  jobs: async () => (await import("./jobs")).moderationJobs,
  // PDFs and images get their public copy made when their text arrives.
  subscribers: async () => (await import("./subscribers")).moderationSubscribers,
};
