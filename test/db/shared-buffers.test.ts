import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sharedBuffersMb } from "../../db/embedded";
import { useTestDatabase } from "../support/database";

describe("embedded PostgreSQL memory", () => {
  const database = useTestDatabase();

  it("gives the server a quarter of the machine's memory for its buffers, between 128 MB and 2 GB", () => {
    const gb = 2 ** 30;
    expect(sharedBuffersMb(512 * 2 ** 20)).toBe(128);
    expect(sharedBuffersMb(4 * gb)).toBe(1024);
    expect(sharedBuffersMb(64 * gb)).toBe(2048);
  });

  it("starts the server with that setting", async () => {
    const shown = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(database.db);
    const mb = sharedBuffersMb();
    expect(shown.rows[0].shared_buffers).toBe(mb % 1024 === 0 ? `${mb / 1024}GB` : `${mb}MB`);
  });
});
