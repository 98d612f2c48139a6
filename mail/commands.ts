import { readFile } from "node:fs/promises";
import type { CommandRun } from "../core/cli";
import { UsageError } from "../core/errors";
import { TextExtractor } from "./extract";
import { extractMessageAttachments } from "./extract-attachments";
import { attachmentSummaries, ingest, type IngestResult } from "./ingest";
import { ingestDeps } from "./jobs";

/** The JSON line `dossier mail ingest` prints per file (DESIGN.md contract). */
export function ingestLine(file: string, result: IngestResult | null, error?: string) {
  return {
    file,
    outcome: result?.outcome ?? "rejected",
    request_id: result?.requestId ?? null,
    kind: result?.kind ?? null,
    attachments: (result?.attachments ?? []).map((a) => ({ filename: a.filename, content_type: a.content_type, size: a.size, text_chars: a.text_chars })),
    ...(error ? { error } : {}),
  };
}

/** All of standard input (`dossier mail ingest -`: a message piped from an MTA or another program). */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `dossier mail ingest FILE…` (`-` reads one message from standard input): the production path (store raw, process, queue
 * extraction) on raw RFC 822 files, then the extraction job run inline so
 * `text_chars` is known when the line is printed.
 */
export const mailIngest: CommandRun = async (args, context) => {
  if (args.length === 0) throw new UsageError("Give at least one file (or - for standard input)");
  if (args.filter((a) => a === "-").length > 1) throw new UsageError("Standard input (-) can be read only once");
  const { db } = context!;
  const deps = ingestDeps(context!);
  const extractor = new TextExtractor({ timeoutMs: 120_000 });
  let failures = 0;
  try {
    for (const file of args) {
      let raw: Buffer;
      try {
        raw = file === "-" ? await readStdin() : await readFile(file);
      } catch (e) {
        failures++;
        console.log(JSON.stringify(ingestLine(file, null, `cannot read: ${(e as Error).message}`)));
        continue;
      }
      try {
        let result = await ingest(db, raw, { deps });
        if (result.messageId !== null && result.outcome !== "rejected") {
          await extractMessageAttachments(db, result.messageId, { files: deps.files, extractor });
          result = { ...result, attachments: await attachmentSummaries(db, result.messageId) };
        }
        console.log(JSON.stringify(ingestLine(file, result)));
      } catch (e) {
        failures++;
        console.log(JSON.stringify(ingestLine(file, null, (e as Error).message)));
      }
    }
  } finally {
    await extractor.close();
  }
  return failures > 0 ? 1 : 0;
};
