import { defineSubscriber } from "../../core/events";
import { runDeadlinesFor } from "./job";

/**
 * "A scheduled job (daily, and after every relevant event)": any room's
 * event on a request refreshes its deadlines and sends the reminders then
 * owed. The refresh records "overdue" itself, once, so that event is left
 * out to save a needless round.
 */
export const deadlineSubscribers = [
  defineSubscriber({
    name: "deadlines.refresh",
    on: ["request.event_recorded"],
    maxAttempts: 5,
    async handle(event, context) {
      if (event.requestId == null || event.data.eventType === "overdue") return;
      await runDeadlinesFor(context.db, context.queue, context.config, event.requestId, context.clock.today());
    },
  }),
];
