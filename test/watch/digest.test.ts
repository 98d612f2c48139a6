import { describe, expect, it } from "vitest";
import {
  alertKindOf,
  composeAlertEmail,
  fanOut,
  followMatches,
  groupByFollower,
  MAX_ITEMS_PER_EMAIL,
  type AlertEvent,
  type AlertItem,
  type Follow,
} from "../../watch/digest";

const LIEGE = 10;
const CHARLEROI = 11;
const OWNER = 1;
const WATCHER = 2; // follows the commune of Liège
const NEIGHBOUR = 3; // follows all communes of Wallonia, daily
const JOURNALIST = 4; // follows one request and the owner

function event(id: number, over: Partial<AlertEvent> = {}): AlertEvent {
  return { id, kind: "reply", at: new Date(Date.UTC(2026, 2, 1, 9, id % 60)), requestId: 100, requestOwnerId: OWNER, authorityId: LIEGE, region: "wallonia", authorityKind: "commune", actorUserId: null, messageId: 500 + id, state: null, ...over };
}

const follows: Follow[] = [
  { id: 1, userId: WATCHER, frequency: "immediate", target: { type: "authority", authorityId: LIEGE } },
  { id: 2, userId: NEIGHBOUR, frequency: "daily", target: { type: "area", region: "wallonia", kind: "commune" } },
  { id: 3, userId: JOURNALIST, frequency: "daily", target: { type: "request", requestId: 100 } },
  { id: 4, userId: JOURNALIST, frequency: "immediate", target: { type: "user", userId: OWNER } },
  { id: 5, userId: OWNER, frequency: "immediate", target: { type: "authority", authorityId: LIEGE } },
  { id: 6, userId: WATCHER, frequency: "immediate", target: { type: "search", search: { q: "budget", filters: {} } } },
  { id: 7, userId: 9, frequency: "immediate", target: { type: "area", region: "flanders", kind: null } },
];

describe("which events alert", () => {
  it.each([
    ["sent", {}, "new_request"],
    ["reply_received", { message_id: 3 }, "reply"],
    ["classified", { state: "refused" }, "classification"],
    ["overdue", {}, "overdue"],
    ["state_changed", JSON.stringify({ from: "refused", to: "appeal_pending" }), "appeal"],
    ["state_changed", { from: "draft", to: "awaiting_response" }, null],
    ["delivered", {}, null],
    ["auto_reply_received", {}, null],
    ["citizen_notification_queued", {}, null],
  ])("%s %j → %s", (type, data, expected) => {
    expect(alertKindOf(type, data)).toBe(expected);
  });
});

describe("area follows with a province", () => {
  const cpasOfHainaut: Follow = { id: 20, userId: 20, frequency: "immediate", target: { type: "area", region: null, kind: "cpas", province: "hainaut" } };
  const allOfHainaut: Follow = { id: 21, userId: 21, frequency: "immediate", target: { type: "area", region: null, kind: null, province: "hainaut" } };
  it.each([
    [cpasOfHainaut, { authorityKind: "cpas", province: "hainaut" }, true],
    [cpasOfHainaut, { authorityKind: "cpas", province: "namur" }, false],
    [cpasOfHainaut, { authorityKind: "commune", province: "hainaut" }, false],
    [cpasOfHainaut, { authorityKind: "cpas", province: null }, false],
    [cpasOfHainaut, { authorityKind: "cpas" }, false],
    [allOfHainaut, { authorityKind: "police_zone", province: "hainaut", region: "wallonia" }, true],
    [allOfHainaut, { authorityKind: "commune", province: "liege", region: "german_community" }, false],
  ] as const)("%# %j", (follow, over, expected) => {
    expect(followMatches(follow, event(1, over))).toBe(expected);
  });
});

