import { describe, expect, it } from "vitest";
import { allJobs } from "../../server/rooms";
import { PgBossQueue } from "../../server/queue";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { recordEvent } from "../../core/events";
import { extractMessageAttachments } from "../../mail/extract-attachments";
import { hideItem } from "../../moderation/hide";
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
 * No room has to remember to index: the code that records a request event,
 * extracts an attachment's text, or hides or moves a message or request
 * emits a domain event in its transaction (core/events.ts), and the search
 * room's subscriber indexes once the dispatcher hears of the commit.
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
      await recordEvent(db, { request_id: request.id, type: "reply_received", data: JSON.stringify({ message_id: reply.id }) });
      await waitFor(async () => (await search("pétanque")).length > 0);

      // The extraction job fills the text later: it becomes searchable too.
      const extractor = { extract: async () => ({ text: "Tableau des montants versés au cercle d'escrime de Jambes.", status: "done", error: null }) };
      await extractMessageAttachments(db, reply.id, { files: { get: async () => Buffer.from("%PDF") } as any, extractor: extractor as any });
      await waitFor(async () => (await search("escrime")).length > 0);

      // A moderator hides the request: everything about it leaves the index.
      const admin = await insertUser(db);
      await db.transaction().execute((trx) => hideItem(trx, { target: "request", id: request.id, audience: "everyone", reason: "personal_data", actorUserId: admin.id }));
      await waitFor(async () => (await search("pétanque")).length === 0 && (await search("escrime")).length === 0);
      expect(await search("sportifs")).toEqual([]);
    } finally {
      await queue.stop();
    }
  });
});
