import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replyAddressFor } from "../../mail/reply-address";
import { verifyPassword } from "../../accounts/password";
import { useTestDatabase } from "../support/database";
import { GENT, insertAuthority } from "../support/factories";

const SECRET = "cli-secret-".repeat(4);

describe("dossier users create and dossier requests create", () => {
  const database = useTestDatabase();
  const dossier = (args: string[]) =>
    spawnSync(process.execPath, ["bin/dossier.js", ...args], {
      encoding: "utf8",
      env: { ...process.env, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dossier-cli-")), DATABASE_URL: database.url, SECRET, MAIL_DOMAIN: "dossier.test", SMTP_URL: "" },
      timeout: 150_000,
    });

  it("creates the first admin, confirmed, with an argon2id password", async () => {
    const result = dossier(["users", "create", "--admin", "--email", "Admin@Dossier.test", "--name", "Admin", "--password", "a very long password"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ email: "admin@dossier.test", role: "admin" });
    const user = await database.db.selectFrom("users").selectAll().where("email", "=", "admin@dossier.test").executeTakeFirstOrThrow();
    expect(user.confirmed_at).not.toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.password_hash, "a very long password")).toBe(true);
    const again = dossier(["users", "create", "--email", "admin@dossier.test", "--name", "X", "--password", "a very long password"]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(dossier(["users", "create", "--email", "x@y.be", "--name", "X", "--password", "short"]).status).toBe(2);
  }, 180_000);

  it("files a request, creating the user, and prints its id and reply address", async () => {
    await insertAuthority(database.db, GENT);
    const result = dossier(["requests", "create", "--authority", "gent", "--email", "piet@example.org", "--title", "Begroting 2026", "--body", "De begroting 2026 en de meerjarenplanning.", "--address", "Veldstraat 1\\n9000 Gent"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.reply_address).toBe(replyAddressFor(SECRET, out.id, "dossier.test"));
    expect(out).toMatchObject({ state: "awaiting_response", language: "nl" });
    const letter = await database.db.selectFrom("messages").selectAll().where("request_id", "=", out.id).executeTakeFirstOrThrow();
    expect(letter).toMatchObject({ direction: "outbound", kind: "request", delivery_status: "queued", from_address: out.reply_address, to_addresses: ["info@stad.gent.example"] });
    expect(letter.body_text).toContain("Bestuursdecreet");
    // Flemish law asks for the requester's address: in the letter, one line per "\n".
    expect(letter.body_text).toContain("Postadres:\nVeldstraat 1\n9000 Gent");

    const unknown = dossier(["requests", "create", "--authority", "nowhere", "--email", "piet@example.org", "--title", "T", "--body", "Some body text"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No authority with the slug "nowhere"');
    const missing = dossier(["requests", "create", "--authority", "gent"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--email is required");
  }, 180_000);

  it("dossier authorities reach counts the database's authorities per region and channel", async () => {
    await insertAuthority(database.db, { slug: "reach-verified", region: "fwb", email: "info@reach.example", email_verified: true });
    await insertAuthority(database.db, { slug: "reach-unverified", region: "fwb", email: "info@reach2.example", email_verified: false, address: "Rue 1\n1000 Bruxelles" });
    await insertAuthority(database.db, { slug: "reach-post", region: "fwb", email: null, address: null });
    const result = dossier(["authorities", "reach", "--json"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { source, regions } = JSON.parse(result.stdout);
    expect(source).toBe("database");
    expect(regions.find((r: { region: string }) => r.region === "fwb")).toEqual({ region: "fwb", authorities: 3, email_verified: 1, email_unverified: 1, post_only: 1, postal_address_known: 1, inactive: 0 });
    const table = dossier(["authorities", "reach"]);
    expect(table.stdout).toContain("| fwb | 3 | 2 | 1 | 1 | 1 | 1 | 0 |");
    // A directory file in the import format (here the bundled one): all 1,574, each counted once.
    const file = JSON.parse(dossier(["authorities", "reach", "--file", "authorities/data/authorities.csv", "--json"]).stdout);
    const total = file.regions.at(-1);
    expect(total).toMatchObject({ region: "total", authorities: 1574 });
    expect(total.email_verified + total.email_unverified + total.post_only + total.inactive).toBe(1574);
    const missing = dossier(["authorities", "reach", "--file", "no/such/file.csv"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read no/such/file.csv");
  }, 180_000);
});
