/**
 * A batch: one request written once and sent to many authorities, one
 * ordinary request per authority (its own reply address, law, language and
 * deadline) grouped under the batch. Creating it writes every draft and
 * queues the throttled sending (sending.ts); the requester can pause,
 * resume or cancel the unsent part.
 */
import { sql } from "kysely";
import type { AppContext } from "../core/context";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RateLimitError } from "../core/errors";
import type { Db } from "../db/connect";
import type { Batch } from "../db/schema";
import { postalAddressNeed } from "../moderation/postal-address";
import { recordPosting } from "../requests/post";
import { checkRequestText, createBatchDrafts, deleteBatchDrafts, rememberBatchPostalAddress, sendBatchPostLetter, sentToday } from "../requests/requests";
import { planBatch, type BatchPlan, type PlanInput } from "./plan";
import { selectionToParams } from "./selection";
import { BATCH_SEND_JOB } from "./sending";

export type BatchContext = Pick<AppContext, "db" | "queue" | "config">;

export const BATCH_STATES = ["sending", "paused", "cancelled", "done"] as const;
export type BatchState = (typeof BATCH_STATES)[number];

async function requester(db: Db, userId: number) {
  const user = await db.selectFrom("users").select(["id", "display_name", "confirmed_at", "banned_at"]).where("id", "=", userId).executeTakeFirst();
  if (!user) throw new NotFoundError("No such user");
  if (!user.confirmed_at) throw new ForbiddenError("Confirm your e-mail address before sending a request", "unconfirmed");
  if (user.banned_at) throw new ForbiddenError("This account may not send requests", "banned");
  return user;
}

/** The plan as the requester sees it before sending (the preview). */
export async function previewBatch(context: BatchContext, input: PlanInput): Promise<BatchPlan> {
  const { title, body } = checkRequestText(input);
  const user = await requester(context.db, input.userId);
  return planBatch(context.db, { ...input, title, body, displayName: user.display_name, defaultAllowance: context.config.batches.defaultAllowance, publicUrlExample: `${context.config.baseUrl}/requests/…` });
}

/** The chosen authorities with their channels and the allowance, before the request is written (no letters yet). */
export async function chooseAuthorities(context: BatchContext, input: Pick<PlanInput, "userId" | "selection" | "consentUnverified" | "language" | "postalAddress" | "byPost">): Promise<BatchPlan> {
  const user = await requester(context.db, input.userId);
  return planBatch(context.db, { ...input, title: "", body: "", displayName: user.display_name, defaultAllowance: context.config.batches.defaultAllowance, publicUrlExample: null, letters: false });
}

export type CreatedBatch = { batchId: number; requests: number; byPost: number; noChannel: number };

/**
 * Creates the batch: its drafts (one per authority with a channel), its
 * items (every chosen authority, those without a channel marked so), the
 * owner as its first follower, and the first sending job, in one
 * transaction. The batch counts once toward the daily cap; its size is
 * bounded by the user's batch allowance.
 */
