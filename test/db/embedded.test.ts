import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../db/embedded";

/** A separate process that starts the embedded server, prints its URL and waits to be killed. */
function ownerProcess(dir: string): Promise<{ url: string; kill: () => void }> {
  const script = `
    import { startEmbeddedPostgres } from "./db/embedded.ts";
    const s = await startEmbeddedPostgres({ dir: ${JSON.stringify(dir)} });
    console.log("URL " + s.url);
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /URL (\S+)/.exec(chunk.toString());
      if (match) resolve({ url: match[1], kill: () => child.kill("SIGKILL") });
    });
    child.once("exit", (code) => reject(new Error(`owner exited with ${code}`)));
  });
}

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("embedded PostgreSQL", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "dossier-embedded-"));
  const dir = path.join(root, "data", "postgres");
  chmodSync(root, 0o755);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("is shared with a running owner, survives the owner's SIGKILL, and stops cleanly", async () => {
    const owner = await ownerProcess(dir);
    expect(await canQuery(owner.url)).toBe(true);

    // A second process (e.g. `dossier migrate` beside `dossier start`) is a guest.
    const guest = await startEmbeddedPostgres({ dir });
    expect(guest.owned).toBe(false);
    expect(guest.url).toBe(owner.url);
    await guest.stop();
    expect(await canQuery(owner.url)).toBe(true);

    // The owner dies without cleaning up: the next process adopts the orphaned server.
    owner.kill();
    await new Promise((r) => setTimeout(r, 300));
    const adopter = await startEmbeddedPostgres({ dir });
    expect(adopter.owned).toBe(true);
    expect(await canQuery(adopter.url)).toBe(true);
    await adopter.stop();
    expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false);

    // Started again from the stopped cluster, its data is still there.
    const again = await startEmbeddedPostgres({ dir });
    expect(again.owned).toBe(true);
    expect(await canQuery(again.url)).toBe(true);
    await again.stop();
  });

  it("removes a stale lock file left by a dead server", async () => {
    const server = await startEmbeddedPostgres({ dir });
    await server.stop();
    // A postmaster.pid naming a process that no longer exists, as after a crash.
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path.join(dir, "postmaster.pid"), `999999\n${dir}\n0\n5432\n\n127.0.0.1\n`);
    const restarted = await startEmbeddedPostgres({ dir });
    expect(await canQuery(restarted.url)).toBe(true);
    await restarted.stop();
  });
});
