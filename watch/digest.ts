/**
 * Alert fan-out, as pure functions: which follower gets which event, and how
 * the deliveries of one follower are gathered into one e-mail.
 *
 * - Exactly once: one delivery per (event, follower), however many of the
 *   follower's follows match the event (the database enforces the same with
 *   a unique key on alert_deliveries).
 * - One e-mail per follower per batch: every pending immediate delivery of a
 *   follower goes into one e-mail; daily deliveries into one digest a day. A
 *   backlog of thousands of events therefore sends one e-mail per person,
 *   listing the first MAX_ITEMS_PER_EMAIL and counting the rest.
 */
import { displayName, type Named } from "../authorities/names";
import { defineEmail } from "../core/email";
import { translate } from "../core/i18n/index";
import type { Locale } from "../core/i18n/locales";

export const ALERT_KINDS = ["new_request", "reply", "classification", "overdue", "appeal"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const FREQUENCIES = ["immediate", "daily"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const MAX_ITEMS_PER_EMAIL = 50;

const OVERDUE_EVENT_TYPES = new Set(["overdue", "became_overdue", "deadline_passed", "deadline_missed"]);
const APPEAL_EVENT_TYPES = new Set(["appeal", "appealed", "appeal_sent", "appeal_filed", "escalated"]);

function dataOf(data: unknown): Record<string, unknown> {
  if (typeof data === "string") {
    try {
      return dataOf(JSON.parse(data));
    } catch {
      return {};
    }
  }
  return data && typeof data === "object" ? (data as Record<string, unknown>) : {};
}

/**
 * Which timeline events alert followers, and as what. Everything else —
 * deliveries, bounces, auto-replies, private notifications — alerts nobody.
 * The list of event types is the requests, mail and deadlines rooms'.
 */
export function alertKindOf(type: string, rawData: unknown): AlertKind | null {
  const data = dataOf(rawData);
  if (type === "sent") return "new_request";
  if (type === "reply_received") return "reply";
  if (type === "classified") return "classification";
  if (OVERDUE_EVENT_TYPES.has(type)) return "overdue";
  if (APPEAL_EVENT_TYPES.has(type)) return "appeal";
  if (type === "state_changed" && data.to === "appeal_pending") return "appeal";
  return null;
}

export type SearchFollowQuery = { q: string; filters: Record<string, string[]> };

export type FollowTarget =
  | { type: "request"; requestId: number }
  | { type: "authority"; authorityId: number }
  /** All authorities of a region, kind and/or province (authorities/provinces.ts); null means any. */
  | { type: "area"; region: string | null; kind: string | null; province?: string | null }
  | { type: "user"; userId: number }
  | { type: "search"; search: SearchFollowQuery };

export type Follow = { id: number; userId: number; frequency: Frequency; target: FollowTarget };

export type AlertEvent = {
  id: number;
  kind: AlertKind;
  at: Date;
  requestId: number;
  requestOwnerId: number;
  authorityId: number;
  region: string | null;
  /** The authority's province, when it has one (authorities/provinces.ts). */
  province?: string | null;
  authorityKind: string;
  actorUserId: number | null;
  /** The message the event is about (a reply), for a link to the exact message. */
  messageId: number | null;
  /** The new state, for classifications. */
  state: string | null;
};

export type Delivery = { eventId: number; userId: number; followId: number; frequency: Frequency };

/** Whether a follow's target covers the event. Search follows are matched by the search engine, not here. */
export function followMatches(follow: Follow, event: AlertEvent): boolean {
  const t = follow.target;
  switch (t.type) {
    case "request":
      return t.requestId === event.requestId;
    case "authority":
      return t.authorityId === event.authorityId;
    case "area":
      return (
        (t.region === null || t.region === event.region) &&
        (t.kind === null || t.kind === event.authorityKind) &&
        (!t.province || t.province === event.province) &&
        (t.region !== null || t.kind !== null || !!t.province)
      );
    case "user":
      return t.userId === event.requestOwnerId;
    case "search":
      return false;
  }
}

// The most specific follow names the delivery, so "stop following" in the
// e-mail stops what the follower most likely meant.
const SPECIFICITY: Record<FollowTarget["type"], number> = { request: 0, user: 1, authority: 2, area: 3, search: 4 };

/**
 * Deliveries for `events`, one per (event, follower). `searchMatches` maps an
 * event id to the ids of search follows whose query matched its message.
 * Nobody is alerted of their own action, and a request's owner is not
 * alerted about their own request (the requests room already writes to them).
 * A delivery is immediate when any matching follow asks for immediate alerts.
 */
export function fanOut(events: AlertEvent[], follows: Follow[], searchMatches: ReadonlyMap<number, readonly number[]> = new Map()): Delivery[] {
  const byId = new Map(follows.map((f) => [f.id, f]));
  const structural = follows.filter((f) => f.target.type !== "search");
  const deliveries: Delivery[] = [];
  for (const event of events) {
    const best = new Map<number, { follow: Follow; immediate: boolean }>();
    const consider = (follow: Follow) => {
      if (follow.userId === event.actorUserId || follow.userId === event.requestOwnerId) return;
      const current = best.get(follow.userId);
      const immediate = follow.frequency === "immediate" || (current?.immediate ?? false);
      if (!current || SPECIFICITY[follow.target.type] < SPECIFICITY[current.follow.target.type]) best.set(follow.userId, { follow, immediate });
      else current.immediate = immediate;
    };
    for (const follow of structural) if (followMatches(follow, event)) consider(follow);
    for (const id of searchMatches.get(event.id) ?? []) {
      const follow = byId.get(id);
      if (follow && follow.target.type === "search") consider(follow);
    }
    for (const [userId, { follow, immediate }] of best) {
      deliveries.push({ eventId: event.id, userId, followId: follow.id, frequency: immediate ? "immediate" : "daily" });
    }
  }
  return deliveries;
}

export type DeliveryGroup<D extends Pick<Delivery, "userId" | "frequency">> = { userId: number; frequency: Frequency; deliveries: D[] };

/** Groups deliveries into one e-mail per (follower, frequency), keeping their order. */
export function groupByFollower<D extends Pick<Delivery, "userId" | "frequency">>(deliveries: D[]): DeliveryGroup<D>[] {
  const groups = new Map<string, DeliveryGroup<D>>();
  for (const d of deliveries) {
    const key = `${d.userId}:${d.frequency}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { userId: d.userId, frequency: d.frequency, deliveries: [] }));
    group.deliveries.push(d);
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------- e-mails

export type AlertItem = {
  kind: AlertKind;
  at: Date;
  requestId: number;
  requestTitle: string;
  authority: Named;
  messageId: number | null;
  state: string | null;
  /** What the follower follows that brought this item, e.g. "Ville de Liège". */
  followLabel: string;
};

export type AlertEmailInput = {
  locale: Locale;
  frequency: Frequency;
  recipientName: string;
  items: AlertItem[];
  baseUrl: string;
  /** Stops everything the follower receives. */
  unsubscribeAllUrl: string;
  /** One "stop following" link per follow behind the items. */
  follows: { label: string; unsubscribeUrl: string }[];
  /** The page listing what the follower follows. */
  manageUrl: string;
};

const STATES = ["successful", "partially_successful", "refused", "not_held", "awaiting_response", "waiting_clarification", "gone_postal", "requires_admin"] as const;

function isKnownState(state: string): state is (typeof STATES)[number] {
  return (STATES as readonly string[]).includes(state);
}

/** The one-line description of an item, in the follower's language (core/i18n/messages/emails.ts). */
export function describeItem(locale: Locale, item: Pick<AlertItem, "kind" | "requestTitle" | "authority" | "state">): string {
  const state = item.state ? (isKnownState(item.state) ? translate(locale, `email.alert.state.${item.state}`) : item.state) : "";
  return translate(locale, `email.alert.kind.${item.kind}`, { title: item.requestTitle, authority: displayName(item.authority, locale), state });
}

/** The link to the exact message when there is one, else to the request. */
export function itemUrl(baseUrl: string, item: Pick<AlertItem, "requestId" | "messageId">): string {
  const base = `${baseUrl.replace(/\/+$/, "")}/requests/${item.requestId}`;
  return item.messageId ? `${base}#message-${item.messageId}` : base;
}

export type AlertEmailParams = Omit<AlertEmailInput, "locale">;

/** One plain-text e-mail for a follower's batch of items (immediate) or day (digest). */
export const alertEmail = defineEmail<AlertEmailParams>({
  kind: (p) => (p.frequency === "daily" ? "alert_digest" : "alert"),
  subject: (t, p, locale) => {
    const items = p.items;
    const subject =
      p.frequency === "daily"
        ? t("email.alert.subjectDigest", { count: items.length })
        : items.length === 1
          ? t("email.alert.subjectOne", { item: describeItem(locale, earliestFirst(items)[0]) })
          : t("email.alert.subjectMany", { count: items.length });
    // Subjects are single lines whatever a title contains.
    return subject.replace(/[\r\n]+/g, " ").slice(0, 250);
  },
  body: (t, p, locale) => {
    const items = earliestFirst(p.items);
    const shown = items.slice(0, MAX_ITEMS_PER_EMAIL);
    const lines: string[] = [t("email.alert.hello", { name: p.recipientName }), "", p.frequency === "daily" ? t("email.alert.introDigest") : t("email.alert.introImmediate"), ""];
    for (const item of shown) {
      lines.push(`- ${describeItem(locale, item)}`, `  ${t("email.alert.via", { label: item.followLabel })}`, `  ${itemUrl(p.baseUrl, item)}`, "");
    }
    if (items.length > shown.length) lines.push(t("email.alert.more", { count: items.length - shown.length }), p.manageUrl, "");
    lines.push("-- ", t("email.alert.manage"), p.manageUrl, "");
    for (const follow of p.follows) lines.push(t("email.alert.stopFollowing", { label: follow.label }), follow.unsubscribeUrl);
    lines.push("", t("email.alert.stopAll"), p.unsubscribeAllUrl);
    return lines.join("\n") + "\n";
  },
});

function earliestFirst(items: AlertItem[]): AlertItem[] {
  return [...items].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The alert e-mail as the follower reads it. */
export function composeAlertEmail(input: AlertEmailInput): { subject: string; text: string } {
  const { locale, ...params } = input;
  const { subject, text } = alertEmail.render(locale, params);
  return { subject, text };
}
