import type { Room } from "../core/room";

/** Batches: one request sent to many authorities, throttled, followed and digested as one. */
export const batchesRoom: Room = {
  name: "batches",
  jobs: async () => {
    const [{ batchSendJob }, { batchDigestJob }] = await Promise.all([import("./sending"), import("./digest")]);
    return [batchSendJob, batchDigestJob];
  },
  // Replies to a batch's requests go into the batch's digest.
  subscribers: async () => (await import("./digest")).batchSubscribers,
  commands: [
    {
      path: ["batches", "allow"],
      summary: "Set how many authorities a user may address in one batch (administrators' allowance; 0 forbids batches)",
      usage: "dossier batches allow --email ADDRESS --authorities N [--reason TEXT]",
      needsContext: true,
      load: async () => (await import("./commands")).batchesAllow,
    },
    {
      path: ["batches", "send"],
      summary: "Send what the throttle allows now for every sending batch (the worker does this every minute); prints JSON",
      usage: "dossier batches send",
      needsContext: true,
      load: async () => (await import("./commands")).batchesSend,
    },
  ],
};
