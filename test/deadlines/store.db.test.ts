import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { REGIMES, withOverrides } from "../../authorities/regimes";
import { listOverdue, needsActionRank, recomputeAll, refreshRequestById, setExtension } from "../../requests/deadlines/store";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();

async function authority(regime: string) {
  const n = randomBytes(3).toString("hex");
  return database.db
    .insertInto("authorities")
    .values({ slug: `a-${n}`, name_fr: `Autorité ${n}`, kind: "commune", level: "local", regime, languages: ["fr"], email: `a-${n}@example.be` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function user() {
  const n = randomBytes(3).toString("hex");
  return database.db.insertInto("users").values({ email: `u-${n}@example.org`, display_name: `U ${n}` }).returningAll().executeTakeFirstOrThrow();
}

async function request(authorityId: number, userId: number, over: Record<string, unknown> = {}) {
  const n = randomBytes(3).toString("hex");
  return database.db
    .insertInto("requests")
    .values({ authority_id: authorityId, user_id: userId, title: `T ${n}`, body: "B", language: "fr", public_slug: `t-${n}`, state: "awaiting_response", received_date: "2026-03-02", sent_at: new Date("2026-03-02T09:00:00Z"), ...over })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe("deadline store", () => {
  it("recomputes stored dates, marks overdue once (with an event), and reports how many changed", async () => {
    const wal = await authority("wallonia");
    const bru = await authority("brussels");
    const u = await user();
    const a = await request(wal.id, u.id);
    const b = await request(bru.id, u.id, { received_date: "2026-03-20" });
    const c = await request(wal.id, u.id, { state: "successful" });

    const first = await recomputeAll(database.db, "2026-04-01");
    expect(first.changed).toBeGreaterThanOrEqual(3);
    const rowA = await database.db.selectFrom("requests").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
    expect([rowA.due_date, rowA.appeal_deadline, rowA.overdue_since]).toEqual(["2026-04-01", "2026-05-01", null]);

    const second = await recomputeAll(database.db, "2026-04-02");
    expect(second.changed).toBe(0);
    expect(second.newlyOverdue).toContain(a.id);
    expect(second.newlyOverdue).not.toContain(c.id);
    const third = await recomputeAll(database.db, "2026-04-03");
    expect(third.newlyOverdue).not.toContain(a.id);
    const events = await database.db.selectFrom("events").select("type").where("request_id", "=", a.id).where("type", "=", "overdue").execute();
    expect(events).toHaveLength(1);

    // A rule change (an administrator's correction) changes stored dates; recompute reports it.
    const table = withOverrides({ wallonia: { due: { ...REGIMES.wallonia.due, value: { days: 35, unit: "calendar" } } } });
    const afterRule = await recomputeAll(database.db, "2026-04-03", table);
    expect(afterRule.changed).toBe(2);
    const rowA2 = await database.db.selectFrom("requests").select(["due_date", "overdue_since"]).where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(rowA2).toEqual({ due_date: "2026-04-07", overdue_since: null }); // R + 35 is Easter Monday
    void b;
  });

  it("an extension moves the deadline and clears the overdue mark", async () => {
    const fed = await authority("federal");
    const u = await user();
    const r = await request(fed.id, u.id);
    await refreshRequestById(database.db, r.id, "2026-04-05");
    expect((await database.db.selectFrom("requests").select("overdue_since").where("id", "=", r.id).executeTakeFirstOrThrow()).overdue_since).toBe("2026-04-02");
    await database.db.transaction().execute((trx) => setExtension(trx, r.id, u.id, "2026-03-25", "2026-04-05"));
    const row = await database.db.selectFrom("requests").select(["extended_due_date", "overdue_since"]).where("id", "=", r.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ extended_due_date: "2026-04-16", overdue_since: null });
    const types = (await database.db.selectFrom("events").select("type").where("request_id", "=", r.id).orderBy("id").execute()).map((e) => e.type);
    expect(types).toEqual(["overdue", "extension_marked"]);
  });

  it("lists overdue requests oldest first, per authority and site-wide, never hidden ones", async () => {
    const auth1 = await authority("flanders");
    const auth2 = await authority("flanders");
    const u = await user();
    const old = await request(auth1.id, u.id, { received_date: "2026-01-05" });
    const recent = await request(auth2.id, u.id, { received_date: "2026-02-02" });
    const hidden = await request(auth1.id, u.id, { received_date: "2026-01-01", hidden: true });
    await recomputeAll(database.db, "2026-03-15");
    const all = await listOverdue(database.db);
    const ids = all.items.map((i) => i.id);
    expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(recent.id));
    expect(ids).not.toContain(hidden.id);
    const one = await listOverdue(database.db, { authorityId: auth1.id });
    expect(one.items.map((i) => i.id)).toEqual([old.id]);
    expect(one.total).toBe(1);
    expect(Object.keys(one.items[0]!)).not.toContain("email");
  });
});

describe("needsActionRank", () => {
  const r = (state: string, over: Partial<{ due_date: string | null; extended_due_date: string | null; appeal_deadline: string | null }> = {}) => ({ state, due_date: "2026-04-01", extended_due_date: null, appeal_deadline: null, ...over });
  it.each([
    [r("refused", { appeal_deadline: "2026-04-15" }), {}, 0],
    [r("awaiting_response"), { unclassifiedReply: true }, 1],
    [r("awaiting_response", { due_date: "2026-04-09" }), {}, 2],
    [r("refused", { appeal_deadline: "2026-06-15" }), {}, 3],
    [r("awaiting_response", { due_date: "2026-04-30" }), {}, 4],
    [r("appeal_pending"), {}, 5],
    [r("draft", { due_date: null }), {}, 6],
    [r("successful"), {}, 7],
  ])("%j → %i", (req, opts, rank) => expect(needsActionRank(req, "2026-04-10", opts)).toBe(rank));
});
