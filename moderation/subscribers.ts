import type { Db } from "../db/connect";
import { defineSubscriber } from "../core/events";
import type { JobQueue } from "../core/jobs";
import { isRedactable } from "./attachments";
import { queueAttachmentRedaction } from "./jobs";
import { publisherForRequest } from "./publish";

/**
 * Redaction ahead of time (docs/decisions/160-redaction-ahead-of-time.md):
 * when a PDF's or an image's text has been extracted, or its message has
 * moved to a request (other rules), its public copy is made by a job, so a
 * page view never has to. Changes of rules have their own job
 * (redaction_jobs, moderation/jobs.ts).
 */
export const moderationSubscribers = [
  defineSubscriber({
    name: "moderation.redact-files",
    on: ["attachment.changed", "message.changed"],
    async handle(event, { db, queue }) {
      if (event.type === "attachment.changed") {
        if (event.data.fields.includes("extracted_text")) await queueIfNeeded(db, queue, { attachmentId: event.data.attachmentId });
      } else if (event.data.fields.includes("request_id")) {
        await queueIfNeeded(db, queue, { messageId: event.data.messageId });
      }
    },
  }),
];

async function queueIfNeeded(db: Db, queue: Pick<JobQueue, "send">, target: { attachmentId: number } | { messageId: number }): Promise<void> {
  let q = db.selectFrom("attachments as a").innerJoin("messages as m", "m.id", "a.message_id").select(["a.id", "a.content_type", "a.extracted_text", "m.request_id"]);
  q = "attachmentId" in target ? q.where("a.id", "=", target.attachmentId) : q.where("a.message_id", "=", target.messageId);
  for (const a of await q.execute()) {
    if (a.request_id === null || !isRedactable(a.content_type)) continue;
    if ((await publisherForRequest(db, a.request_id)).fileNeedsRedaction(a.extracted_text)) await queueAttachmentRedaction(db, queue, a.id);
  }
}
