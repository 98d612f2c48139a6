import type { Room } from "../core/room";

/** Masking, redaction, hiding, reports and the one Publisher of public text. */
export const moderationRoom: Room = {
  name: "moderation",
  jobs: async () => (await import("./jobs")).moderationJobs,
};
