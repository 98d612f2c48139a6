import { describe, expect, it } from "vitest";
import { stripBidiControls } from "../../core/text";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "../search/factories";

const database = useTestDatabase();
const app = useTestApp(database);

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** Finding 18 (Low): a name cannot pretend to be another by reversing its own letters. */
describe("finding 18: bidirectional controls in displayed names and subjects", () => {
  it("removes every bidi control and keeps the other characters", () => {
    expect(stripBidiControls("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(stripBidiControls("a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl")).toBe("abcdefghijkl");
    expect(stripBidiControls("Réponse — ملف.pdf")).toBe("Réponse — ملف.pdf");
  });

  it("shows no bidi control in an attachment name or a subject on the request page", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const message = await insertMessage(db, { request_id: request.id, subject: "Re: facture\u202Efdp.exe" });
    await insertAttachment(db, { message_id: message.id, filename: "invoice\u202Efdp.exe" });
    const page = await (await fetch(`${app.baseUrl}/requests/${request.id}`)).text();
    expect(page).toContain("invoicefdp.exe");
    expect(page).toContain("facturefdp.exe");
    const at = page.search(BIDI);
    expect(at === -1 ? "" : page.slice(Math.max(0, at - 200), at + 50).replace(/[^\x20-\x7e]/g, (c) => `<${c.charCodeAt(0).toString(16)}>`)).toBe("");
  });
});
