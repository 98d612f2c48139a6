import { describe, expect, it } from "vitest";
import { dueDate } from "../../authorities/deadline";
import { computeScorecard, median, proportion, rankBy, wilson, type StatsRecord, type Scorecard } from "../../watch/stats";

/** A Walloon commune: 30 calendar days, moved to the next working day. */
function req(received: string | null, firstReply: string | null, state: string, outcome: StatsRecord["outcome"] = null, appealed = false): StatsRecord {
  return { received, due: received ? dueDate("wallonia", received) : null, firstReply, state, outcome, appealed };
}

const TODAY = "2026-06-30";
// Hand-worked fixture. Days are calendar days from receipt to first reply.
const FIXTURE: Record<string, StatsRecord> = {
  onTime: req("2026-01-05", "2026-01-20", "successful", "successful"), // due 02-04, 15 days
  late: req("2026-02-02", "2026-03-10", "appeal_pending", "refused", true), // due 03-04, 36 days
  neverAnswered: req("2026-03-02", null, "awaiting_response"), // due 04-01: overdue now
  // Due 2026-05-14 is Ascension Day: the deadline moves to Friday 05-15, so a
  // reply on 05-15 (31 days) is on time.
  acrossHoliday: req("2026-04-14", "2026-05-15", "partially_successful", "partially_successful"),
  notYetDue: req("2026-06-01", null, "awaiting_response"), // due 07-01: tells nothing yet
  onTheLastDay: req("2026-01-05", "2026-02-04", "not_held", "not_held"), // 30 days
  oneDayLate: req("2026-03-02", "2026-04-02", "successful", "successful"), // due 04-01, 31 days
  draft: req(null, null, "draft"),
  quickRefusalAppealed: req("2026-02-02", "2026-02-12", "appeal_pending", "refused", true), // 10 days
};

describe("scorecard statistics", () => {
  it("uses the deadline engine's holiday roll-forward in the fixture", () => {
    expect(FIXTURE.acrossHoliday.due).toBe("2026-05-15");
    expect(FIXTURE.neverAnswered.due).toBe("2026-04-01");
  });

  const card = computeScorecard(Object.values(FIXTURE), TODAY);

  it.each<[string, (c: Scorecard) => unknown, unknown]>([
    ["requests sent (the draft is not counted)", (c) => c.requests, 8],
    ["answered in time: 4 of 7 settled (not-yet-due left out)", (c) => [c.answeredInTime.count, c.answeredInTime.n], [4, 7]],
    ["median days to first reply over 6 replies: 10 15 30 31 31 36", (c) => [c.medianDaysToFirstReply.value, c.medianDaysToFirstReply.n], [30.5, 6]],
    ["overdue now: 1 of 8", (c) => [c.overdueNow.count, c.overdueNow.n], [1, 8]],
    ["successful: 2 of 6 classified", (c) => [c.successful.count, c.successful.n], [2, 6]],
    ["partial: 1 of 6", (c) => [c.partial.count, c.partial.n], [1, 6]],
    ["refused: 2 of 6 (kept while the appeal is pending)", (c) => [c.refused.count, c.refused.n], [2, 6]],
    ["not held: 1 of 6", (c) => [c.notHeld.count, c.notHeld.n], [1, 6]],
    ["appeals: 2 of 8", (c) => [c.appeals.count, c.appeals.n], [2, 8]],
  ])("%s", (_name, pick, expected) => {
    expect(pick(card)).toEqual(expected);
  });

  it("gives the share with its Wilson 95% interval", () => {
    expect(card.answeredInTime.value).toBeCloseTo(4 / 7, 10);
    // By hand: centre (p + z²/2n)/(1 + z²/n) = 0.546120, half-width 0.295660.
    expect(card.answeredInTime.low).toBeCloseTo(0.25046, 4);
    expect(card.answeredInTime.high).toBeCloseTo(0.84178, 4);
    expect(card.overdueNow.value).toBe(0.125);
  });

  it("moves with the date: on 07-02 the not-yet-due request is overdue and settled", () => {
    const later = computeScorecard(Object.values(FIXTURE), "2026-07-02");
    expect([later.answeredInTime.count, later.answeredInTime.n]).toEqual([4, 8]);
    expect([later.overdueNow.count, later.overdueNow.n]).toEqual([2, 8]);
    // On the due date itself nothing is late yet.
    const onDue = computeScorecard([FIXTURE.notYetDue, ...Array(5).fill(FIXTURE.onTime)], "2026-07-01");
    expect(onDue.overdueNow.count).toBe(0);
  });

  it("says 'not enough requests yet' under the threshold, still giving the counts", () => {
    const small = computeScorecard([FIXTURE.onTime, FIXTURE.late, FIXTURE.neverAnswered], TODAY);
    expect(small.requests).toBe(3);
    expect(small.answeredInTime).toEqual({ n: 3, count: 1, value: null, low: null, high: null, enough: false });
    expect(small.medianDaysToFirstReply).toEqual({ n: 2, value: null, enough: false });
    expect(computeScorecard([], TODAY).successful.enough).toBe(false);
  });

  it("wilson matches reference values", () => {
    const zero = wilson(0, 10);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.27753, 4);
    const half = wilson(50, 100);
    expect(half.low).toBeCloseTo(0.40383, 4);
    expect(half.high).toBeCloseTo(0.59617, 4);
    expect(proportion(5, 5).high).toBe(1);
  });

  it("median of odd and even samples", () => {
    expect(median([5, 1, 3, 9, 7]).value).toBe(5);
    expect(median([1, 2, 3, 4, 5, 6]).value).toBe(3.5);
  });

  it("ranks by a figure, rows without enough data last", () => {
    const full = { name: "B", card };
    const better = { name: "A", card: computeScorecard(Array(6).fill(FIXTURE.onTime), TODAY) };
    const thin = { name: "0 thin", card: computeScorecard([FIXTURE.onTime], TODAY) };
    expect(rankBy([thin, full, better], "answeredInTime", "desc").map((r) => r.name)).toEqual(["A", "B", "0 thin"]);
    expect(rankBy([thin, full, better], "answeredInTime", "asc").map((r) => r.name)).toEqual(["B", "A", "0 thin"]);
    expect(rankBy([thin, full, better], "requests", "desc").map((r) => r.name)).toEqual(["B", "A", "0 thin"]);
  });
});
