import { defineSubscriber, type StoredDomainEvent } from "../core/events";
import { indexTarget, type IndexObserver, type IndexTarget } from "./indexing";

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
        const target = targetOf(event);
        if (target) await indexTarget(db, search, target, observer);
      },
    }),
  ];
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
