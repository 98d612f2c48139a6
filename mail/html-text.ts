import { htmlToText as convert } from "html-to-text";
import { cleanText } from "./text";

/** Plain text of an HTML document or fragment, bounded so hostile markup cannot blow up. */
export function htmlToPlainText(html: string): string {
  try {
    return cleanText(
      convert(html, {
        wordwrap: false,
        limits: { maxInputLength: 5_000_000, maxDepth: 200, maxChildNodes: 20_000 },
        selectors: [
          { selector: "img", format: "skip" },
          { selector: "a", options: { ignoreHref: true } },
          { selector: "style", format: "skip" },
          { selector: "script", format: "skip" },
        ],
      }),
    ).trim();
  } catch {
    return cleanText(html.replace(/<[^<>]*>/g, " ")).replace(/\s+/g, " ").trim();
  }
}
