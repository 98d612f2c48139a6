import { describe, expect, it } from "vitest";
import { fixedClock } from "../../core/clock";
import { recomputeAll } from "../../requests/deadlines/store";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertRequest, insertUser } from "../search/factories";

const database = useTestDatabase();
const clock = fixedClock("2026-01-20T10:00:00Z");
/** The web app with the context's clock stopped: pages count days from it, not from the machine's date. */
const app = useTestApp(database, {}, { clock });

describe("pages read the date from the context's clock", () => {
  it("counts the days left, then shows the request overdue once the clock passes the due date", async () => {
    const user = await insertUser(database.db);
    const authority = await insertAuthority(database.db, { regime: "flanders", region: "flanders", languages: ["nl"] });
    const request = await insertRequest(database.db, { authority_id: authority.id, user_id: user.id, received_date: "2026-01-05", language: "nl", state: "awaiting_response" });
    await recomputeAll(database.db, "2026-01-05");
    const due = async () => {
      const html = await (await fetch(`${app.baseUrl}/requests/${request.id}`, { headers: { "Accept-Language": "nl" } })).text();
      return /data-testid="due"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1].replace(/<!-- -->/g, "").replace(/\s+/g, " ").trim();
    };
    // Flanders: R + 20 calendar days → due 26 January.
    expect(await due()).toBe("De overheid moet antwoorden uiterlijk op 26 januari 2026. Nog 6 dagen.");
    clock.set("2026-01-25T10:00:00Z");
    expect(await due()).toContain("Nog 1 dag.");
    clock.set("2026-01-27T10:00:00Z");
    expect(await due()).toContain("26 januari 2026");
    expect(await due()).not.toContain("Nog");
    const api = await (await fetch(`${app.baseUrl}/api/v1/requests/${request.id}`)).json();
    expect(api).toMatchObject({ overdue: true });
  });
});
