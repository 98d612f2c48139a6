/**
 * The directory administration from the command line (issue 15), the same
 * domain functions as the admin pages:
 *
 *   dossier authorities proposals [--decided] [--json]
 *   dossier authorities decide ID accept|reject [--reason TEXT]
 *   dossier authorities edit SLUG [--email A --email-source S] [--no-email] [--verified|--unverified]
 *                                 [--address TEXT] [--website URL] [--active|--inactive]
 *                                 [--merged-into SLUG|--not-merged] [--reason TEXT]
 *   dossier authorities overrides [--json]
 *   dossier authorities override --regime ID (--due-days N | --extended-due-days N |
 *                                 --non-working-day MM-DD|YYYY-MM-DD --label NAME) --source TEXT
 *   dossier authorities override --remove ID [--reason TEXT]
 *
 * Every change is written to the audit log (with no acting user: the
 * operator of the machine). Handlers print JSON with --json (edit, decide
 * and override always print JSON) and return an exit code.
 */
import { parseArgs } from "node:util";
import type { Db } from "../db/connect";
import { DossierError } from "../core/errors";
import { authorityForAdmin, editAuthority } from "./admin";
import type { CliIO } from "./cli";
import { decideProposal, listProposals } from "./proposals";
import { addNonWorkingDay, listRegimeOverrides, removeRegimeOverride, setPeriodOverride } from "./regime-overrides";

type Run = (db: Db, args: string[], io: CliIO) => Promise<number>;

function fail(io: CliIO, command: string, e: unknown): number {
  if (e instanceof DossierError) {
    io.stderr.write(`dossier authorities ${command}: ${e.message}\n`);
    return 1;
  }
  if (e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
    io.stderr.write(`dossier authorities ${command}: ${e.message}\n`);
    return 2;
  }
  throw e;
}

export const proposalsCommand: Run = async (db, args, io) => {
  try {
    const { values } = parseArgs({ args, options: { decided: { type: "boolean", default: false }, json: { type: "boolean", default: false } }, strict: true });
    const rows = await listProposals(db, { status: values.decided ? "decided" : "pending", limit: 500 });
    if (values.json) {
      io.stdout.write(JSON.stringify(rows.map((r) => ({ ...r, created_at: r.created_at.toISOString(), decided_at: r.decided_at?.toISOString() ?? null }))) + "\n");
      return 0;
    }
    if (rows.length === 0) io.stdout.write(values.decided ? "No decided proposal.\n" : "No proposal is waiting.\n");
    for (const r of rows) {
      const who = r.proposer_user_email ?? r.proposer_email ?? "anonymous";
      io.stdout.write(`#${r.id} ${r.slug} ${r.field}: ${JSON.stringify(r.value)} (now ${JSON.stringify(r.field === "email" ? r.current_email : r.field === "address" ? r.current_address : null)}) by ${who}${r.source ? `, source ${r.source}` : ""}${r.status !== "pending" ? ` — ${r.status}${r.decision_reason ? `: ${r.decision_reason}` : ""}` : ""}\n`);
    }
    return 0;
  } catch (e) {
    return fail(io, "proposals", e);
  }
};

export const decideCommand: Run = async (db, args, io) => {
  try {
    const { values, positionals } = parseArgs({ args, options: { reason: { type: "string" } }, strict: true, allowPositionals: true });
    const [idText, verb] = positionals;
    const id = Number(idText);
    if (!Number.isSafeInteger(id) || id <= 0 || (verb !== "accept" && verb !== "reject") || positionals.length !== 2) {
      io.stderr.write("usage: dossier authorities decide ID accept|reject [--reason TEXT]\n");
      return 2;
    }
    const decision = verb === "accept" ? "accepted" : "rejected";
    await decideProposal(db, id, decision, null, values.reason ?? null);
    io.stdout.write(JSON.stringify({ id, decision, reason: values.reason ?? null }) + "\n");
    return 0;
  } catch (e) {
    return fail(io, "decide", e);
  }
};

