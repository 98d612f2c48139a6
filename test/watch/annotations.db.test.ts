import { describe, expect, it } from "vitest";
import { addAnnotation, AnnotationNotAllowed, AnnotationRateLimited, annotationFormSchema, hideAnnotation, listAnnotations } from "../../watch/annotations";
import { useTestDatabase } from "../support/database";
import { makeAuthority, makeRequest, makeUser } from "./factories";

const database = useTestDatabase();

describe("annotations", () => {
  it("are added by readers, hidden by the owner or an admin only, and shown accordingly", async () => {
    const { db } = database;
    const authority = await makeAuthority(db);
    const owner = await makeUser(db);
    const reader = await makeUser(db, { display_name: "Journalist" });
    const admin = await makeUser(db, { role: "admin" });
    const request = await makeRequest(db, authority.id, owner.id);
    const first = await addAnnotation(db, { requestId: request.id, userId: reader.id, body: "Covered by Le Soir", linkUrl: "https://www.lesoir.be/x" });
    const second = await addAnnotation(db, { requestId: request.id, userId: reader.id, body: "Spam spam", linkUrl: null });

    await expect(hideAnnotation(db, second, { id: reader.id, role: "citizen" })).rejects.toBeInstanceOf(AnnotationNotAllowed);
    await hideAnnotation(db, second, { id: owner.id, role: "citizen" });
    await hideAnnotation(db, first, { id: admin.id, role: "admin" });

    const publicView = await listAnnotations(db, request.id, null);
    expect(publicView).toMatchObject({ items: [], hiddenCount: 2, canModerate: false });
    const ownerView = await listAnnotations(db, request.id, { id: owner.id, role: "citizen" });
    expect(ownerView.items.map((i) => [i.body, i.hidden, i.authorName])).toEqual([
      ["Covered by Le Soir", true, "Journalist"],
      ["Spam spam", true, "Journalist"],
    ]);
    const hiddenRow = await db.selectFrom("annotations").select(["hidden_by_user_id"]).where("id", "=", first).executeTakeFirstOrThrow();
    expect(hiddenRow.hidden_by_user_id).toBe(admin.id);
  });

  it("are rate-limited per user (5 an hour)", async () => {
    const { db } = database;
    const authority = await makeAuthority(db);
    const owner = await makeUser(db);
    const eager = await makeUser(db);
    const request = await makeRequest(db, authority.id, owner.id);
    const now = new Date("2026-05-01T10:00:00Z");
    const add = (at: Date) => addAnnotation(db, { requestId: request.id, userId: eager.id, body: "More context", linkUrl: null }, at);
    await Promise.all(Array.from({ length: 5 }, () => add(now)));
    const error = await add(new Date(now.getTime() + 60_000)).catch((e) => e);
    expect(error).toBeInstanceOf(AnnotationRateLimited);
    expect(error.retryAfterSeconds).toBe(3540);
    // Parallel attempts cannot slip past the limit.
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => add(new Date(now.getTime() + 120_000))));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(await add(new Date(now.getTime() + 3601_000))).toBeGreaterThan(0);
  });

  it("cannot annotate hidden or draft requests", async () => {
    const { db } = database;
    const authority = await makeAuthority(db);
    const owner = await makeUser(db);
    const hidden = await makeRequest(db, authority.id, owner.id, { hidden: true });
    await expect(addAnnotation(db, { requestId: hidden.id, userId: owner.id, body: "hello", linkUrl: null })).rejects.toBeInstanceOf(AnnotationNotAllowed);
  });

  it.each([
    [{ body: "ok", link: "" }, false],
    [{ body: "Long enough", link: "" }, true],
    [{ body: "Long enough", link: "javascript:alert(1)" }, false],
    [{ body: "Long enough", link: "https://news.example/a" }, true],
    [{ body: "x".repeat(2001) }, false],
  ])("validates the form %j → %s", (input, ok) => {
    expect(annotationFormSchema.safeParse(input).success).toBe(ok);
  });
});
