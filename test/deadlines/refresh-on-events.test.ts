import { describe, expect, it } from "vitest";
import { recordEvent } from "../../core/events";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertRequest, insertUser } from "../search/factories";

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Any room's event on a request refreshes its deadlines without waiting for the daily run (a domain event's subscriber, requests/deadlines/subscribers.ts). */
describe("deadlines follow events", () => {
  const database = useTestDatabase();

  it("marks a long-silent request overdue as soon as something happens on it", async () => {
    const db = database.db;
    const runtime = testRuntime(database);
    const user = await insertUser(db);
    const authority = await insertAuthority(db, { regime: "flanders", region: "flanders", languages: ["nl"] });
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, received_date: "2026-01-05", language: "nl" });
    expect(request.overdue_since).toBeNull();

    const { PgBossQueue } = await import("../../server/queue");
    const { allJobs } = await import("../../server/rooms");
    const queue = new PgBossQueue(database.url, allJobs(), "worker");
    await queue.start();
    await queue.work({ ...runtime, queue });
    try {
      await recordEvent(db, { request_id: request.id, type: "annotation_added", data: JSON.stringify({}) });
      await waitFor(async () => (await db.selectFrom("requests").select("overdue_since").where("id", "=", request.id).executeTakeFirstOrThrow()).overdue_since !== null);
      const stored = await db.selectFrom("requests").select(["due_date", "overdue_since"]).where("id", "=", request.id).executeTakeFirstOrThrow();
      // Flanders: R + 20 calendar days, overdue from the day after.
      expect(stored.due_date).toBe("2026-01-26");
      expect(stored.overdue_since).toBe("2026-01-27");
      await waitFor(async () => (await db.selectFrom("events").select("id").where("request_id", "=", request.id).where("type", "=", "overdue").execute()).length === 1);
    } finally {
      await queue.stop();
    }
  });
});