describe("fan-out", () => {
  it("gives each follower one delivery per event, whatever number of follows match", () => {
    const deliveries = fanOut([event(1)], follows);
    const byUser = Object.fromEntries(deliveries.map((d) => [d.userId, d]));
    expect(Object.keys(byUser).map(Number).sort()).toEqual([WATCHER, NEIGHBOUR, JOURNALIST]);
    expect(deliveries).toHaveLength(3);
    // The journalist follows the request (daily) and its owner (immediate):
    // one immediate delivery, named after the most specific follow.
    expect(byUser[JOURNALIST]).toMatchObject({ followId: 3, frequency: "immediate" });
    expect(byUser[NEIGHBOUR]).toMatchObject({ followId: 2, frequency: "daily" });
  });

  it("does not alert the owner about their own request, nor anyone about their own action", () => {
    expect(fanOut([event(1)], follows).some((d) => d.userId === OWNER)).toBe(false);
    const own = fanOut([event(2, { actorUserId: WATCHER })], follows);
    expect(own.some((d) => d.userId === WATCHER)).toBe(false);
  });

  it("matches regions and kinds, and search follows only through the search engine", () => {
    const charleroi = event(3, { authorityId: CHARLEROI });
    expect(fanOut([charleroi], follows).map((d) => d.userId).sort()).toEqual([NEIGHBOUR, JOURNALIST]);
    const viaSearch = fanOut([charleroi], follows, new Map([[3, [6]]]));
    expect(viaSearch.find((d) => d.userId === WATCHER)).toMatchObject({ followId: 6, frequency: "immediate" });
    const cpas = event(4, { authorityKind: "cpas", requestId: 200, requestOwnerId: 77 });
    // The owner of request 100 follows Liège too, and this request is not theirs.
    expect(fanOut([cpas], follows).map((d) => d.userId).sort()).toEqual([OWNER, WATCHER]);
    const flemish = event(5, { region: "flanders", authorityKind: "police_zone", authorityId: 12, requestId: 300, requestOwnerId: 78 });
    expect(fanOut([flemish], follows).map((d) => d.userId)).toEqual([9]);
  });

  it("turns a backlog of thousands of events into one e-mail per follower and frequency", () => {
    const backlog = Array.from({ length: 5000 }, (_, i) => event(i + 1));
    const groups = groupByFollower(fanOut(backlog, follows));
    expect(groups.map((g) => [g.userId, g.frequency, g.deliveries.length]).sort()).toEqual(
      [
        [WATCHER, "immediate", 5000],
        [NEIGHBOUR, "daily", 5000],
        [JOURNALIST, "immediate", 5000],
      ].sort(),
    );
  });
});

describe("alert e-mails", () => {
  const authority = { name_fr: "Ville de Liège", name_nl: "Stad Luik", name_de: "Stadt Lüttich", name_en: "City of Liège", languages: ["fr"] };
  const item = (n: number, over: Partial<AlertItem> = {}): AlertItem => ({ kind: "reply", at: new Date(Date.UTC(2026, 2, 1, 9, n)), requestId: 100, requestTitle: "Budget 2026", authority, messageId: 500 + n, state: null, followLabel: "Ville de Liège", ...over });
  const base = { recipientName: "Anne", baseUrl: "https://dossier.example", unsubscribeAllUrl: "https://dossier.example/unsubscribe/u2.x", follows: [{ label: "Ville de Liège", unsubscribeUrl: "https://dossier.example/unsubscribe/f1.y" }], manageUrl: "https://dossier.example/following" };

  it.each([
    ["fr", "Dossier : Ville de Liège a répondu à « Budget 2026 »", "Ne plus suivre « Ville de Liège »"],
    ["nl", 'Dossier: Stad Luik heeft geantwoord op "Budget 2026"', '"Ville de Liège" niet meer volgen'],
    ["de", "Dossier: Stadt Lüttich hat auf „Budget 2026“ geantwortet", "„Ville de Liège“ nicht mehr verfolgen"],
    ["en", 'Dossier: City of Liège replied to "Budget 2026"', 'Stop following "Ville de Liège"'],
  ] as const)("writes in the follower's language (%s), linking the exact message and unsubscribe", (locale, subject, stop) => {
    const email = composeAlertEmail({ ...base, locale, frequency: "immediate", items: [item(1)] });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain("https://dossier.example/requests/100#message-501");
    expect(email.text).toContain(stop);
    expect(email.text).toContain("https://dossier.example/unsubscribe/f1.y");
    expect(email.text).toContain("https://dossier.example/unsubscribe/u2.x");
  });

  it("names a digest as such and caps the list, counting the rest", () => {
    const items = Array.from({ length: MAX_ITEMS_PER_EMAIL + 7 }, (_, i) => item(i, i % 2 ? {} : { kind: "classification", state: "refused", messageId: null }));
    const email = composeAlertEmail({ ...base, locale: "en", frequency: "daily", items });
    expect(email.subject).toBe(`Dossier: your daily digest (${MAX_ITEMS_PER_EMAIL + 7} updates)`);
    expect(email.text).toContain("… and 7 more.");
    expect(email.text).toContain('"Budget 2026" was classified: refused');
    expect(email.text.match(/^- /gm)).toHaveLength(MAX_ITEMS_PER_EMAIL);
  });

  it("keeps the subject on one line", () => {
    const email = composeAlertEmail({ ...base, locale: "en", frequency: "immediate", items: [item(1, { requestTitle: "a\r\nBcc: x@y" })] });
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
