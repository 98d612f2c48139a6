import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as argon2 from "@node-rs/argon2";
import { signUp } from "../../accounts/confirmation";
import { logIn } from "../../accounts/login";
import type { ProcessContext } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";

// The real argon2, only watched: every call still hashes and verifies.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, hash: vi.fn(real.hash), verify: vi.fn(real.verify) };
});

/** The expensive calls one action made (argon2 hash or verify), counted, not timed. */
async function hashingWork(action: () => Promise<unknown>): Promise<{ hash: number; verify: number }> {
  const hash = vi.mocked(argon2.hash);
  const verify = vi.mocked(argon2.verify);
  hash.mockClear();
  verify.mockClear();
  await action().catch(() => undefined);
  return { hash: hash.mock.calls.length, verify: verify.mock.calls.length };
}

/** Finding 14 (Low): sign-up and login do the same hashing work whether or not the account exists. */
describe("account enumeration by timing", () => {
  const database = useTestDatabase();
  let runtime: ProcessContext;
  beforeAll(async () => {
    runtime = testRuntime(database, { SECRET: "s".repeat(40), MAIL_DOMAIN: "dossier.test" });
    await runtime.queue.start();
  });
  afterAll(async () => {
    await runtime.close();
  });

  it("verifies one password hash at login for a known, an unknown and a banned address", async () => {
    const { db, queue, config } = runtime;
    const known = await insertUser(db);
    const banned = await insertUser(db);
    await db.updateTable("users").set({ banned_at: new Date() }).where("id", "=", banned.id).execute();
    await logIn(db, queue, config, { email: "warm-up@example.org", password: "whatever it is" }).catch(() => undefined);

    const wrong = await hashingWork(() => logIn(db, queue, config, { email: known.email, password: "not the password" }));
    const unknown = await hashingWork(() => logIn(db, queue, config, { email: "nobody-here@example.org", password: "not the password" }));
    const bannedWork = await hashingWork(() => logIn(db, queue, config, { email: banned.email, password: banned.password }));
    expect(wrong.verify).toBe(1);
    expect(unknown).toEqual(wrong);
    expect(bannedWork).toEqual(wrong);
    await expect(logIn(db, queue, config, { email: "nobody-here@example.org", password: "not the password" })).rejects.toMatchObject({ code: "login_failed" });
  });

  it("hashes the password at sign-up for a new and for a taken address", async () => {
    const { db, queue, config } = runtime;
    const taken = await insertUser(db);
    const fresh = await hashingWork(() => signUp(db, queue, config, { email: "brand-new@example.org", displayName: "New Person", password: "a long password", locale: "fr" }));
    const existing = await hashingWork(() => signUp(db, queue, config, { email: taken.email, displayName: "Someone Else", password: "a long password", locale: "fr" }));
    expect(fresh.hash).toBe(1);
    expect(existing).toEqual(fresh);
    // The taken address keeps its password.
    await expect(logIn(db, queue, config, { email: taken.email, password: taken.password })).resolves.toMatchObject({ userId: taken.id });
  });
});
