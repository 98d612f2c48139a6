/** What the batch page does on a button: the owner's controls and following, one entry point for the route. */
import { ForbiddenError, InvalidInputError } from "../core/errors";
import { cancelBatch, followBatch, getBatch, isFollowingBatch, pauseBatch, resumeBatch, unfollowBatch, type BatchContext } from "./batches";
import { batchView, type BatchView } from "./view";

export const BATCH_INTENTS = ["pause", "resume", "cancel", "follow", "unfollow"] as const;
export type BatchIntent = (typeof BATCH_INTENTS)[number];

export async function actOnBatch(context: BatchContext, input: { batchId: number; userId: number; intent: string }): Promise<void> {
  const intent = input.intent as BatchIntent;
  if (!(BATCH_INTENTS as readonly string[]).includes(intent)) throw new InvalidInputError(`Unknown action "${input.intent}"`);
  const batch = await getBatch(context.db, input.batchId);
  if ((intent === "pause" || intent === "resume" || intent === "cancel") && batch.user_id !== input.userId) throw new ForbiddenError("This batch belongs to someone else");
  if (intent === "pause") await pauseBatch(context, input);
  else if (intent === "resume") await resumeBatch(context, input);
  else if (intent === "cancel") await cancelBatch(context, input);
  else if (intent === "follow") await followBatch(context.db, input);
  else await unfollowBatch(context.db, input);
}

/** The batch page's data: the matrix, and whether the reader owns or follows it. */
export async function batchPage(context: Pick<BatchContext, "db">, input: { batchId: number; userId: number | null; today: string }): Promise<BatchView & { isOwner: boolean; following: boolean }> {
  const view = await batchView(context.db, input.batchId, input.today);
  return { ...view, isOwner: input.userId === view.batch.ownerId, following: await isFollowingBatch(context.db, input.batchId, input.userId) };
}
