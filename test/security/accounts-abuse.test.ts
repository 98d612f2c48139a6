import { describe, expect, it } from "vitest";
import { withLinkToken } from "../../mail/outbound";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";

const database = useTestDatabase();
const app = useTestApp(database);

type Client = ReturnType<typeof httpClient>;

async function tryLogin(c: Client, email: string, password: string): Promise<number> {
  const csrf = await csrfOf(await c.get("/login"));
  return (await c.post("/login", { email, password, csrf })).status;
}

async function askReset(c: Client, email: string): Promise<number> {
  const csrf = await csrfOf(await c.get("/forgot-password"));
  return (await c.post("/forgot-password", { email, csrf })).status;
}

/** The reset e-mails of an address as they are sent (the token put in at sending), oldest first. */
async function sentResetLinks(address: string): Promise<string[]> {
  const rows = await database.db.selectFrom("outbound_emails").select(["id", "body_text"]).where("kind", "=", "reset_password").where("to_address", "=", address).orderBy("id").execute();
  return rows.map((r) => withLinkToken(app.runtime.config.secret, r.id, r.body_text).match(/\/reset-password\?token=(\S+)/)![1]);
}

async function resetWith(c: Client, token: string, password: string): Promise<number> {
  const csrf = await csrfOf(await c.get("/forgot-password"));
  return (await c.post("/reset-password", { token, password, csrf })).status;
}

/** Finding 8 (Low): a stranger's failures never lock the owner out. */
describe("lock-out", () => {
  it("lets the owner in from a known browser with the right password while a stranger is guessing", async () => {
    const owner = await insertUser(database.db);
    const ownerBrowser = httpClient(app.baseUrl);
    expect(await tryLogin(ownerBrowser, owner.email, owner.password)).toBe(303);
    ownerBrowser.jar.delete("dossier_session"); // signed out, the browser remembers it was the owner's

    const stranger = httpClient(app.baseUrl);
    const strangerAnswers: number[] = [];
    for (let i = 0; i < 12; i++) strangerAnswers.push(await tryLogin(stranger, owner.email, `guess number ${i}`));
    // Five free failures, then the stranger must wait (30 s, doubling): the password is not even checked.
    expect(strangerAnswers).toEqual([400, 400, 400, 400, 400, 429, 429, 429, 429, 429, 429, 429]);
    expect(await tryLogin(stranger, owner.email, owner.password)).toBe(429);

    expect(await tryLogin(ownerBrowser, owner.email, owner.password)).toBe(303);
  });

  it("lets the owner in through a reset link after the guessing, and asks strangers to wait longer and longer", async () => {
    const owner = await insertUser(database.db);
    const stranger = httpClient(app.baseUrl);
    for (let i = 0; i < 12; i++) await tryLogin(stranger, owner.email, `guess ${i}`);
    const waits = await database.db.selectFrom("auth_throttles").select(["key", "failures"]).where("key", "=", `login:account:${owner.email}`).executeTakeFirstOrThrow();
    expect(waits.failures).toBeGreaterThanOrEqual(5);

    const ownerBrowser = httpClient(app.baseUrl);
    expect(await askReset(ownerBrowser, owner.email)).toBe(200);
    const [token] = (await sentResetLinks(owner.email)).slice(-1);
    expect(await resetWith(ownerBrowser, token, "the owner's new password")).toBe(303);
    // The reset forgot the strangers' failures: the owner signs in again anywhere.
    expect(await tryLogin(httpClient(app.baseUrl), owner.email, "the owner's new password")).toBe(303);
  });

  it("lets the owner ask for a reset link from a known browser after strangers used up the address's requests", async () => {
    const owner = await insertUser(database.db);
    const ownerBrowser = httpClient(app.baseUrl);
    expect(await tryLogin(ownerBrowser, owner.email, owner.password)).toBe(303);
    const stranger = httpClient(app.baseUrl);
    for (let i = 0; i < 3; i++) expect(await askReset(stranger, owner.email)).toBe(200);
    expect(await askReset(stranger, owner.email)).toBe(429);
    expect(await askReset(ownerBrowser, owner.email)).toBe(200);
    expect(await sentResetLinks(owner.email)).toHaveLength(4);
  });
});

/** Finding 10 (Low): reset links. */
describe("reset links", () => {
  it("stores no working link in the outbox, and a reset ends every other link of the account", async () => {
    const owner = await insertUser(database.db);
    const c = httpClient(app.baseUrl);
    expect(await askReset(c, owner.email)).toBe(200);
    const stored = await database.db.selectFrom("outbound_emails").select("body_text").where("to_address", "=", owner.email).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].body_text).not.toMatch(/token=[A-Za-z0-9_-]{16,}/);

    const [first] = await sentResetLinks(owner.email);
    // A second link replaces the first.
    expect(await askReset(c, owner.email)).toBe(200);
    const [, second] = await sentResetLinks(owner.email);
    expect(second).not.toBe(first);
    expect(await resetWith(c, first, "a password from an old link")).toBe(400);
    expect(await resetWith(c, second, "the owner's new password")).toBe(303);
    expect(await resetWith(httpClient(app.baseUrl), second, "used twice")).toBe(400);
  });

  it("makes an earlier link useless after a successful reset, even one issued alongside", async () => {
    const { issueToken } = await import("../../accounts/tokens");
    const owner = await insertUser(database.db);
    const older = await issueToken(database.db, owner.id, "reset");
    const c = httpClient(app.baseUrl);
    expect(await askReset(c, owner.email)).toBe(200);
    // Issued before the e-mailed one, by the same mechanism as before this change: still valid until the reset.
    const [sent] = await sentResetLinks(owner.email);
    expect(await resetWith(c, sent, "the owner's new password")).toBe(303);
    expect(await resetWith(httpClient(app.baseUrl), older, "an attacker's password")).toBe(400);
  });
});