export const editCommand: Run = async (db, args, io) => {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        "email-source": { type: "string" },
        "no-email": { type: "boolean", default: false },
        verified: { type: "boolean", default: false },
        unverified: { type: "boolean", default: false },
        address: { type: "string" },
        website: { type: "string" },
        active: { type: "boolean", default: false },
        inactive: { type: "boolean", default: false },
        "merged-into": { type: "string" },
        "not-merged": { type: "boolean", default: false },
        reason: { type: "string" },
      },
      strict: true,
      allowPositionals: true,
    });
    const slug = positionals[0];
    if (!slug || positionals.length !== 1 || (values.verified && values.unverified) || (values.active && values.inactive) || (values["no-email"] && values.email !== undefined)) {
      io.stderr.write("usage: dossier authorities edit SLUG [--email A --email-source S] [--no-email] [--verified|--unverified] [--address TEXT] [--website URL] [--active|--inactive] [--merged-into SLUG|--not-merged] [--reason TEXT]\n");
      return 2;
    }
    const current = await authorityForAdmin(db, slug);
    if (!current) {
      io.stderr.write(`dossier authorities edit: no authority with slug "${slug}"\n`);
      return 1;
    }
    // Unnamed fields keep their value; a new address is unverified unless --verified says otherwise.
    const newEmail = values["no-email"] ? "" : (values.email ?? current.email ?? "");
    const emailChanged = values["no-email"] || (values.email !== undefined && values.email.toLowerCase() !== current.email);
    const result = await editAuthority(
      db,
      slug,
      {
        email: newEmail,
        email_source: values["email-source"] ?? (emailChanged ? "" : (current.email_source ?? "")),
        email_verified: values.verified ? true : values.unverified || emailChanged ? false : current.email_verified,
        address: values.address ?? current.address ?? "",
        website: values.website ?? current.website ?? "",
        active: values.active ? true : values.inactive ? false : current.active,
        merged_into: values["not-merged"] ? "" : (values["merged-into"] ?? current.merged_into ?? ""),
        reason: values.reason ?? "",
      },
      null,
    );
    io.stdout.write(JSON.stringify(result) + "\n");
    return 0;
  } catch (e) {
    return fail(io, "edit", e);
  }
};

export const overridesCommand: Run = async (db, args, io) => {
  try {
    const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } }, strict: true });
    const rows = await listRegimeOverrides(db);
    if (values.json) io.stdout.write(JSON.stringify(rows) + "\n");
    else if (rows.length === 0) io.stdout.write("No override: the built-in rules apply.\n");
    else for (const r of rows) io.stdout.write(`#${r.id} ${r.regime} ${r.kind} ${r.value}${r.label ? ` (${r.label})` : ""} — ${r.source}\n`);
    return 0;
  } catch (e) {
    return fail(io, "overrides", e);
  }
};

export const overrideCommand: Run = async (db, args, io) => {
  try {
    const { values } = parseArgs({
      args,
      options: {
        regime: { type: "string" },
        "due-days": { type: "string" },
        "extended-due-days": { type: "string" },
        "non-working-day": { type: "string" },
        label: { type: "string" },
        source: { type: "string" },
        remove: { type: "string" },
        reason: { type: "string" },
      },
      strict: true,
    });
    const kinds = [values["due-days"], values["extended-due-days"], values["non-working-day"], values.remove].filter((v) => v !== undefined);
    if (kinds.length !== 1) {
      io.stderr.write("usage: dossier authorities override --regime ID (--due-days N | --extended-due-days N | --non-working-day DAY --label NAME) --source TEXT\n       dossier authorities override --remove ID [--reason TEXT]\n");
      return 2;
    }
    if (values.remove !== undefined) {
      const id = Number(values.remove);
      if (!Number.isSafeInteger(id) || id <= 0) {
        io.stderr.write("dossier authorities override: --remove takes an override id (see `dossier authorities overrides`)\n");
        return 2;
      }
      await removeRegimeOverride(db, id, null, values.reason ?? null);
      io.stdout.write(JSON.stringify({ removed: id }) + "\n");
      return 0;
    }
    const row =
      values["non-working-day"] !== undefined
        ? await addNonWorkingDay(db, { regime: values.regime ?? "", date: values["non-working-day"], label: values.label ?? "", source: values.source ?? "" }, null)
        : await setPeriodOverride(
            db,
            { regime: values.regime ?? "", kind: values["due-days"] !== undefined ? "due_days" : "extended_due_days", days: values["due-days"] ?? values["extended-due-days"], source: values.source ?? "" },
            null,
          );
    io.stdout.write(JSON.stringify({ id: row.id }) + "\n");
    return 0;
  } catch (e) {
    return fail(io, "override", e);
  }
};
