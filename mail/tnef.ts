/**
 * A small, bounds-checked reader for TNEF (winmail.dat, application/ms-tnef).
 * It only extracts attached files (and a plain-text body when Outlook put one
 * in), which is all a FOI platform needs. Written here rather than using
 * node-tnef because that package logs to stdout through bunyan and does not
 * survive truncated input; see docs/decisions/ (mail) for the choice.
 */

import iconv from "iconv-lite";

const TNEF_SIGNATURE = 0x223e9f78;
const LVL_MESSAGE = 0x01;
const LVL_ATTACHMENT = 0x02;

const ATT_ATTACH_REND_DATA = 0x9002;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACHMENT = 0x9005;
const ATT_MSG_PROPS = 0x9003;
const ATT_BODY = 0x800c;

const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_MIME_TAG = 0x370e;
const PR_DISPLAY_NAME = 0x3001;
const PR_BODY = 0x1000;
const PR_BODY_HTML = 0x1013;

const PT_I2 = 0x0002;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;

export interface TnefFile {
  filename: string;
  contentType: string | null;
  content: Buffer;
}

export interface TnefResult {
  files: TnefFile[];
  body: string | null;
  /** PR_BODY_HTML bytes, charset unknown (usually the sender's ANSI code page or UTF-8). */
  htmlBytes: Buffer | null;
  warnings: string[];
}

export function isTnef(buf: Buffer): boolean {
  return buf.length >= 6 && buf.readUInt32LE(0) === TNEF_SIGNATURE;
}

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
  ) {}
  need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) throw new RangeError("TNEF data truncated");
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  align4(): void {
    const pad = (4 - (this.pos % 4)) % 4;
    this.pos = Math.min(this.buf.length, this.pos + pad);
  }
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return iconv.decode(end >= 0 ? b.subarray(0, end) : b, "win1252");
}

function utf16String(b: Buffer): string {
  let s = b.toString("utf16le");
  const nul = s.indexOf("\u0000");
  if (nul >= 0) s = s.slice(0, nul);
  return s;
}

type PropValue = string | Buffer | number | null;

/** Read a MAPI property list; returns properties keyed by property id (first value). */
function readMapiProps(data: Buffer): Map<number, { type: number; value: PropValue }> {
  const r = new Reader(data);
  const props = new Map<number, { type: number; value: PropValue }>();
  const count = r.u32();
  for (let i = 0; i < count && r.pos < data.length; i++) {
    const type = r.u16();
    const id = r.u16();
    if (id >= 0x8000) {
      r.bytes(16); // GUID of the named property
      const kind = r.u32();
      if (kind === 0) r.u32();
      else {
        const len = r.u32();
        r.bytes(len);
        r.align4();
      }
    }
    const base = type & ~MV_FLAG;
    const multi = (type & MV_FLAG) !== 0;
    const variable = base === PT_STRING8 || base === PT_UNICODE || base === PT_BINARY || base === PT_OBJECT;
    let values = 1;
    if (multi || variable) values = r.u32();
    if (values > 100000) throw new RangeError("TNEF property count implausible");
    let first: PropValue = null;
    for (let v = 0; v < values; v++) {
      let value: PropValue;
      if (variable) {
        const len = r.u32();
        const raw = r.bytes(len);
        r.align4();
        value = base === PT_STRING8 ? cString(raw) : base === PT_UNICODE ? utf16String(raw) : raw;
      } else {
        const size = fixedSize(base);
        if (size === null) throw new RangeError(`unknown MAPI property type 0x${base.toString(16)}`);
        const raw = r.bytes(size);
        value = size >= 4 ? raw.readUInt32LE(0) : raw.readUInt16LE(0);
        if (base === PT_I2) r.align4();
      }
      if (v === 0) first = value;
    }
    if (!props.has(id)) props.set(id, { type: base, value: first });
  }
  return props;
}

