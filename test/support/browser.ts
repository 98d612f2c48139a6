import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium; .ci/run installs it. */
export const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

/**
 * `describe` for browser tests: skipped, saying why, only when Chromium is
 * absent from this machine.
 */
export const describeBrowser: typeof describe = chromiumPath
  ? describe
  : (((name: string, fn: () => void) => {
      console.warn(`Skipping browser tests "${name}": Chromium is not installed (apt-get install -y chromium).`);
      return describe.skip(name, fn);
    }) as typeof describe);

export function useBrowser(): { page: () => Promise<Page>; browser: () => Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => browser!,
    page: async () => {
      const context = await browser!.newContext({ viewport: { width: 390, height: 844 }, locale: "fr-BE" });
      return context.newPage();
    },
  };
}
