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

type Strings = {
  subjectOne: (item: string) => string;
  subjectMany: (n: number) => string;
  subjectDigest: (n: number) => string;
  hello: (name: string) => string;
  introImmediate: string;
  introDigest: string;
  more: (n: number) => string;
  kinds: Record<AlertKind, (title: string, authority: string, state: string) => string>;
  via: (label: string) => string;
  states: Record<string, string>;
  stopFollowing: (label: string) => string;
  stopAll: string;
  manage: string;
};

const STRINGS: Record<Locale, Strings> = {
  fr: {
    subjectOne: (item) => `Dossier : ${item}`,
    subjectMany: (n) => `Dossier : ${n} nouveautés dans ce que vous suivez`,
    subjectDigest: (n) => `Dossier : votre résumé du jour (${n} nouveautés)`,
    hello: (name) => `Bonjour ${name},`,
    introImmediate: "Du nouveau dans ce que vous suivez sur Dossier :",
    introDigest: "Voici ce qui s’est passé aujourd’hui dans ce que vous suivez sur Dossier :",
    more: (n) => `… et ${n} autres nouveautés. Voyez-les toutes sur le site :`,
    kinds: {
      new_request: (t, a) => `Nouvelle demande à ${a} : « ${t} »`,
      reply: (t, a) => `${a} a répondu à « ${t} »`,
      classification: (t, _a, s) => `« ${t} » est classée : ${s}`,
      overdue: (t, a) => `${a} n’a pas répondu à temps à « ${t} »`,
      appeal: (t) => `Un recours a été introduit pour « ${t} »`,
    },
    via: (label) => `(vous suivez : ${label})`,
    states: { successful: "réussie", partially_successful: "partiellement réussie", refused: "refusée", not_held: "documents non détenus", awaiting_response: "en attente de réponse", waiting_clarification: "précision demandée", gone_postal: "réponse par la poste", requires_admin: "à examiner" },
    stopFollowing: (label) => `Ne plus suivre « ${label} » :`,
    stopAll: "Ne plus recevoir aucune alerte de Dossier (sans connexion) :",
    manage: "Gérer ce que vous suivez :",
  },
  nl: {
    subjectOne: (item) => `Dossier: ${item}`,
    subjectMany: (n) => `Dossier: ${n} nieuwe berichten in wat u volgt`,
    subjectDigest: (n) => `Dossier: uw dagelijks overzicht (${n} nieuwe berichten)`,
    hello: (name) => `Hallo ${name},`,
    introImmediate: "Er is nieuws in wat u volgt op Dossier:",
    introDigest: "Dit is er vandaag gebeurd in wat u volgt op Dossier:",
    more: (n) => `… en nog ${n} andere. Bekijk ze allemaal op de site:`,
    kinds: {
      new_request: (t, a) => `Nieuw verzoek aan ${a}: "${t}"`,
      reply: (t, a) => `${a} heeft geantwoord op "${t}"`,
      classification: (t, _a, s) => `"${t}" werd geclassificeerd: ${s}`,
      overdue: (t, a) => `${a} heeft niet op tijd geantwoord op "${t}"`,
      appeal: (t) => `Er werd beroep ingesteld voor "${t}"`,
    },
    via: (label) => `(u volgt: ${label})`,
    states: { successful: "geslaagd", partially_successful: "gedeeltelijk geslaagd", refused: "geweigerd", not_held: "documenten niet in bezit", awaiting_response: "wacht op antwoord", waiting_clarification: "verduidelijking gevraagd", gone_postal: "antwoord per post", requires_admin: "te onderzoeken" },
    stopFollowing: (label) => `"${label}" niet meer volgen:`,
    stopAll: "Geen enkele melding van Dossier meer ontvangen (zonder aanmelden):",
    manage: "Beheer wat u volgt:",
  },
  de: {
    subjectOne: (item) => `Dossier: ${item}`,
    subjectMany: (n) => `Dossier: ${n} Neuigkeiten in dem, was Sie verfolgen`,
    subjectDigest: (n) => `Dossier: Ihre tägliche Übersicht (${n} Neuigkeiten)`,
    hello: (name) => `Guten Tag ${name},`,
    introImmediate: "Es gibt Neues in dem, was Sie auf Dossier verfolgen:",
    introDigest: "Das ist heute in dem passiert, was Sie auf Dossier verfolgen:",
    more: (n) => `… und ${n} weitere. Alle auf der Website:`,
    kinds: {
      new_request: (t, a) => `Neuer Antrag an ${a}: „${t}“`,
      reply: (t, a) => `${a} hat auf „${t}“ geantwortet`,
      classification: (t, _a, s) => `„${t}“ wurde eingestuft: ${s}`,
      overdue: (t, a) => `${a} hat nicht rechtzeitig auf „${t}“ geantwortet`,
      appeal: (t) => `Für „${t}“ wurde Beschwerde eingelegt`,
    },
    via: (label) => `(Sie verfolgen: ${label})`,
    states: { successful: "erfolgreich", partially_successful: "teilweise erfolgreich", refused: "abgelehnt", not_held: "Dokumente nicht vorhanden", awaiting_response: "wartet auf Antwort", waiting_clarification: "Klarstellung erbeten", gone_postal: "Antwort per Post", requires_admin: "zu prüfen" },
    stopFollowing: (label) => `„${label}“ nicht mehr verfolgen:`,
    stopAll: "Keine Benachrichtigungen von Dossier mehr erhalten (ohne Anmeldung):",
    manage: "Verwalten, was Sie verfolgen:",
  },
  en: {
    subjectOne: (item) => `Dossier: ${item}`,
    subjectMany: (n) => `Dossier: ${n} updates in what you follow`,
    subjectDigest: (n) => `Dossier: your daily digest (${n} updates)`,
    hello: (name) => `Hello ${name},`,
    introImmediate: "There is news in what you follow on Dossier:",
    introDigest: "Here is what happened today in what you follow on Dossier:",
    more: (n) => `… and ${n} more. See them all on the site:`,
    kinds: {
      new_request: (t, a) => `New request to ${a}: "${t}"`,
      reply: (t, a) => `${a} replied to "${t}"`,
      classification: (t, _a, s) => `"${t}" was classified: ${s}`,
      overdue: (t, a) => `${a} did not answer "${t}" in time`,
      appeal: (t) => `An appeal was filed for "${t}"`,
    },
    via: (label) => `(you follow: ${label})`,
    states: { successful: "successful", partially_successful: "partially successful", refused: "refused", not_held: "documents not held", awaiting_response: "awaiting response", waiting_clarification: "clarification asked", gone_postal: "answer by post", requires_admin: "needs review" },
    stopFollowing: (label) => `Stop following "${label}":`,
    stopAll: "Stop every alert from Dossier (no login needed):",
    manage: "Manage what you follow:",
  },
};

