// html-to-text 10 ships no type declarations; only the function we call is declared.
declare module "html-to-text" {
  export interface HtmlToTextOptions {
    wordwrap?: number | false | null;
    limits?: { maxInputLength?: number; maxChildNodes?: number; maxDepth?: number };
    selectors?: Array<Record<string, unknown>>;
    [key: string]: unknown;
  }
  export function htmlToText(html: string, options?: HtmlToTextOptions): string;
  export function convert(html: string, options?: HtmlToTextOptions): string;
}
