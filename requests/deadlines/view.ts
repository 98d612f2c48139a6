/**
 * What the request page shows about deadlines: the plain-language timeline,
 * whether the owner can nudge or escalate, and an extension suggestion read
 * from the latest reply. Computed live from the facts (never stale).
 */
import type { Kysely } from "kysely";
import { assumptionsOf, REGIMES, type Locale } from "../../authorities/regimes";
import { loadRegimeTable } from "../../authorities/regime-overrides";
import type { Database } from "../../db/schema";
import { latestAppeal } from "../escalation/service";
import { detectExtension } from "./extension";
import { trackingInputOf, loadTracked } from "./store";
import { buildTimeline, type TimelineEntry } from "./timeline";
import { canEscalate, canNudge, canSetAppealNotice, isOwner as isViewerOwner, type Viewer } from "../policy";
import { appealWindow, computeStoredDates, missingNoticeExtends, overdueStatus } from "./tracking";

export interface DeadlinesView {
  timeline: TimelineEntry[];
  overdue: boolean;
  canNudge: boolean;
  canEscalate: boolean;
  appealPending: boolean;
  extended: boolean;
  /** A phrase of the latest reply that seems to announce an extension (owner only, while none is marked). */
  extensionPhrase: string | null;
  hasAssumptions: boolean;
  /**
   * Owner only, once the authority decided (refused or partially): whether
   * the decision omitted the appeal route, and whether that gives more time
   * under this regime (else it is only argued in the appeal letter).
   */
  appealNotice: { missing: boolean; extendsDeadline: boolean } | null;
}

export async function deadlinesView(db: Kysely<Database>, requestId: number, locale: Locale, today: string, viewer: Viewer): Promise<DeadlinesView | null> {
  const row = await loadTracked(db, requestId);
  const input = row ? trackingInputOf(row) : null;
  if (!row || !input || !row.received_date) return null;
  const isOwner = isViewerOwner(viewer, row);
  const table = await loadRegimeTable(db);
  const dates = computeStoredDates(input, table);
  const appeal = await latestAppeal(db, requestId);
  const timeline = buildTimeline(
    {
      state: row.state,
      dates,
      decisionDate: input.decisionDate,
      appeal: appealWindow(input, table),
      appealSent: appeal ? { date: appeal.sent_on, body: appeal.body, bodyDecisionBy: appeal.body_decision_by } : null,
    },
    today,
    locale,
  );
  const overdue = overdueStatus(row.state, dates, today).overdue;
  let extensionPhrase: string | null = null;
  if (isOwner && !input.extended && (row.state === "awaiting_response" || row.state === "waiting_clarification")) {
    const reply = await db
      .selectFrom("messages")
      .select("body_text")
      .where("request_id", "=", requestId)
      .where("direction", "=", "inbound")
      .where("hidden", "=", false)
      .where("kind", "in", ["reply", "acknowledgement"])
      .orderBy("created_at", "desc")
      .limit(3)
      .execute();
    for (const r of reply) {
      const s = detectExtension(r.body_text);
      if (s.suggested) {
        extensionPhrase = s.phrases[0] ?? null;
        break;
      }
    }
  }
  return {
    timeline,
    overdue,
    canNudge: canNudge(viewer, row, overdue),
    canEscalate: canEscalate(viewer, row, dates, today),
    appealPending: row.state === "appeal_pending",
    extended: input.extended,
    extensionPhrase,
    hasAssumptions: assumptionsOf(REGIMES[input.regime]).length > 0,
    appealNotice:
      input.decisionDate !== null && canSetAppealNotice(viewer, row)
        ? { missing: row.appeal_notice_missing, extendsDeadline: missingNoticeExtends(input.regime) }
        : null,
  };
}
