import { describe, expect, it } from "vitest";
import { getAuthorityScorecard, ranking, recomputeAuthorityStats, toCsv, flatFigures } from "../../watch/scorecards";
import type { Scorecard } from "../../watch/stats";
import { useTestDatabase } from "../support/database";
import { addEvent, makeAuthority, makeReply, makeRequest, makeUser } from "./factories";

const database = useTestDatabase();

/** A reply received at noon, Brussels time, on a civil date. */
const noon = (date: string) => new Date(`${date}T10:00:00Z`);

describe("scorecards from the database", () => {
  it("match the hand-computed figures (on time, late, never answered, across a holiday)", async () => {
    const { db } = database;
    const commune = await makeAuthority(db, { name_fr: "Commune témoin" });
    const user = await makeUser(db);
    // Due dates are left for the engine to compute from the Walloon regime
    // (30 calendar days, moved to the next working day).
    const make = (received: string | null, state: string) => makeRequest(db, commune.id, user.id, { received_date: received, due_date: null, state });

    const onTime = await make("2026-01-05", "successful"); // due 02-04, reply after 15 days
    await makeReply(db, onTime.id, { at: noon("2026-01-20") });
    const late = await make("2026-02-02", "appeal_pending"); // due 03-04, reply after 36 days, refused, appealed
    await makeReply(db, late.id, { at: noon("2026-03-10") });
    await addEvent(db, late.id, "classified", user.id, { state: "refused" });
    await addEvent(db, late.id, "state_changed", user.id, { from: "refused", to: "appeal_pending" });
    await make("2026-03-02", "awaiting_response"); // due 04-01, never answered: overdue
    const acrossHoliday = await make("2026-04-14", "partially_successful"); // due 05-14 is Ascension → 05-15
    await makeReply(db, acrossHoliday.id, { at: noon("2026-05-15") });
    await make("2026-06-01", "awaiting_response"); // due 07-01: not yet due
    const onTheLastDay = await make("2026-01-05", "not_held");
    await makeReply(db, onTheLastDay.id, { at: noon("2026-02-04") });
    const oneDayLate = await make("2026-03-02", "successful");
    // An auto-reply does not count as an answer; the real one came a day late.
    await makeReply(db, oneDayLate.id, { at: noon("2026-03-03"), kind: "auto_reply" });
    await makeReply(db, oneDayLate.id, { at: noon("2026-04-02") });
    await make(null, "draft");
    const quickRefusal = await make("2026-02-02", "appeal_pending");
    await makeReply(db, quickRefusal.id, { at: noon("2026-02-12") });
    await addEvent(db, quickRefusal.id, "classified", user.id, { state: "refused" });
    // A hidden request counts for nothing.
    await makeRequest(db, commune.id, user.id, { hidden: true, state: "refused" });

    expect(await recomputeAuthorityStats(db, "2026-06-30")).toBe(1);
    const { card, computedOn } = await getAuthorityScorecard(db, commune.id);
    expect(computedOn).toBe("2026-06-30");
    const pairs = (c: Scorecard) => ({
      requests: c.requests,
      answeredInTime: [c.answeredInTime.count, c.answeredInTime.n],
      median: [c.medianDaysToFirstReply.value, c.medianDaysToFirstReply.n],
      overdue: [c.overdueNow.count, c.overdueNow.n],
      outcomes: [c.successful.count, c.partial.count, c.refused.count, c.notHeld.count, c.successful.n],
      appeals: [c.appeals.count, c.appeals.n],
    });
    expect(pairs(card)).toEqual({
      requests: 8,
      answeredInTime: [4, 7],
      median: [30.5, 6],
      overdue: [1, 8],
      outcomes: [2, 1, 2, 1, 6],
      appeals: [2, 8],
    });
    expect(card.answeredInTime.low).toBeCloseTo(0.25046, 4);

    const { rows } = await ranking(db, { region: "wallonia", kind: "commune" }, "answeredInTime", "desc", (n) => n.name_fr ?? "");
    expect(rows[0].slug).toBe(commune.slug);
    const csv = toCsv(rows.map((r) => ({ slug: r.slug, ...flatFigures(r.card) })));
    expect(csv.split("\r\n")[0]).toContain("answered_in_time,answered_in_time_n,answered_in_time_count,answered_in_time_low,answered_in_time_high");
    expect(csv).toContain(`${commune.slug},8,0.571429,7,4,0.250458,0.84178,30.5,6`);
  });

  it("drops the scorecard of an authority whose requests all became hidden", async () => {
    const { db } = database;
    const commune = await makeAuthority(db);
    const user = await makeUser(db);
    const request = await makeRequest(db, commune.id, user.id);
    await recomputeAuthorityStats(db, "2026-06-30");
    expect((await getAuthorityScorecard(db, commune.id)).card.requests).toBe(1);
    await db.updateTable("requests").set({ hidden: true }).where("id", "=", request.id).execute();
    await recomputeAuthorityStats(db, "2026-06-30");
    expect(await getAuthorityScorecard(db, commune.id)).toMatchObject({ computedOn: null, card: { requests: 0 } });
  });
});