export async function createBatch(context: BatchContext, input: PlanInput): Promise<CreatedBatch> {
  const plan = await previewBatch(context, input);
  const { title, body } = checkRequestText(input);
  const reachable = plan.authorities.filter((a) => a.channel !== "none");
  if (reachable.length === 0) throw new InvalidInputError("No authority of this selection can be reached yet", "no_channel");
  if (reachable.length > plan.allowance) {
    throw new ForbiddenError(`Your batch allowance is ${plan.allowance} authorities; this batch reaches ${reachable.length}. An administrator can raise it.`, "batch_allowance");
  }
  return context.db.transaction().execute(async (trx) => {
    // The same per-user lock as a single request, so that two tabs cannot both pass the cap.
    await sql`select pg_advisory_xact_lock(200, ${input.userId})`.execute(trx);
    if ((await sentToday(trx, input.userId)) >= context.config.dailyRequestCap) {
      throw new RateLimitError(`At most ${context.config.dailyRequestCap} requests a day (a batch counts as one)`, "daily_cap");
    }
    const needsAddress = reachable.some((a) => postalAddressNeed(a.regime) !== "not_needed");
    const postalAddress = needsAddress ? await rememberBatchPostalAddress(trx, context.queue, input.userId, input.postalAddress) : null;
    const batch = await trx
      .insertInto("batches")
      .values({ user_id: input.userId, title, body, selection: JSON.stringify({ params: selectionToParams(input.selection).toString() }), consent_unverified: input.consentUnverified })
      .returning("id")
      .executeTakeFirstOrThrow();
    const drafts = await createBatchDrafts(trx, {
      userId: input.userId,
      batchId: batch.id,
      title,
      body,
      drafts: reachable.map((a) => ({ authorityId: a.id, language: a.language, postalAddress: postalAddressNeed(a.regime) === "not_needed" ? null : postalAddress, consentAddress: a.consentAddress })),
    });
    const requestOf = new Map(drafts.map((d) => [d.authority_id, d.id]));
    const items = plan.authorities.map((a, position) => ({
      batch_id: batch.id,
      authority_id: a.id,
      request_id: requestOf.get(a.id) ?? null,
      channel: a.channel,
      domain: a.domain,
      position,
      state: a.channel === "email" ? "queued" : "no_channel",
      error: a.channel === "none" ? a.reason : null,
    }));
    // Letters by post are "sent" now: printed from the batch page, the deadline counted once posted.
    let byPost = 0;
    for (const item of items) {
      if (item.channel !== "post" || item.request_id === null) continue;
      const sent = await sendBatchPostLetter(trx, context.config, { requestId: item.request_id, batchId: batch.id });
      Object.assign(item, sent.ok ? { state: "by_post" } : { state: "failed", error: sent.reason });
      if (sent.ok) byPost++;
    }
    for (let i = 0; i < items.length; i += 1000) await trx.insertInto("batch_items").values(items.slice(i, i + 1000)).execute();
    await trx.insertInto("batch_followers").values({ batch_id: batch.id, user_id: input.userId }).execute();
    await context.queue.send(trx, BATCH_SEND_JOB, { batchId: batch.id }, { singletonKey: `batch:${batch.id}:start` });
    return { batchId: batch.id, requests: drafts.length, byPost, noChannel: items.length - drafts.length };
  });
}

export async function getBatch(db: Db, batchId: number): Promise<Batch> {
  const batch = await db.selectFrom("batches").selectAll().where("id", "=", batchId).executeTakeFirst();
  if (!batch) throw new NotFoundError("No such batch", "batch_not_found");
  return batch;
}

async function ownBatchForUpdate(db: Db, batchId: number, userId: number): Promise<Batch> {
  const batch = await db.selectFrom("batches").selectAll().where("id", "=", batchId).forUpdate().executeTakeFirst();
  if (!batch) throw new NotFoundError("No such batch", "batch_not_found");
  if (batch.user_id !== userId) throw new ForbiddenError("This batch belongs to someone else");
  return batch;
}

/** Stops sending the batch's unsent letters until it is resumed; letters already sent stay sent. */
export async function pauseBatch(context: BatchContext, input: { batchId: number; userId: number }): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    const batch = await ownBatchForUpdate(trx, input.batchId, input.userId);
    if (batch.state === "paused") return;
    if (batch.state !== "sending") throw new ConflictError(`A ${batch.state} batch cannot be paused`, "batch_not_sending");
    await trx.updateTable("batches").set({ state: "paused", updated_at: sql`now()` }).where("id", "=", batch.id).execute();
  });
}

