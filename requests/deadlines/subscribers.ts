import { defineSubscriber } from "../../core/events";
import { runDeadlinesFor } from "./job";
import { recomputeAll } from "./store";

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
    // A burst of replies puts many lines on few timelines: each request is refreshed once for the whole batch.
    async handleBatch(events, context) {
      const requests = new Set(events.flatMap((e) => (e.requestId == null || e.data.eventType === "overdue" ? [] : [e.requestId])));
      const today = context.clock.today();
      for (const requestId of requests) await runDeadlinesFor(context.db, context.queue, context.config, requestId, today);
    },
  }),
];

/** An administrator changed a regime's deadline or its non-working days: every stored deadline follows. */
export const rulesChangedSubscribers = [
  defineSubscriber({
    name: "deadlines.rules_changed",
    on: ["directory.rules_changed"],
    maxAttempts: 5,
    async handle(_event, context) {
      await recomputeAll(context.db, context.clock.today());
    },
  }),
];
