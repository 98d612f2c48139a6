import type { Room } from "../core/room";

/** Inbound SMTP, the ingest pipeline, attachment text, the outbox. */
export const mailRoom: Room = {
  name: "mail",
  jobs: async () => {
    const [{ mailJobs }, { sendMailJob, outboxSweepJob }] = await Promise.all([import("./jobs"), import("./outbound")]);
    return [sendMailJob, outboxSweepJob, ...mailJobs];
  },
  commands: [
    {
      path: ["mail", "ingest"],
      summary: "Ingest raw RFC 822 files (- reads standard input) through the production path; one JSON line per file",
      usage: "dossier mail ingest FILE…|-",
      needsContext: true,
      load: async () => (await import("./commands")).mailIngest,
    },
  ],
  startup: async (context) => {
    // The stored public form of messages is recomputed by this start's code (mail/publications.ts).
    const { clearMessagePublications } = await import("./publications");
    await clearMessagePublications(context.db);
    // Letters that waited for a relay (or for a crashed worker) are queued again.
    if (!context.mailer.configured) return;
    const { requeuePending } = await import("./outbound");
    await requeuePending(context.db, context.queue);
  },
};
