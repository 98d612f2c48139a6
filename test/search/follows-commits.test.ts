import { describe, expect, it } from "vitest";
import { allJobs } from "../../server/rooms";
import { PgBossQueue } from "../../server/queue";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "./factories";

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * No room has to remember to index: the database queues the indexing job
 * for any request event, extracted attachment text, or hidden/moved message
 * or request, in the transaction that made the change (migration 0410).
 */
describe("the index follows committed changes by itself", () => {
  const database = useTestDatabase();
  const search = async (q: string) => (await new PostgresSearchBackend(database.db).search({ q })).hits;

  it("indexes a delivered reply, its attachment text when extracted, and drops a hidden request", async () => {
    const db = database.db;
    const queue = new PgBossQueue(database.url, allJobs(), "worker");
    await queue.start();
    await queue.work({ ...testRuntime(database), queue });
    try {
      const user = await insertUser(db);
      const authority = await insertAuthority(db);
      const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Subsides aux clubs sportifs" });
      const reply = await insertMessage(db, { request_id: request.id, body_text: "Veuillez trouver la liste des subventions accordées aux clubs de pétanque." });
      const attachment = await insertAttachment(db, { message_id: reply.id, extracted_text: null, extraction_status: "pending" });

      // Any room records an event when a reply lands on a request.
      await db.insertInto("events").values({ request_id: request.id, type: "reply_received", data: JSON.stringify({ message_id: reply.id }) }).execute();
      await waitFor(async () => (await search("pétanque")).length > 0);

      // The extraction job fills the text later: it becomes searchable too.
      await db.updateTable("attachments").set({ extracted_text: "Tableau des montants versés au cercle d'escrime de Jambes.", extraction_status: "done" }).where("id", "=", attachment.id).execute();
      await waitFor(async () => (await search("escrime")).length > 0);

      // A moderator hides the request: everything about it leaves the index.
      await db.updateTable("requests").set({ hidden: true }).where("id", "=", request.id).execute();
      await waitFor(async () => (await search("pétanque")).length === 0 && (await search("escrime")).length === 0);
      expect(await search("sportifs")).toEqual([]);
    } finally {
      await queue.stop();
    }
  });
});
