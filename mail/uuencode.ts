/**
 * uuencoded files inside text bodies (`begin 644 name` … `end`), as old
 * Exchange/Lotus gateways and some scanners still send them. Decoding is
 * tolerant: bad lines are skipped, a missing `end` keeps what was decoded.
 */

export interface UuFile {
  filename: string;
  content: Buffer;
}

// "\s+(\S.*)" has one way to split a line (a lazy name before "\s*$" was quadratic on inner spaces); the name is trimmed after.
const BEGIN = /^begin(?:-base64)?\s+([0-7]{3,4})\s+(\S.*)$/;

function decodeLine(line: string): Buffer | null {
  if (line.length === 0) return null;
  const n = (line.charCodeAt(0) - 32) & 63;
  if (n === 0) return Buffer.alloc(0);
  const out = Buffer.alloc(n);
  let o = 0;
  for (let i = 1; o < n; i += 4) {
    const c = [0, 1, 2, 3].map((k) => {
      const ch = line.charCodeAt(i + k);
      return Number.isNaN(ch) ? 0 : (ch - 32) & 63;
    });
    const bytes = [(c[0] << 2) | (c[1] >> 4), ((c[1] & 15) << 4) | (c[2] >> 2), ((c[2] & 3) << 6) | c[3]];
    for (const b of bytes) if (o < n) out[o++] = b & 0xff;
  }
  return out;
}

export function extractUuencoded(text: string): { text: string; files: UuFile[]; warnings: string[] } {
  if (!/^begin\s+[0-7]{3,4}\s/m.test(text)) return { text, files: [], warnings: [] };
  const lines = text.split("\n");
  const kept: string[] = [];
  const files: UuFile[] = [];
  const warnings: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN.exec(lines[i].replace(/\r$/, ""));
    if (m) m[2] = m[2].trimEnd();
    if (!m) {
      kept.push(lines[i]);
      continue;
    }
    const chunks: Buffer[] = [];
    let ended = false;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j].replace(/\r$/, "");
      if (line.trim() === "end") {
        ended = true;
        break;
      }
      if (line === "" ) continue;
      const expected = (line.charCodeAt(0) - 32) & 63;
      // A line that cannot hold its declared length is not uuencode: the block ended early.
      if (Math.ceil(expected / 3) * 4 + 1 > line.length + 2 || /[a-z]/.test(line) && /\s/.test(line)) {
        j--;
        break;
      }
      const decoded = decodeLine(line);
      if (decoded) chunks.push(decoded);
    }
    if (!ended) warnings.push(`uuencoded file ${m[2]} has no end line`);
    files.push({ filename: m[2], content: Buffer.concat(chunks) });
    i = j;
  }
  return { text: kept.join("\n"), files, warnings };
}
