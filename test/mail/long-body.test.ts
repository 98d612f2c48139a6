import { describe, expect, it } from "vitest";
import { PUBLISHED_BODY_CAP } from "../../core/text";
import { fullMessageText, loadThreadMessages } from "../../mail/thread";
import { getRequestView } from "../../requests/queries";
import { useTestDatabase } from "../support/database";
import { createRequestFixture } from "./factories";

const database = useTestDatabase();

describe("long replies and the order of replies", () => {
  it("a 3 MB reply is published up to the cap on the page and in the JSON view, the full text behind its own link", async () => {
    const { request } = await createRequestFixture(database.db);
    const body = "Ligne du rapport budgétaire.\n".repeat(110_000);
    const m = await database.db
      .insertInto("messages")
      .values({ request_id: request.id, direction: "inbound", kind: "reply", subject: "Rapport", body_text: body, body_html: `<p>${body}</p>`, received_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const [shown] = await loadThreadMessages(database.db, request.id, "fr");
    expect(shown.text.length).toBe(PUBLISHED_BODY_CAP);
    expect(shown.textTotal).toBe(body.length);
    expect(shown.html).toBeNull();
    expect(shown.fullTextUrl).toBe(`/requests/${request.id}/messages/${m.id}.txt`);
    const view = await getRequestView(database.db, request.id, null, false, "fr");
    const entry = view!.timeline.find((e) => e.type === "message" && e.id === m.id);
    expect(entry && entry.type === "message" ? [entry.text.length, entry.textTotal] : null).toEqual([PUBLISHED_BODY_CAP, body.length]);
    expect((await fullMessageText(database.db, request.id, m.id, "fr"))?.text.length).toBe(body.length);
  });

  it("replies are ordered by when Dossier received them, not by the Date their sender claims", async () => {
    const { request } = await createRequestFixture(database.db);
    const now = Date.now();
    const [today, backdated] = await Promise.all(
      [
        { subject: "today", sent_at: new Date(now - 60_000), received_at: new Date(now - 60_000) },
        { subject: "backdated", sent_at: new Date(now - 7 * 86_400_000), received_at: new Date(now) },
      ].map((v) => database.db.insertInto("messages").values({ request_id: request.id, direction: "inbound", kind: "reply", body_text: "x", ...v }).returning("id").executeTakeFirstOrThrow()),
    );
    expect((await loadThreadMessages(database.db, request.id, "fr")).map((m) => m.id)).toEqual([today.id, backdated.id]);
    const view = await getRequestView(database.db, request.id, null, false, "fr");
    expect(view!.timeline.filter((e) => e.type === "message").map((e) => e.id)).toEqual([today.id, backdated.id]);
  });
});
