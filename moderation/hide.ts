import type { Kysely } from "kysely";
import { emit } from "../core/events";
import type { Db } from "../db/connect";
import type { Database, HiddenItem } from "../db/schema";
import { NotFoundError } from "../core/errors";
import { audit } from "./audit";

/**
 * Hiding published items. A hidden item is hidden from everyone, or from
 * everyone but its requester, with a reason the public sees ("hidden by the
 * administrators: personal data"). The `hidden` flag on requests, messages
 * and attachments (and `hidden_at` on annotations) is kept in step, so every
 * query of public content that filters on it (search indexing, feeds, the
 * API) drops the item too.
 */

import { hideAudiences, hideReasons, hideTargets, requestLabels, type HideAudience, type HideReason, type HideTarget, type RequestLabel } from "./vocabulary";

export { hideAudiences, hideReasons, hideTargets, requestLabels, type HideAudience, type HideReason, type HideTarget, type RequestLabel };

export interface Viewer {
  userId: number | null;
  isAdmin: boolean;
}

export const anonymous: Viewer = { userId: null, isAdmin: false };

/**
 * What a viewer gets of an item: "shown" (public), "marked" (shown, with a
 * notice that the public does not see it) or "withheld" (only the notice).
 */
export type Visibility = "shown" | "marked" | "withheld";

export function visibilityOf(hidden: Pick<HiddenItem, "audience"> | undefined, viewer: Viewer, requesterId: number | null): Visibility {
  if (!hidden) return "shown";
  if (viewer.isAdmin) return "marked";
  if (hidden.audience === "all_but_requester" && viewer.userId != null && viewer.userId === requesterId) return "marked";
  return "withheld";
}

const flagTables = { request: "requests", message: "messages", attachment: "attachments" } as const;

/** Sets the item's own hidden flag; false when there is no such item. */
async function setHiddenFlag(trx: Kysely<Database>, target: HideTarget, id: number, hiddenBy: number | null): Promise<boolean> {
  const updated =
    target === "annotation"
      ? await trx
          .updateTable("annotations")
          .set(hiddenBy === null ? { hidden_at: null, hidden_by_user_id: null } : { hidden_at: new Date(), hidden_by_user_id: hiddenBy })
          .where("id", "=", id)
          .executeTakeFirst()
      : await trx.updateTable(flagTables[target]).set({ hidden: hiddenBy !== null }).where("id", "=", id).executeTakeFirst();
  const found = Number(updated.numUpdatedRows) > 0;
  // Search (and whoever else listens) drops or restores the item.
  if (found && target === "request") await emit(trx, { type: "request.changed", requestId: id, data: { fields: ["hidden"] } });
  if (found && target === "message") await emit(trx, { type: "message.changed", requestId: null, data: { messageId: id, fields: ["hidden"] } });
  if (found && target === "attachment") await emit(trx, { type: "attachment.changed", requestId: null, data: { attachmentId: id, fields: ["hidden"] } });
  return found;
}

async function requestIdOf(trx: Kysely<Database>, target: HideTarget, id: number): Promise<number | null> {
  if (target === "request") return id;
  if (target === "message") return (await trx.selectFrom("messages").select("request_id").where("id", "=", id).executeTakeFirst())?.request_id ?? null;
  if (target === "attachment") {
    const row = await trx.selectFrom("attachments as a").innerJoin("messages as m", "m.id", "a.message_id").select("m.request_id").where("a.id", "=", id).executeTakeFirst();
    return row?.request_id ?? null;
  }
  return (await trx.selectFrom("annotations").select("request_id").where("id", "=", id).executeTakeFirst())?.request_id ?? null;
}

/** The item to hide is not there (stable code `not_found`, a 404 on the web). */
export class NotFound extends NotFoundError {}

export async function hideItem(
  trx: Kysely<Database>,
  input: { target: HideTarget; id: number; audience: HideAudience; reason: HideReason; note?: string | null; actorUserId: number },
): Promise<{ requestId: number | null }> {
  if (!(await setHiddenFlag(trx, input.target, input.id, input.actorUserId))) throw new NotFound(`${input.target} ${input.id}`);
  await trx
    .insertInto("hidden_items")
    .values({ target_type: input.target, target_id: input.id, audience: input.audience, reason: input.reason, note: input.note ?? null, hidden_by: input.actorUserId })
    .onConflict((oc) => oc.columns(["target_type", "target_id"]).doUpdateSet({ audience: input.audience, reason: input.reason, note: input.note ?? null, hidden_by: input.actorUserId, hidden_at: new Date() }))
    .execute();
  const requestId = await requestIdOf(trx, input.target, input.id);
  await audit(trx, { actorUserId: input.actorUserId, action: "hide", targetType: input.target, targetId: input.id, requestId, reason: input.reason, data: { audience: input.audience, note: input.note ?? null } });
  return { requestId };
}

export async function unhideItem(trx: Kysely<Database>, input: { target: HideTarget; id: number; actorUserId: number }): Promise<{ requestId: number | null }> {
  await setHiddenFlag(trx, input.target, input.id, null);
  await trx.deleteFrom("hidden_items").where("target_type", "=", input.target).where("target_id", "=", input.id).execute();
  const requestId = await requestIdOf(trx, input.target, input.id);
  await audit(trx, { actorUserId: input.actorUserId, action: "unhide", targetType: input.target, targetId: input.id, requestId });
  return { requestId };
}

/** The hidden-item rows of a request and everything in it, keyed "type:id". */
export async function hiddenInRequest(db: Db | Kysely<Database>, requestId: number): Promise<Map<string, HiddenItem>> {
  const messageIds = db.selectFrom("messages").select("id").where("request_id", "=", requestId);
  const attachmentIds = db.selectFrom("attachments").select("id").where("message_id", "in", messageIds);
  const annotationIds = db.selectFrom("annotations").select("id").where("request_id", "=", requestId);
  const rows = await db
    .selectFrom("hidden_items")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb("target_type", "=", "request"), eb("target_id", "=", requestId)]),
        eb.and([eb("target_type", "=", "message"), eb("target_id", "in", messageIds)]),
        eb.and([eb("target_type", "=", "attachment"), eb("target_id", "in", attachmentIds)]),
        eb.and([eb("target_type", "=", "annotation"), eb("target_id", "in", annotationIds)]),
      ]),
    )
    .execute();
  return new Map(rows.map((r) => [`${r.target_type}:${r.target_id}`, r]));
}

// ---------------------------------------------------------------- labels
// (Bans are the accounts room's: accounts/bans.ts.)


export async function setRequestLabel(trx: Kysely<Database>, input: { requestId: number; label: RequestLabel; on: boolean; actorUserId: number; reason?: string | null }): Promise<void> {
  if (input.on) {
    await trx.insertInto("request_labels").values({ request_id: input.requestId, label: input.label, set_by: input.actorUserId }).onConflict((oc) => oc.doNothing()).execute();
  } else {
    await trx.deleteFrom("request_labels").where("request_id", "=", input.requestId).where("label", "=", input.label).execute();
  }
  await audit(trx, { actorUserId: input.actorUserId, action: input.on ? "label" : "unlabel", targetType: "request", targetId: input.requestId, requestId: input.requestId, reason: input.reason ?? null, data: { label: input.label } });
}

export async function labelsOf(db: Db | Kysely<Database>, requestId: number): Promise<RequestLabel[]> {
  const rows = await db.selectFrom("request_labels").select("label").where("request_id", "=", requestId).orderBy("label").execute();
  return rows.map((r) => r.label as RequestLabel);
}

