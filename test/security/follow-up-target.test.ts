import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followUpChoices } from "../../requests/follow-up-recipients";
import { sendFollowUp } from "../../requests/requests";
import type { ProcessContext } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { createRequestFixture } from "../mail/factories";
import { insertMessage } from "../search/factories";

const database = useTestDatabase();
const AUTHORITY = "follow-commune.be";

/** Finding 4 (Medium): a stranger's mail cannot redirect the citizen's follow-up. */
describe("follow-up recipients", () => {
  let runtime: ProcessContext;
  beforeAll(async () => {
    runtime = testRuntime(database, { SECRET: "f".repeat(40), MAIL_DOMAIN: "dossier.test" });
    await runtime.queue.start();
  });
  afterAll(async () => {
    await runtime.close();
  });

  async function followUpTo(requestId: number, userId: number, to?: string): Promise<string[]> {
    const { messageId } = await sendFollowUp(database.db, runtime.queue, runtime.config, { requestId, userId, body: "Où en est ma demande ?", to });
    return (await database.db.selectFrom("messages").select("to_addresses").where("message_id", "=", messageId).executeTakeFirstOrThrow()).to_addresses;
  }

  it("goes to the directory address after a stranger wrote last, and never to the stranger or a forged sender", async () => {
    const { request, user } = await createRequestFixture(database.db, { authorityEmail: `info@${AUTHORITY}`, authorityWebsite: `https://www.${AUTHORITY}` });
    await insertMessage(database.db, { request_id: request.id, from_address: `agent@${AUTHORITY}`, created_at: new Date(Date.now() - 3000) });
    await insertMessage(database.db, { request_id: request.id, from_address: `bourgmestre@${AUTHORITY}`, dmarc_failed: true, created_at: new Date(Date.now() - 2000) });
    await insertMessage(database.db, { request_id: request.id, from_address: "helpful@stranger.example", created_at: new Date(Date.now() - 1000) });

    const choices = await followUpChoices(database.db, request.id);
    expect(choices).toEqual([
      { address: `info@${AUTHORITY}`, domain: AUTHORITY, source: "directory" },
      { address: `agent@${AUTHORITY}`, domain: AUTHORITY, source: "replier" },
    ]);
    expect(await followUpTo(request.id, user.id)).toEqual([`info@${AUTHORITY}`]);
    await expect(followUpTo(request.id, user.id, "helpful@stranger.example")).rejects.toMatchObject({ code: "invalid_input" });
    await expect(followUpTo(request.id, user.id, `bourgmestre@${AUTHORITY}`)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await followUpTo(request.id, user.id, `Agent@${AUTHORITY}`)).toEqual([`agent@${AUTHORITY}`]);
  });

  it("allows three follow-ups a day on one request", async () => {
    const { request, user } = await createRequestFixture(database.db, { authorityEmail: `info@${AUTHORITY}` });
    for (let i = 0; i < 3; i++) expect(await followUpTo(request.id, user.id)).toEqual([`info@${AUTHORITY}`]);
    await expect(followUpTo(request.id, user.id)).rejects.toMatchObject({ code: "follow_up_limit", status: 429 });
  });
});
