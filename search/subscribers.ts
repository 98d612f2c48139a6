import type { Db } from "../db/connect";
import { defineSubscriber, type StoredDomainEvent } from "../core/events";
import { indexTarget, indexTargets, type IndexObserver, type IndexTarget } from "./indexing";

/**
 * The index follows committed changes by itself: any event that can alter
 * what is public (a request's timeline, a request, message or attachment
 * hidden, moved or given text) re-indexes what it touched. The indexing
 * re-reads what is public when it runs, so seeing an event twice is harmless.
 */
export function searchSubscribers(observer?: IndexObserver) {
  return [
    defineSubscriber({
      name: "search.index",
      on: ["request.event_recorded", "request.changed", "message.changed", "attachment.changed", "watch.search_check_recorded"],
      async handle(event, { db, search }) {
        const target = await targetFor(event, db);
        if (target) await indexTarget(db, search, target, observer);
      },
      // A burst of replies: one read per request and one write for the whole batch.
      async handleBatch(events, { db, search }) {
        const targets: IndexTarget[] = [];
        for (const event of events) {
          const target = await targetFor(event, db);
          if (target) targets.push(target);
        }
        if (targets.length) await indexTargets(db, search, targets, observer);
      },
    }),
  ];
}

/** Timeline events that only say a message arrived: indexing that message is enough. */
const arrivalEvents = new Set(["reply_received", "auto_reply_received", "acknowledgement_received"]);
/** Timeline events that change nothing public (who was e-mailed about a reply): nothing to index. */
const privateEvents = new Set(["citizen_notified"]);

async function targetFor(event: StoredDomainEvent, db: Db): Promise<IndexTarget | null> {
  if (event.type === "request.event_recorded" && privateEvents.has((event as StoredDomainEvent<"request.event_recorded">).data.eventType)) return null;
  return (await arrivalTarget(event, db)) ?? targetOf(event);
}

async function arrivalTarget(event: StoredDomainEvent, db: Db): Promise<IndexTarget | null> {
  if (event.type !== "request.event_recorded") return null;
  const { eventId, eventType } = (event as StoredDomainEvent<"request.event_recorded">).data;
  if (!arrivalEvents.has(eventType)) return null;
  const row = await db.selectFrom("events").select("data").where("id", "=", eventId).executeTakeFirst();
  const data = (typeof row?.data === "string" ? JSON.parse(row.data) : row?.data) as { message_id?: unknown } | undefined;
  return typeof data?.message_id === "number" ? { messageId: data.message_id } : null;
}

function targetOf(event: StoredDomainEvent): IndexTarget | null {
  switch (event.type) {
    case "message.changed":
      return { messageId: event.data.messageId };
    case "attachment.changed":
      return { attachmentId: event.data.attachmentId };
    case "watch.search_check_recorded":
      // Wherever the message is now (it may have moved since).
      return { messageId: event.data.messageId };
    default:
      return event.requestId != null ? { requestId: event.requestId } : null;
  }
}
