import { deflateSync } from "node:zlib";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openPdf } from "../../core/documents/pdf";
import { FileRedactor } from "../../moderation/file-redactor";
import type { RedactionRule } from "../../moderation/redaction";
import { makePdf } from "../mail/documents";

/**
 * The redaction process (moderation/file-redactor.ts): PDFs and images are
 * redacted in a child process with a memory bound; a file past it comes back
 * "unsafe" with the reason, and the next file is redacted as usual.
 */
vi.setConfig({ testTimeout: 240_000 });

const rules: RedactionRule[] = [{ kind: "literal", text: "Hélène Dupont", loose: true, replacement: "[nom]", scope: { type: "site" } }];

async function layerText(bytes: Uint8Array): Promise<string> {
  const doc = await openPdf(bytes);
  try {
    let text = "";
    for (let i = 0; i < doc.pages; i++) text += (await doc.text(i)).text + "\n";
    return text;
  } finally {
    await doc.close();
  }
}

/** A valid grey PNG of width × height pixels: a few kilobytes on disk, width × height × 4 bytes once decoded. */
function hugePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // 8 bits per sample
  header[9] = 0; // greyscale
  // One scan line (filter byte + a dark stripe on white) repeated: deflate makes it tiny.
  const line = Buffer.alloc(width + 1, 0xff);
  line[0] = 0;
  line.fill(0x20, 1, Math.min(width, 200));
  const raw = Buffer.concat(Array.from({ length: height }, () => line));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

describe("the bounded redaction process", () => {
  const redactor = new FileRedactor({ maxRssMb: 700 });
  afterAll(() => redactor.close());

  it("redacts a PDF in the child; a file past the memory bound is unsafe with the reason; the next file is redacted", async () => {
    const pdf = await makePdf(["Décision concernant Madame Hélène Dupont", "Écrire à helene.dupont@example.org ou au 0470 12 34 56.", "Le collège accorde l'accès."]);
    const first = await redactor.redact(pdf, "application/pdf", rules);
    expect(first.status).toBe("redacted");
    if (first.status !== "redacted") return;
    const text = await layerText(first.bytes);
    // The rule's name and the masked address and number are gone from what the public gets.
    expect(text.toLowerCase()).not.toContain("dupont");
    expect(text).not.toContain("0470");
    expect(Buffer.from(first.bytes).toString("latin1").toLowerCase()).not.toContain("dupont");
    expect(first.matches).toBeGreaterThanOrEqual(3);

    // 12,000 × 12,000 pixels: 576 MB once decoded, past the 700 MB bound with the process's own footprint.
    const bomb = hugePng(12_000, 12_000);
    expect(bomb.length).toBeLessThan(2_000_000);
    const killed = await redactor.redact(bomb, "image/png", rules);
    expect(killed).toEqual({ status: "unsafe", reason: "the redaction needed more than 700 MB of memory" });

    // The child was replaced: the next file is redacted as usual.
    const again = await redactor.redact(pdf, "application/pdf", rules);
    expect(again.status).toBe("redacted");
  });
});
