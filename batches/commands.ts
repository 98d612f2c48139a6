import { parseFlags, type CommandRun } from "../core/cli";
import { DossierError, UsageError } from "../core/errors";
import { setBatchAllowanceByEmail } from "./allowances";
import { runBatchSending } from "./sending";

/** `dossier batches allow`: an administrator's batch allowance for one user (audit-logged, as on /admin/batches). */
export const batchesAllow: CommandRun = async (args, context) => {
  const flags = parseFlags(args, ["email", "authorities", "reason"]);
  if (!flags.email || flags.email === "true") throw new UsageError("--email is required");
  const n = Number(flags.authorities);
  if (!flags.authorities || !Number.isInteger(n) || n < 0) throw new UsageError("--authorities must be a whole number, 0 or more");
  try {
    const set = await setBatchAllowanceByEmail(context!.db, { email: flags.email, maxAuthorities: flags.authorities, grantedBy: null, reason: flags.reason === "true" ? null : flags.reason });
    console.log(JSON.stringify({ user_id: set.userId, max_authorities: set.maxAuthorities }));
  } catch (error) {
    if (!(error instanceof DossierError)) throw error;
    console.error(`${error.message}.`);
    return 1;
  }
};

/** `dossier batches send`: one run of the throttled sender. */
export const batchesSend: CommandRun = async (_args, context) => {
  const run = await runBatchSending(context!);
  console.log(JSON.stringify({ sent: run.sent, next_at: run.nextAt?.toISOString() ?? null }));
};
