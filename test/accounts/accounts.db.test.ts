import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeBan, setBanned } from "../../accounts/bans";
import { confirmEmail } from "../../accounts/confirmation";
import { closeAccount } from "../../accounts/deletion";
import { logIn } from "../../accounts/login";
import { verifyPassword } from "../../accounts/password";
import { resetPassword } from "../../accounts/reset";
import { endSession, openSession, sessionUser } from "../../accounts/sessions";
import { issueToken, peekToken } from "../../accounts/tokens";
import { isDossierError } from "../../core/errors";
import type { ProcessContext } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";

/** The rule an error carries: what pages and scripts match on. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDossierError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("accounts room", () => {
  const database = useTestDatabase();
  let runtime: ProcessContext;
  beforeAll(async () => {
    runtime = testRuntime(database, { SECRET: "s".repeat(40), MAIL_DOMAIN: "dossier.test" });
    await runtime.queue.start();
  });
  afterAll(async () => {
    await runtime.close();
  });

  const sessionsOf = async (userId: number) =>
    Number((await database.db.selectFrom("sessions").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow()).n);

  it("opens, finds and ends sessions; an unknown or overlong token finds nobody", async () => {
    const { db } = database;
    const user = await insertUser(db);
    const token = await openSession(db, user.id);
    expect((await sessionUser(db, token))?.id).toBe(user.id);
    expect(await sessionUser(db, "nope")).toBeNull();
    expect(await sessionUser(db, "x".repeat(200))).toBeNull();
    await endSession(db, token);
    expect(await sessionUser(db, token)).toBeNull();
  });

  it("ends every session of a banned user, as an audit event; lifting the ban opens none", async () => {
    const { db } = database;
    const admin = await insertUser(db, { role: "admin" });
    const user = await insertUser(db);
    const phone = await openSession(db, user.id);
    await openSession(db, user.id);
    const other = await insertUser(db);
    const bystander = await openSession(db, other.id);

    await changeBan(db, { userId: user.id, banned: true, actorUserId: admin.id, reason: "spam" });
    expect(await sessionsOf(user.id)).toBe(0);
    expect(await sessionUser(db, phone)).toBeNull();
    expect((await sessionUser(db, bystander))?.id).toBe(other.id);
    const audit = await db.selectFrom("audit_log").select(["action", "target_id"]).where("target_type", "=", "user").where("target_id", "=", user.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["ban"]);

    await changeBan(db, { userId: user.id, banned: false, actorUserId: admin.id });
    expect(await sessionsOf(user.id)).toBe(0);
    expect(await codeOf(changeBan(db, { userId: 99_999_999, banned: true, actorUserId: admin.id }))).toBe("user_not_found");
  });

  it("bans within the caller's transaction: a rollback keeps the user and the sessions", async () => {
    const { db } = database;
    const admin = await insertUser(db, { role: "admin" });
    const user = await insertUser(db);
    await openSession(db, user.id);
    await expect(
      db.transaction().execute(async (trx) => {
        await setBanned(trx, { userId: user.id, banned: true, actorUserId: admin.id });
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    expect(await sessionsOf(user.id)).toBe(1);
    expect((await db.selectFrom("users").select("banned_at").where("id", "=", user.id).executeTakeFirstOrThrow()).banned_at).toBeNull();
  });

  it("resets a password: confirms the address, ends the old sessions and opens one, once", async () => {
    const { db } = database;
    const user = await insertUser(db, { confirmed: false });
    const old = await openSession(db, user.id);
    const token = await issueToken(db, user.id, "reset");

    const { userId, sessionToken } = await resetPassword(db, runtime.config, { token, password: "a brand new password" });
    expect(userId).toBe(user.id);
    expect(await sessionUser(db, old)).toBeNull();
    expect((await sessionUser(db, sessionToken))?.id).toBe(user.id);
    const row = await db.selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.confirmed_at).not.toBeNull();
    expect(await verifyPassword(row.password_hash, "a brand new password")).toBe(true);

    expect(await codeOf(resetPassword(db, runtime.config, { token, password: "yet another password" }))).toBe("invalid_token");
    expect(await codeOf(resetPassword(db, runtime.config, { token: "made-up", password: "yet another password" }))).toBe("invalid_token");
  });

  it("resets all or nothing: when a write fails, the link, the sessions and the password stay as they were", async () => {
    const { db } = database;
    const user = await insertUser(db, { password: "the old password!" });
    const old = await openSession(db, user.id);
    const token = await issueToken(db, user.id, "reset");
    // The last of the four writes (the new session) fails, for this user only.
    await sql`
      create function refuse_session() returns trigger language plpgsql as $$
      begin
        if new.user_id = ${sql.lit(user.id)} then raise exception 'no new session today'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_session before insert on sessions for each row execute function refuse_session()`.execute(db);
    try {
      await expect(resetPassword(db, runtime.config, { token, password: "a brand new password" })).rejects.toThrow(/no new session today/);
    } finally {
      await sql`drop trigger refuse_session on sessions`.execute(db);
      await sql`drop function refuse_session()`.execute(db);
    }
    expect(await peekToken(db, token, "reset")).toBe(true);
    expect((await sessionUser(db, old))?.id).toBe(user.id);
    const row = await db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, "the old password!")).toBe(true);
    // The link still works once the fault is gone.
    expect((await resetPassword(db, runtime.config, { token, password: "a brand new password" })).userId).toBe(user.id);
  });

  it("confirms an address from its link and opens a session; a used link is refused", async () => {
    const { db } = database;
    const user = await insertUser(db, { confirmed: false });
    const token = await issueToken(db, user.id, "confirm");
    const { sessionToken } = await confirmEmail(db, token);
    expect((await sessionUser(db, sessionToken))?.confirmed_at).not.toBeNull();
    expect(await codeOf(confirmEmail(db, token))).toBe("invalid_token");
    // A reset link is not a confirmation link.
    expect(await codeOf(confirmEmail(db, await issueToken(db, user.id, "reset")))).toBe("invalid_token");
  });

  it("logs in with the right password only; banned accounts get the same answer; unconfirmed ones a new link", async () => {
    const { db } = database;
    const user = await insertUser(db, { password: "a good password" });
    const { sessionToken } = await logIn(db, runtime.queue, runtime.config, { email: user.email.toUpperCase(), password: "a good password" });
    expect((await sessionUser(db, sessionToken))?.id).toBe(user.id);
    expect(await codeOf(logIn(db, runtime.queue, runtime.config, { email: user.email, password: "wrong" }))).toBe("login_failed");
    expect(await codeOf(logIn(db, runtime.queue, runtime.config, { email: "nobody@example.org", password: "a good password" }))).toBe("login_failed");

    const admin = await insertUser(db, { role: "admin" });
    await changeBan(db, { userId: user.id, banned: true, actorUserId: admin.id });
    expect(await codeOf(logIn(db, runtime.queue, runtime.config, { email: user.email, password: "a good password" }))).toBe("login_failed");

    const fresh = await insertUser(db, { password: "a good password", confirmed: false });
    expect(await codeOf(logIn(db, runtime.queue, runtime.config, { email: fresh.email, password: "a good password" }))).toBe("unconfirmed");
    expect(await db.selectFrom("user_tokens").select("user_id").where("user_id", "=", fresh.id).where("purpose", "=", "confirm").executeTakeFirst()).toBeDefined();
    expect(await sessionsOf(fresh.id)).toBe(0);
  });

  it("closes an account: sessions and links end with it", async () => {
    const { db } = database;
    const user = await insertUser(db);
    const session = await openSession(db, user.id);
    const link = await issueToken(db, user.id, "reset");
    await closeAccount(db, runtime.queue, user.id);
    expect(await sessionUser(db, session)).toBeNull();
    expect(await peekToken(db, link, "reset")).toBe(false);
    expect((await db.selectFrom("users").select("display_name").where("id", "=", user.id).executeTakeFirstOrThrow()).display_name).toBe("[account deleted]");
    expect(await codeOf(closeAccount(db, runtime.queue, 99_999_999))).toBe("user_not_found");
  });
});