function fixedSize(type: number): number | null {
  switch (type) {
    case 0x0001: // null
      return 0;
    case 0x0002:
      return 2;
    case 0x0003:
    case 0x0004:
    case 0x000a:
    case 0x000b:
      return 4;
    case 0x0005:
    case 0x0006:
    case 0x0007:
    case 0x0014:
    case 0x0040:
      return 8;
    case 0x0048:
      return 16;
    default:
      return null;
  }
}

/** Parse a TNEF stream. Never throws: a truncated stream yields what was read and a warning. */
export function parseTnef(buf: Buffer, depth = 0): TnefResult {
  const result: TnefResult = { files: [], body: null, htmlBytes: null, warnings: [] };
  if (!isTnef(buf)) {
    result.warnings.push("not a TNEF stream");
    return result;
  }
  const r = new Reader(buf, 6);
  let current: { filename: string | null; longName: string | null; contentType: string | null; content: Buffer | null } | null = null;
  const flush = () => {
    if (current && current.content) {
      result.files.push({
        filename: current.longName || current.filename || `attachment-${result.files.length + 1}`,
        contentType: current.contentType,
        content: current.content,
      });
    }
    current = null;
  };
  try {
    // Fewer bytes than an attribute header at the end is padding some writers add.
    while (r.pos + 11 <= buf.length) {
      const level = r.u8();
      const attr = r.u32();
      const len = r.u32();
      const data = r.bytes(len);
      r.u16(); // checksum: ignored, Outlook gets it wrong often enough
      const id = attr & 0xffff;
      if (level === LVL_ATTACHMENT) {
        if (id === ATT_ATTACH_REND_DATA) {
          flush();
          current = { filename: null, longName: null, contentType: null, content: null };
        } else if (current) {
          const c: { filename: string | null; longName: string | null; contentType: string | null; content: Buffer | null } = current;
          if (id === ATT_ATTACH_TITLE) c.filename = cString(data);
          else if (id === ATT_ATTACH_DATA) c.content = Buffer.from(data);
          else if (id === ATT_ATTACHMENT) {
            let props: ReturnType<typeof readMapiProps>;
            try {
              props = readMapiProps(data);
            } catch (e) {
              result.warnings.push(`TNEF attachment properties unreadable: ${(e as Error).message}`);
              continue;
            }
            const long = props.get(PR_ATTACH_LONG_FILENAME)?.value ?? props.get(PR_DISPLAY_NAME)?.value ?? props.get(PR_ATTACH_FILENAME)?.value;
            if (typeof long === "string" && long) c.longName = long;
            const mime = props.get(PR_ATTACH_MIME_TAG)?.value;
            if (typeof mime === "string" && mime) c.contentType = mime;
            const obj = props.get(PR_ATTACH_DATA);
            if (!c.content && obj && Buffer.isBuffer(obj.value)) {
              // PT_OBJECT data starts with a 16-byte interface id; an embedded message is TNEF again.
              const payload = obj.type === PT_OBJECT ? obj.value.subarray(16) : obj.value;
              if (isTnef(payload) && depth < 3) {
                const inner = parseTnef(payload, depth + 1);
                result.files.push(...inner.files);
                result.warnings.push(...inner.warnings);
              } else {
                c.content = Buffer.from(payload);
              }
            }
          }
        }
      } else if (level === LVL_MESSAGE) {
        if (id === ATT_BODY) result.body = cString(data);
        else if (id === ATT_MSG_PROPS) {
          try {
            const props = readMapiProps(data);
            const body = props.get(PR_BODY)?.value;
            if (typeof body === "string" && body.trim()) result.body = body;
            const html = props.get(PR_BODY_HTML)?.value;
            if (Buffer.isBuffer(html) && html.length > 0) result.htmlBytes = Buffer.from(html);
            else if (typeof html === "string" && html.trim()) result.htmlBytes = Buffer.from(html, "utf8");
          } catch (e) {
            result.warnings.push(`TNEF message properties unreadable: ${(e as Error).message}`);
          }
        }
      }
    }
  } catch (e) {
    result.warnings.push(`TNEF: ${(e as Error).message}`);
  }
  flush();
  return result;
}
