import { createUser, findUserByEmail, isPlausibleEmail } from "../accounts/users";
import { isValidDate } from "../authorities/civil-date";
import { parseFlags, type CommandRun } from "../core/cli";
import { UsageError } from "../core/errors";
import { recomputeAll } from "./deadlines/store";
import { RequestError } from "./errors";
import { createRequest } from "./requests";
import { readFileSync } from "node:fs";
import { loadBundledDirectory } from "../authorities/bundled";
import { formatRowError, parseDirectoryFile } from "../authorities/directory-row";
import { REGIONS } from "../authorities/vocabulary";
import { channelsFor, countReach, isChannel, type Channel, type ReachCount } from "./channels";
import { postLetterPdf } from "./post";

/** `dossier requests create`: files a request (creating a confirmed user if needed) and queues its letter. */
export const requestsCreate: CommandRun = async (args, context) => {
  const flags = parseFlags(args, ["authority", "email", "title", "body", "name", "language", "address", "channel", "authority-address", "accept-unverified-email"]);
  for (const required of ["authority", "email", "title", "body"]) {
    if (!flags[required] || flags[required] === "true") throw new UsageError(`--${required} is required`);
  }
  if (!isPlausibleEmail(flags.email.trim())) throw new UsageError("--email must be an e-mail address");
  const { db } = context!;
  if (flags.channel !== undefined && !isChannel(flags.channel)) throw new UsageError("--channel must be email or post");
  const authority = await db.selectFrom("authorities").selectAll().where("slug", "=", flags.authority).executeTakeFirst();
  if (!authority) {
    console.error(`No authority with the slug "${flags.authority}" (see dossier authorities export).`);
    return 1;
  }
  const channels = channelsFor(authority);
  const channel = (flags.channel as Channel | undefined) ?? channels.preferred ?? "post";
  // An unverified address: the operator agrees by naming it, after being shown where it comes from.
  const consentTo = flags["accept-unverified-email"] && flags["accept-unverified-email"] !== "true" ? flags["accept-unverified-email"] : null;
  if (channel === "email" && authority.email && !authority.email_verified && !consentTo) {
    console.error(
      `Cannot file the request: ${authority.email} is not verified (source: ${authority.email_source ?? "unknown"}). ` +
        `Add --accept-unverified-email ${authority.email} to agree to write to it, or use --channel post.`,
    );
    return 1;
  }
  let user = await findUserByEmail(db, flags.email);
  if (!user) {
    // A CLI-created user has no password: they set one with "forgot password".
    user = await createUser(db, { email: flags.email, displayName: flags.name ?? flags.email.split("@")[0], passwordHash: null, confirmed: true });
  }
  try {
    const sent = await createRequest(db, context!.queue, context!.config, {
      userId: user.id,
      authorityId: authority.id,
      title: flags.title,
      body: flags.body,
      language: flags.language,
      // Put in the letter where the regime requires or asks for it (Brussels, Flanders); never published.
      postalAddress: flags.address && flags.address !== "true" ? flags.address.replace(/\\n/g, "\n") : null,
      channel,
      consentTo,
      authorityAddress: flags["authority-address"] && flags["authority-address"] !== "true" ? flags["authority-address"].replace(/\\n/g, "\n") : null,
    });
    const letter = sent.channel === "post" ? await postLetterPdf(db, context!.config, { requestId: sent.request.id, userId: user.id, today: context!.clock.today() }) : null;
    console.log(
      JSON.stringify({
        id: sent.request.id,
        reply_address: sent.replyAddress,
        url: `${context!.config.baseUrl}/requests/${sent.request.id}`,
        state: sent.request.state,
        language: sent.request.language,
        channel: sent.channel,
        ...(letter
          ? {
              letter_pdf: context!.files.pathOf(await context!.files.put(letter.pdf)),
              letter_url: `${context!.config.baseUrl}/requests/${sent.request.id}/letter.pdf`,
              recipient_address: sent.request.recipient_postal_address,
              delivery: "by post: print the letter, post it, then record the posting date on the request's page",
            }
          : { to: authority.email, email_verified: authority.email_verified, delivery: context!.config.smtpUrl ? "queued" : "queued: no relay configured (SMTP_URL unset)" }),
      })
    );
  } catch (error) {
    if (error instanceof RequestError) {
      console.error(`Cannot file the request: ${error.message}`);
      return 1;
    }
    throw error;
  }
};

/** `dossier deadlines recompute [--today YYYY-MM-DD] [--json]`: after a rule or calendar change. */
export const deadlinesRecompute: CommandRun = async (args, context) => {
  let today = context!.clock.today();
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
  const result = await recomputeAll(context!.db, today);
  if (json) console.log(JSON.stringify({ today, checked: result.checked, changed: result.changed, newly_overdue: result.newlyOverdue.length }));
  else console.log(`Checked ${result.checked} requests: ${result.changed} had their dates changed, ${result.newlyOverdue.length} became overdue (today ${today}).`);
  return 0;
};

/**
 * `dossier authorities reach [--bundled | --file PATH] [--json]`: how many
 * authorities each channel reaches, per region (verified e-mail / unverified
 * e-mail, post by default / post only), from the database, the bundled
 * directory file (--bundled), or a directory file in the import format
 * (--file, CSV or JSON: an older version of the bundled file, a file to import).
 */
export const authoritiesReach: CommandRun = async (args, context) => {
  const flags = parseFlags(args, ["bundled", "file", "json"]);
  if (flags.file === "true") throw new UsageError("--file needs a path");
  const rows = flags.file ? directoryFileRows(flags.file) : flags.bundled ? loadBundledDirectory().map((r) => r.row) : await context!.db.selectFrom("authorities").select(["region", "active", "email", "email_verified", "email_source", "address"]).execute();
  const source = flags.file ? `file ${flags.file}` : flags.bundled ? "bundled directory" : "database";
  const lines = countReach(rows, REGIONS);
  if (flags.json) console.log(JSON.stringify({ source, regions: lines }));
  else console.log(reachTable(source, lines));
  return 0;
};

function directoryFileRows(file: string) {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const parsed = parseDirectoryFile(text, file.toLowerCase().endsWith(".json") ? "json" : "csv");
  if (!parsed.ok) throw new UsageError(`${file} is not a directory file:\n${parsed.errors.slice(0, 10).map(formatRowError).join("\n")}`);
  return parsed.rows.map((r) => r.row);
}

/** The reach counts as a Markdown table (pasted as is into notes and issues). */
export function reachTable(source: string, lines: ReachCount[]): string {
  const head = ["region", "authorities", "with e-mail", "e-mail verified", "e-mail unverified (post by default)", "post only", "postal address known (of unverified + post only)", "inactive"];
  const cells = lines.map((l) => [l.region, l.authorities, l.email_verified + l.email_unverified, l.email_verified, l.email_unverified, l.post_only, l.postal_address_known, l.inactive].map(String));
  return [`Authorities per region and channel (${source}):`, "", `| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...cells.map((c) => `| ${c.join(" | ")} |`)].join("\n");
}
