import { isValidDate, todayInBrussels } from "../../authorities/civil-date";
import { recomputeAll } from "../../requests/deadlines/store";
import { UsageError, type Command } from "./types";

/** `dossier deadlines recompute [--today YYYY-MM-DD] [--json]`: after a rule or calendar change. */
export const deadlinesRecomputeCommand: Command = {
  path: ["deadlines", "recompute"],
  summary: "Recompute every request's stored deadlines and overdue mark; report how many changed",
  usage: "dossier deadlines recompute [--today YYYY-MM-DD] [--json]",
  needsRuntime: true,
  async run(args, runtime) {
    let today = todayInBrussels();
    let json = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--json") json = true;
      else if (a === "--today") {
        const v = args[++i];
        if (!v || !isValidDate(v)) throw new UsageError(`--today needs a date YYYY-MM-DD, got ${JSON.stringify(v ?? "")}`);
        today = v;
      } else throw new UsageError(`unknown argument ${JSON.stringify(a)}`);
    }
    const result = await recomputeAll(runtime!.database.db, today);
    if (json) console.log(JSON.stringify({ today, checked: result.checked, changed: result.changed, newly_overdue: result.newlyOverdue.length }));
    else console.log(`Checked ${result.checked} requests: ${result.changed} had their dates changed, ${result.newlyOverdue.length} became overdue (today ${today}).`);
    return 0;
  },
};
