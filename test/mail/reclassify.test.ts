import { describe, expect, it } from "vitest";
import { reclassifyMessage } from "../../mail/reclassify";
import { hasUnclassifiedReply } from "../../requests/requests";
import { loadStatsRecords } from "../../watch/scorecards";
import { useTestDatabase } from "../support/database";
import { createRequestFixture } from "./factories";

const database = useTestDatabase();

async function acknowledgementOn(requestId: number) {
  const m = await database.db
    .insertInto("messages")
    .values({ request_id: requestId, direction: "inbound", kind: "acknowledgement", from_address: "info@commune-test.be", subject: "RE: demande", body_text: "Nous avons bien reçu votre demande. Nous ne disposons pas…" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return m.id;
}

describe("reclassifying an inbound message", () => {
  it("the requester turns a misread acknowledgement into a reply: timeline, audit log, awaiting classification and scorecard follow", async () => {
    const { request, user, authority } = await createRequestFixture(database.db);
    const messageId = await acknowledgementOn(request.id);
    expect(await hasUnclassifiedReply(database.db, request.id)).toBe(false);
    expect((await loadStatsRecords(database.db, [authority.id])).get(authority.id)?.[0].firstReply).toBeNull();

    const r = await reclassifyMessage(database.db, { messageId, kind: "reply", actor: { userId: user.id, isAdmin: false } });
    expect(r).toEqual({ changed: true, requestId: request.id });

    const m = await database.db.selectFrom("messages").select(["kind", "classification_reason"]).where("id", "=", messageId).executeTakeFirstOrThrow();
    expect(m).toEqual({ kind: "reply", classification_reason: "reclassified by the requester (was acknowledgement)" });
    const event = await database.db.selectFrom("events").select(["actor_user_id", "data"]).where("request_id", "=", request.id).where("type", "=", "message_reclassified").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_user_id: user.id, data: { message_id: messageId, from: "acknowledgement", to: "reply" } });
    const audit = await database.db.selectFrom("audit_log").select(["action", "target_id", "actor_user_id"]).where("request_id", "=", request.id).executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: "message.reclassify", target_id: messageId, actor_user_id: user.id });
    expect(await hasUnclassifiedReply(database.db, request.id)).toBe(true);
    expect((await loadStatsRecords(database.db, [authority.id])).get(authority.id)?.[0].firstReply).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The same kind again changes nothing and writes nothing.
    expect(await reclassifyMessage(database.db, { messageId, kind: "reply", actor: { userId: user.id, isAdmin: false } })).toEqual({ changed: false, requestId: request.id });
    expect(await database.db.selectFrom("audit_log").select("id").where("request_id", "=", request.id).execute()).toHaveLength(1);
  });

  it("someone else cannot; an administrator can; an unknown kind is refused", async () => {
    const { request } = await createRequestFixture(database.db);
    const other = await createRequestFixture(database.db);
    const messageId = await acknowledgementOn(request.id);
    await expect(reclassifyMessage(database.db, { messageId, kind: "reply", actor: { userId: other.user.id, isAdmin: false } })).rejects.toMatchObject({ code: "forbidden", status: 403 });
    await expect(reclassifyMessage(database.db, { messageId, kind: "spam", actor: { userId: other.user.id, isAdmin: true } })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(reclassifyMessage(database.db, { messageId: 987654321, kind: "reply", actor: { userId: other.user.id, isAdmin: true } })).rejects.toMatchObject({ status: 404 });
    await reclassifyMessage(database.db, { messageId, kind: "auto_reply", actor: { userId: other.user.id, isAdmin: true } });
    const m = await database.db.selectFrom("messages").select(["kind", "classification_reason"]).where("id", "=", messageId).executeTakeFirstOrThrow();
    expect(m).toEqual({ kind: "auto_reply", classification_reason: "reclassified by the administrator (was acknowledgement)" });
  });
});
