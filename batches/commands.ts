import { findUserByEmail } from "../accounts/users";
import { parseFlags, type CommandRun } from "../core/cli";
import { UsageError } from "../core/errors";
import { setBatchAllowance } from "./batches";
import { runBatchSending } from "./sending";

/** `dossier batches allow`: an administrator's batch allowance for one user. */
export const batchesAllow: CommandRun = async (args, context) => {
  const flags = parseFlags(args, ["email", "authorities"]);
  if (!flags.email || flags.email === "true") throw new UsageError("--email is required");
  const n = Number(flags.authorities);
  if (!flags.authorities || !Number.isInteger(n) || n < 0) throw new UsageError("--authorities must be a whole number, 0 or more");
  const user = await findUserByEmail(context!.db, flags.email);
  if (!user) {
    console.error(`No user with the e-mail address ${flags.email}.`);
    return 1;
  }
  await setBatchAllowance(context!.db, { userId: user.id, maxAuthorities: n, grantedBy: null });
  console.log(JSON.stringify({ user_id: user.id, max_authorities: n }));
};

/** `dossier batches send`: one run of the throttled sender. */
export const batchesSend: CommandRun = async (_args, context) => {
  const run = await runBatchSending(context!);
  console.log(JSON.stringify({ sent: run.sent, next_at: run.nextAt?.toISOString() ?? null }));
};
