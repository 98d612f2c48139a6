import { describe, expect, it } from "vitest";
import { exportUserData } from "../../accounts/export";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "../search/factories";

const database = useTestDatabase();

/** Finding 12 (Low): the data export shows the requester what their request page shows them. */
describe("finding 12: the data export and hidden messages", () => {
  it("leaves out messages and attachments hidden from everyone, keeps those hidden from all but the requester", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const secret = await insertMessage(db, { request_id: request.id, subject: "Someone else's data", hidden: true });
    const kept = await insertMessage(db, { request_id: request.id, subject: "Hidden from the public only", hidden: true });
    const shown = await insertMessage(db, { request_id: request.id, subject: "Public reply" });
    const secretFile = await insertAttachment(db, { message_id: shown.id, filename: "wrong-person.pdf", hidden: true });
    await insertAttachment(db, { message_id: shown.id, filename: "answer.pdf" });
    await db
      .insertInto("hidden_items")
      .values([
        { target_type: "message", target_id: secret.id, audience: "everyone", reason: "personal_data" },
        { target_type: "message", target_id: kept.id, audience: "all_but_requester", reason: "personal_data" },
        { target_type: "attachment", target_id: secretFile.id, audience: "everyone", reason: "personal_data" },
      ])
      .execute();
    const text = JSON.stringify(await exportUserData(db, user.id));
    expect(text).not.toContain("Someone else's data");
    expect(text).not.toContain("wrong-person.pdf");
    expect(text).toContain("Hidden from the public only");
    expect(text).toContain("Public reply");
    expect(text).toContain("answer.pdf");
  });
});
