import iconv from "iconv-lite";

/**
 * Make a string safe for PostgreSQL text columns and for display: no NUL, no
 * other C0 control characters except tab and line breaks, no lone surrogates
 * (which would become invalid UTF-8 on the wire).
 */
export function cleanText(input: string | null | undefined): string {
  if (!input) return "";
  // eslint-disable-next-line no-control-regex
  const stripped = input.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
  return toWellFormed(stripped);
}

function toWellFormed(s: string): string {
  const native = (s as { toWellFormed?: () => string }).toWellFormed;
  if (typeof native === "function") return native.call(s);
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** Lower-case a charset label and drop punctuation, so "ISO_8859-1" and "iso-8859-1" compare equal. */
function charsetKey(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const UTF7_KEYS = new Set(["utf7", "unicode11utf7", "csunicode11utf7", "utf7imap"]);
/**
 * Labels that mail clients use when they mean Windows-1252. The WHATWG
 * Encoding Standard maps all of them to windows-1252 for the same reason:
 * Outlook writes curly quotes and euro signs into "iso-8859-1" text.
 */
const WINDOWS_1252_KEYS = new Set(["iso88591", "latin1", "l1", "iso885911987", "usascii", "ascii", "cp1252", "windows1252", "cp819", "ibm819", "isoir100", "csisolatin1"]);

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeStrict(bytes: Uint8Array, label: string): string | null {
  const key = charsetKey(label);
  if (UTF7_KEYS.has(key)) {
    try {
      return iconv.decode(Buffer.from(bytes), "utf7");
    } catch {
      return null;
    }
  }
  if (key === "utf8" || key === "utf8mb4") {
    return isValidUtf8(bytes) ? new TextDecoder("utf-8").decode(bytes) : null;
  }
  if (WINDOWS_1252_KEYS.has(key)) {
    // Node's TextDecoder("windows-1252") decodes as ISO-8859-1 (C1 controls for 0x80–0x9F); iconv-lite has the real table.
    return iconv.decode(Buffer.from(bytes), "win1252");
  }
  const effective = label;
  try {
    return new TextDecoder(effective, { fatal: true }).decode(bytes);
  } catch {
    // Unknown to the WHATWG decoder, or invalid bytes for it.
  }
  if (iconv.encodingExists(effective)) {
    try {
      const text = iconv.decode(Buffer.from(bytes), effective);
      // iconv-lite never fails; a replacement character it invented means the guess was wrong.
      return text.includes("\uFFFD") && !Buffer.from(bytes).includes(Buffer.from("\uFFFD", "utf8")) ? null : text;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Decode bytes that claim to be in `declared` (possibly wrongly, possibly
 * nothing). Order: the declared charset if the bytes are valid in it, then
 * UTF-8, then the hints (charsets seen elsewhere in the same message, e.g. an
 * encoded-word subject in GB2312 next to an unlabelled body), then
 * Windows-1252, which decodes any byte sequence.
 */
export function decodeBytes(bytes: Uint8Array, declared?: string | null, hints: string[] = []): { text: string; charset: string; repaired: boolean } {
  const candidates: string[] = [];
  if (declared) candidates.push(declared);
  candidates.push("utf-8", ...hints, "windows-1252");
  const seen = new Set<string>();
  for (const label of candidates) {
    const key = charsetKey(label);
    if (seen.has(key)) continue;
    seen.add(key);
    const text = decodeStrict(bytes, label);
    if (text !== null) {
      return { text: repairC1(cleanText(text)), charset: label, repaired: !declared || charsetKey(declared) !== key };
    }
  }
  return { text: cleanText(new TextDecoder("utf-8").decode(bytes)), charset: "utf-8", repaired: true };
}

/**
 * Repair a string that a decoder produced from Latin-1 when the bytes were
 * Windows-1252 (C1 controls U+0080–U+009F are never meant in mail text).
 */
export function repairC1(s: string): string {
  if (!/[\u0080-\u009F]/.test(s)) return s;
  return s.replace(/[\u0080-\u009F]/g, (c) => {
    const decoded = iconv.decode(Buffer.from([c.charCodeAt(0)]), "win1252");
    return /[\u0080-\u009F\uFFFD]/.test(decoded) ? "" : decoded;
  });
}
