import type { Db } from "../db/connect";
import type { JobQueue } from "../core/jobs";
import { queueRedactionJobs } from "./jobs";
import type { RedactionScope } from "./redaction";
import { deleteRule, insertRule, type NewRuleInput, type RuleOrigin } from "./rules";

/** Adds a rule and queues its re-redaction job, in one transaction. */
export async function addRedactionRule(db: Db, queue: Pick<JobQueue, "send">, input: NewRuleInput & { scope: RedactionScope; origin: RuleOrigin; actorUserId: number }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { ruleId, jobId } = await insertRule(trx, input);
    await queueRedactionJobs(trx, queue, [jobId]);
    return ruleId;
  });
}

export async function removeRedactionRule(db: Db, queue: Pick<JobQueue, "send">, ruleId: number, actorUserId: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await deleteRule(trx, ruleId, actorUserId);
    if (result) await queueRedactionJobs(trx, queue, [result.jobId]);
    return Boolean(result);
  });
}