/** The one-line description of an item, in the follower's language. */
export function describeItem(locale: Locale, item: Pick<AlertItem, "kind" | "requestTitle" | "authority" | "state">): string {
  const s = STRINGS[locale];
  const state = item.state ? (s.states[item.state] ?? item.state) : "";
  return s.kinds[item.kind](item.requestTitle, displayName(item.authority, locale), state);
}

/** The link to the exact message when there is one, else to the request. */
export function itemUrl(baseUrl: string, item: Pick<AlertItem, "requestId" | "messageId">): string {
  const base = `${baseUrl.replace(/\/+$/, "")}/requests/${item.requestId}`;
  return item.messageId ? `${base}#message-${item.messageId}` : base;
}

/** One plain-text e-mail for a follower's batch of items (immediate) or day (digest). */
export function composeAlertEmail(input: AlertEmailInput): { subject: string; text: string } {
  const s = STRINGS[input.locale];
  const items = [...input.items].sort((a, b) => a.at.getTime() - b.at.getTime());
  const shown = items.slice(0, MAX_ITEMS_PER_EMAIL);
  const subject =
    input.frequency === "daily"
      ? s.subjectDigest(items.length)
      : items.length === 1
        ? s.subjectOne(describeItem(input.locale, items[0]))
        : s.subjectMany(items.length);
  const lines: string[] = [s.hello(input.recipientName), "", input.frequency === "daily" ? s.introDigest : s.introImmediate, ""];
  for (const item of shown) {
    lines.push(`- ${describeItem(input.locale, item)}`, `  ${s.via(item.followLabel)}`, `  ${itemUrl(input.baseUrl, item)}`, "");
  }
  if (items.length > shown.length) lines.push(s.more(items.length - shown.length), input.manageUrl, "");
  lines.push("-- ", s.manage, input.manageUrl, "");
  for (const follow of input.follows) lines.push(s.stopFollowing(follow.label), follow.unsubscribeUrl);
  lines.push("", s.stopAll, input.unsubscribeAllUrl);
  // Subjects are single lines whatever a title contains.
  return { subject: subject.replace(/[\r\n]+/g, " ").slice(0, 250), text: lines.join("\n") + "\n" };
}
