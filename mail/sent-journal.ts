import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * The outbox's fallback memory of letters the relay accepted when the
 * database could not be told (mail/outbound.ts). One small file per letter
 * in DATA_DIR/outbox-sent, written and fsynced (file and folder) before the
 * worker moves on; the outbox sweep replays them into the database and
 * deletes each once recorded. One file per entry, so that a replay and a
 * new entry never race over the same file.
 */

export type SentEntry = { table: "messages" | "outbound_emails"; id: number; attempt: string; sentAt: string; answer: string };

function folder(dataDir: string): string {
  return path.join(dataDir, "outbox-sent");
}

export async function journalSent(dataDir: string, entry: SentEntry): Promise<void> {
  const dir = folder(dataDir);
  await mkdir(dir, { recursive: true });
  const name = `${entry.table}-${entry.id}-${entry.attempt}.json`;
  // Written under a temporary name and renamed: a crash never leaves half an entry.
  const temporary = path.join(dir, `.${name}.${randomUUID()}.tmp`);
  const file = await open(temporary, "w");
  try {
    await file.writeFile(JSON.stringify(entry));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path.join(dir, name));
  const directory = await open(dir, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** Every entry waiting to be recorded, with a function that forgets it once it is. */
export async function pendingSent(dataDir: string): Promise<Array<{ entry: SentEntry; forget: () => Promise<void> }>> {
  const dir = folder(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json") && !n.startsWith("."));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const entries = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    const entry = JSON.parse(await readFile(file, "utf8")) as SentEntry;
    entries.push({ entry, forget: () => unlink(file).catch((e) => (e.code === "ENOENT" ? undefined : Promise.reject(e))) });
  }
  return entries;
}
