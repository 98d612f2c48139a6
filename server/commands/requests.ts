import { createRequest } from "../../requests/requests";
import { RequestError } from "../../requests/errors";
import { createUser, findUserByEmail, isPlausibleEmail } from "../../requests/users";
import { UsageError, type Command } from "./types";
import { parseFlags } from "./users";

export const requestsCreateCommand: Command = {
  path: ["requests", "create"],
  summary: "File a request (creates the user if needed) and queue its letter; prints JSON with id and reply_address",
  usage: "dossier requests create --authority SLUG --email ADDRESS --title T --body B [--name NAME] [--language fr|nl|de] [--address POSTAL_ADDRESS]",
  needsRuntime: true,
  async run(args, runtime) {
    const flags = parseFlags(args, ["authority", "email", "title", "body", "name", "language", "address"]);
    for (const required of ["authority", "email", "title", "body"]) {
      if (!flags[required] || flags[required] === "true") throw new UsageError(`--${required} is required`);
    }
    if (!isPlausibleEmail(flags.email.trim())) throw new UsageError("--email must be an e-mail address");
    const { db } = runtime!.database;
    const authority = await db.selectFrom("authorities").select(["id", "slug"]).where("slug", "=", flags.authority).executeTakeFirst();
    if (!authority) {
      console.error(`No authority with the slug "${flags.authority}" (see dossier authorities export).`);
      return 1;
    }
    let user = await findUserByEmail(db, flags.email);
    if (!user) {
      // A CLI-created user has no password: they set one with "forgot password".
      user = await createUser(db, { email: flags.email, displayName: flags.name ?? flags.email.split("@")[0], passwordHash: null, confirmed: true });
    }
    try {
      const sent = await createRequest(db, runtime!.queue, runtime!.config, {
        userId: user.id,
        authorityId: authority.id,
        title: flags.title,
        body: flags.body,
        language: flags.language,
        // Put in the letter where the regime requires or asks for it (Brussels, Flanders); never published.
        postalAddress: flags.address && flags.address !== "true" ? flags.address.replace(/\\n/g, "\n") : null,
      });
      console.log(
        JSON.stringify({
          id: sent.request.id,
          reply_address: sent.replyAddress,
          url: `${runtime!.config.baseUrl}/requests/${sent.request.id}`,
          state: sent.request.state,
          language: sent.request.language,
          delivery: runtime!.config.smtpUrl ? "queued" : "queued: no relay configured (SMTP_URL unset)",
        }),
      );
    } catch (error) {
      if (error instanceof RequestError) {
        console.error(`Cannot file the request: ${error.message}`);
        return 1;
      }
      throw error;
    }
  },
};
