import { describe, expect, it } from "vitest";
import { remindersDue, type ReminderFacts } from "../../requests/deadlines/reminders";

const dates = { received_date: "2026-03-02", due_date: "2026-04-01", extended_due_date: null, appeal_deadline: "2026-05-01" };
const facts = (over: Partial<ReminderFacts> = {}): ReminderFacts => ({ state: "awaiting_response", dates, unclassifiedSince: null, appealSent: false, ...over });
const keys = (f: ReminderFacts, today: string, sent: string[] = [], unsub: Array<"overdue" | "unclassified" | "appeal_deadline"> = []) => remindersDue(f, today, sent, unsub).map((r) => r.key);

describe("remindersDue: the due date passing", () => {
  it.each([
    ["2026-04-01", []],
    ["2026-04-02", ["overdue:2026-04-01"]],
    ["2026-04-20", ["overdue:2026-04-01"]],
  ])("on %s", (today, expected) => expect(keys(facts(), today)).toEqual(expected));

  it("is idempotent: once sent, never again for the same deadline", () => {
    expect(keys(facts(), "2026-04-03", ["overdue:2026-04-01"])).toEqual([]);
  });

  it("an announced extension earns a new reminder when the new deadline passes", () => {
    const extended = facts({ dates: { ...dates, extended_due_date: "2026-04-16" } });
    expect(keys(extended, "2026-04-10", ["overdue:2026-04-01"])).toEqual([]);
    expect(keys(extended, "2026-04-17", ["overdue:2026-04-01"])).toEqual(["overdue:2026-04-16"]);
  });

  it("not for answered or withdrawn requests", () => {
    for (const state of ["successful", "refused", "withdrawn", "appeal_pending"]) expect(keys(facts({ state, dates: { ...dates, appeal_deadline: null } }), "2026-04-05")).toEqual([]);
  });
});

describe("remindersDue: a reply left unclassified (3, 10, 24 days)", () => {
  const f = facts({ dates: { ...dates, due_date: "2026-06-01", appeal_deadline: null }, unclassifiedSince: "2026-03-10" });
  it.each([
    ["2026-03-12", [], []],
    ["2026-03-13", [], ["unclassified:2026-03-10:3"]],
    ["2026-03-14", ["unclassified:2026-03-10:3"], []],
    ["2026-03-20", ["unclassified:2026-03-10:3"], ["unclassified:2026-03-10:10"]],
    ["2026-04-03", ["unclassified:2026-03-10:3", "unclassified:2026-03-10:10"], ["unclassified:2026-03-10:24"]],
    ["2026-04-30", ["unclassified:2026-03-10:3", "unclassified:2026-03-10:10", "unclassified:2026-03-10:24"], []],
    // After a pause only the latest step is sent, and the earlier ones never follow.
    ["2026-03-25", [], ["unclassified:2026-03-10:10"]],
    ["2026-03-26", ["unclassified:2026-03-10:10"], []],
  ])("on %s with %j already sent", (today, sent, expected) => expect(keys(f, today, sent)).toEqual(expected));
});

describe("remindersDue: before the citizen's appeal deadline (7 and 2 days)", () => {
  const refused = facts({ state: "refused", dates: { ...dates, appeal_deadline: "2026-04-30" } });
  it.each([
    ["2026-04-22", [], []],
    ["2026-04-23", [], ["appeal_deadline:2026-04-30:7"]],
    ["2026-04-24", ["appeal_deadline:2026-04-30:7"], []],
    ["2026-04-28", ["appeal_deadline:2026-04-30:7"], ["appeal_deadline:2026-04-30:2"]],
    ["2026-04-29", [], ["appeal_deadline:2026-04-30:2"]],
    ["2026-04-30", ["appeal_deadline:2026-04-30:2"], []],
    ["2026-05-01", [], []], // too late: no reminder about a past deadline
  ])("on %s with %j already sent", (today, sent, expected) => expect(keys(refused, today, sent)).toEqual(expected));

  it("silence: only once the authority's deadline has passed (and alongside the overdue one)", () => {
    expect(keys(facts(), "2026-04-25", ["overdue:2026-04-01"])).toEqual(["appeal_deadline:2026-05-01:7"]);
  });

  it("none once the appeal is sent, or when no deadline runs", () => {
    expect(keys({ ...refused, appealSent: true }, "2026-04-29")).toEqual([]);
    expect(keys(facts({ state: "refused", dates: { ...dates, appeal_deadline: null } }), "2026-04-29")).toEqual([]);
  });
});

describe("unsubscribing", () => {
  it("stops exactly the kind unsubscribed from", () => {
    const f = facts({ unclassifiedSince: "2026-04-10" });
    expect(keys(f, "2026-04-25")).toEqual(["overdue:2026-04-01", "unclassified:2026-04-10:10", "appeal_deadline:2026-05-01:7"]);
    expect(keys(f, "2026-04-25", [], ["overdue"])).toEqual(["unclassified:2026-04-10:10", "appeal_deadline:2026-05-01:7"]);
    expect(keys(f, "2026-04-25", [], ["unclassified", "appeal_deadline"])).toEqual(["overdue:2026-04-01"]);
  });
});
