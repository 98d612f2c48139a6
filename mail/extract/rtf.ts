/**
 * Plain text of an RTF document, in one linear pass: groups, control words,
 * `\'hh` bytes in the document's ANSI code page, `\uN` with its `\ucN`
 * fallback skipped, `\binN` data skipped, and the destinations that hold no
 * body text (font and colour tables, style sheet, document info, pictures,
 * `\*` destinations such as Outlook's encapsulated HTML tags) ignored.
 */

const SKIP = new Set([
  "fonttbl", "colortbl", "stylesheet", "info", "pict", "themedata", "colorschememapping", "datastore", "xmlnstbl", "listtable",
  "listoverridetable", "rsidtbl", "generator", "latentstyles", "mmathpr", "filetbl", "revtbl", "pgdsctbl", "object", "objdata", "fldinst",
  "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "private", "operator", "author", "title", "xe", "tc",
]);
const BREAKS: Record<string, string> = { par: "\n", line: "\n", sect: "\n\n", page: "\n\n", row: "\n", tab: "\t", cell: "\t", emdash: "—", endash: "–", bullet: "•", lquote: "‘", rquote: "’", ldblquote: "“", rdblquote: "”", emspace: " ", enspace: " ", qmspace: " " };
const CODEPAGES: Record<number, string> = { 437: "ibm437", 850: "ibm850", 1250: "windows-1250", 1251: "windows-1251", 1252: "windows-1252", 1253: "windows-1253", 1254: "windows-1254", 1257: "windows-1257", 10000: "macintosh", 65001: "utf-8" };

export function rtfToText(input: Uint8Array | string): string {
  const src = typeof input === "string" ? input : Buffer.from(input).toString("latin1");
  if (!src.startsWith("{\\rtf")) throw new Error("not an RTF document");
  let decoder = new TextDecoder("windows-1252");
  const stack: { skip: boolean; uc: number; htmlrtf: boolean }[] = [];
  let state = { skip: false, uc: 1, htmlrtf: false };
  let out = "";
  let bytes: number[] = [];
  let pendingSkip = 0; // fallback characters to skip after \uN
  let starDestination = false;
  const flush = () => {
    if (bytes.length) {
      out += decoder.decode(new Uint8Array(bytes));
      bytes = [];
    }
  };
  const emit = (s: string) => {
    if (state.skip || state.htmlrtf) return;
    flush();
    out += s;
  };
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === "{") {
      flush();
      stack.push(state);
      state = { ...state };
      starDestination = false;
      i++;
      continue;
    }
    if (c === "}") {
      flush();
      state = stack.pop() ?? state;
      pendingSkip = 0;
      i++;
      continue;
    }
    if (c === "\\") {
      const next = src[i + 1];
      if (next === undefined) break;
      if (/[a-zA-Z]/.test(next)) {
        let j = i + 1;
        while (j < n && j - i < 34 && /[a-zA-Z]/.test(src[j])) j++;
        const word = src.slice(i + 1, j);
        let k = j;
        if (src[k] === "-") k++;
        while (k < n && k - j < 11 && /[0-9]/.test(src[k])) k++;
        const param = k > j ? Number(src.slice(j, k)) : null;
        if (src[k] === " ") k++;
        i = k;
        const lower = word.toLowerCase();
        if (lower === "bin" && param !== null && param > 0) {
          i += param;
          continue;
        }
        if (starDestination || SKIP.has(lower)) {
          state.skip = true;
          starDestination = false;
          continue;
        }
        if (pendingSkip > 0 && lower !== "u") {
          pendingSkip--;
          continue;
        }
        if (lower === "ansicpg" && param !== null && CODEPAGES[param]) {
          flush();
          decoder = new TextDecoder(CODEPAGES[param]);
        } else if (lower === "uc" && param !== null) state.uc = Math.max(0, param);
        else if (lower === "u" && param !== null) {
          emit(String.fromCharCode(param < 0 ? param + 65536 : param));
          pendingSkip = state.uc;
        } else if (lower === "htmlrtf") state.htmlrtf = param !== 0;
        else if (BREAKS[lower] !== undefined) emit(BREAKS[lower]);
        continue;
      }
      if (next === "*") {
        starDestination = true;
        i += 2;
        continue;
      }
      if (next === "'") {
        const hex = src.slice(i + 2, i + 4);
        i += 4;
        if (pendingSkip > 0) {
          pendingSkip--;
          continue;
        }
        if (!state.skip && !state.htmlrtf && /^[0-9a-fA-F]{2}$/.test(hex)) bytes.push(parseInt(hex, 16));
        continue;
      }
      i += 2;
      if (pendingSkip > 0) {
        pendingSkip--;
        continue;
      }
      if (next === "~") emit("\u00a0");
      else if (next === "_") emit("-");
      else if (next === "\\" || next === "{" || next === "}") emit(next);
      else if (next === "\n" || next === "\r") emit("\n");
      continue;
    }
    i++;
    if (c === "\r" || c === "\n") continue;
    if (pendingSkip > 0) {
      pendingSkip--;
      continue;
    }
    if (!state.skip && !state.htmlrtf) bytes.push(c.charCodeAt(0) & 0xff);
  }
  flush();
  return out.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}
