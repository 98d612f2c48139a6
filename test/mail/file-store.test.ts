import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileStore } from "../../core/files";

describe("content-addressed file store", () => {
  it("stores bytes under their SHA-256, once, with nothing left behind", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "dossier-store-"));
    const store = new FileStore(dir);
    const bytes = Buffer.from("Décision du collège");
    const [a, b] = await Promise.all([store.put(bytes), store.put(bytes)]);
    expect(a).toBe(b);
    expect(a).toBe(FileStore.keyOf(bytes));
    expect(store.pathOf(a)).toBe(path.join(dir, "files", a.slice(0, 2), a.slice(2, 4), a));
    expect((await store.get(a)).equals(bytes)).toBe(true);
    expect(readdirSync(path.dirname(store.pathOf(a)))).toEqual([a]);
  });

  it("refuses keys that are not hashes (no path traversal)", () => {
    const store = new FileStore("/tmp");
    expect(() => store.pathOf("../../etc/passwd")).toThrow(/invalid file key/);
  });
});