/** Sends the unsent letters again, where the batch stopped. */
export async function resumeBatch(context: BatchContext, input: { batchId: number; userId: number }): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    const batch = await ownBatchForUpdate(trx, input.batchId, input.userId);
    if (batch.state === "sending") return;
    if (batch.state !== "paused") throw new ConflictError(`A ${batch.state} batch cannot be resumed`, "batch_not_paused");
    await trx.updateTable("batches").set({ state: "sending", updated_at: sql`now()` }).where("id", "=", batch.id).execute();
    await context.queue.send(trx, BATCH_SEND_JOB, { batchId: batch.id }, { singletonKey: `batch:${batch.id}:resume:${Date.now()}` });
  });
}

/** Cancels the unsent part: its drafts are deleted (they were never public); sent requests go on as usual. */
export async function cancelBatch(context: BatchContext, input: { batchId: number; userId: number }): Promise<{ cancelled: number }> {
  return context.db.transaction().execute(async (trx) => {
    const batch = await ownBatchForUpdate(trx, input.batchId, input.userId);
    if (batch.state === "cancelled" || batch.state === "done") return { cancelled: 0 };
    const unsent = await trx.selectFrom("batch_items").select(["id", "request_id"]).where("batch_id", "=", batch.id).where("state", "=", "queued").forUpdate().execute();
    await deleteBatchDrafts(trx, batch.id, unsent.map((u) => u.request_id).filter((id): id is number => id !== null));
    if (unsent.length) await trx.updateTable("batch_items").set({ state: "cancelled" }).where("id", "in", unsent.map((u) => u.id)).execute();
    await trx.updateTable("batches").set({ state: "cancelled", updated_at: sql`now()` }).where("id", "=", batch.id).execute();
    return { cancelled: unsent.length };
  });
}

export { setBatchAllowance } from "./allowances";

/** Following a whole batch: one digest e-mail for its replies (digest.ts). */
export async function followBatch(db: Db, input: { batchId: number; userId: number }): Promise<void> {
  await getBatch(db, input.batchId);
  await db.insertInto("batch_followers").values({ batch_id: input.batchId, user_id: input.userId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function unfollowBatch(db: Db, input: { batchId: number; userId: number }): Promise<void> {
  await db.deleteFrom("batch_followers").where("batch_id", "=", input.batchId).where("user_id", "=", input.userId).execute();
}

export async function isFollowingBatch(db: Db, batchId: number, userId: number | null): Promise<boolean> {
  if (userId === null) return false;
  return (await db.selectFrom("batch_followers").select("user_id").where("batch_id", "=", batchId).where("user_id", "=", userId).executeTakeFirst()) !== undefined;
}

/**
 * The requester posted the batch's printed letters on `postedOn` (by
 * registered mail or not): every letter by post not yet recorded takes that
 * day (its deadline counts from the presumed receipt, requests/post.ts).
 * Returns how many were recorded.
 */
export async function recordBatchPosting(db: Db, input: { batchId: number; userId: number; postedOn: string; today: string; registered?: boolean }): Promise<{ recorded: number }> {
  const registered = input.registered ?? false;
  const batch = await getBatch(db, input.batchId);
  if (batch.user_id !== input.userId) throw new ForbiddenError("This batch belongs to someone else");
  const items = await db
    .selectFrom("batch_items as i")
    .innerJoin("requests as r", "r.id", "i.request_id")
    .select("r.id")
    .where("i.batch_id", "=", input.batchId)
    .where("i.state", "=", "by_post")
    .where("r.posted_on", "is", null)
    .orderBy("i.position")
    .execute();
  let recorded = 0;
  for (const item of items) {
    try {
      await recordPosting(db, { requestId: item.id, userId: input.userId, postedOn: input.postedOn, registered, today: input.today });
      recorded++;
    } catch (error) {
      // A request answered or withdrawn meanwhile takes no posting date; a bad date fails them all alike.
      if ((error as { code?: string }).code === "not_sent") continue;
      throw error;
    }
  }
  if (recorded > 0) await db.updateTable("batches").set({ posted_on: input.postedOn, posted_registered: registered, updated_at: sql`now()` }).where("id", "=", input.batchId).execute();
  return { recorded };
}
