import { beforeAll, expect, it } from "vitest";
import { loadBundledDirectory } from "../../authorities/bundled";
import { importDirectory } from "../../authorities/import";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";

describeBrowser("directory in Chromium (phone size)", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);
  const browser = useBrowser();
  beforeAll(async () => {
    await importDirectory(database.db, loadBundledDirectory().map((r) => r.row));
  });

  it("finds an authority by its labelled search box and proposes an e-mail, with and without JavaScript", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.browser().newContext({ viewport: { width: 390, height: 844 }, locale: "fr-BE", javaScriptEnabled });
      const page = await context.newPage();
      const scriptErrors: string[] = [];
      page.on("pageerror", (e) => scriptErrors.push(e.message));
      await page.goto(app.baseUrl + "/authorities");
      await page.getByLabel("Nom de l'autorité").fill("CPAS Liege");
      await page.getByRole("button", { name: "Rechercher" }).click();
      await page.waitForURL(/q=CPAS/);
      await page.getByText(/résultats pour « CPAS Liege »/).waitFor();
      const first = page.locator(".authority-list a").first();
      expect(await first.textContent()).toBe("CPAS de Liège");
      await first.click();
      await page.waitForURL(/\/authorities\/cpas-liege/);
      await page.getByRole("heading", { level: 1, name: "CPAS de Liège" }).waitFor();
      await page.getByLabel("Adresse e-mail de l'autorité").fill(javaScriptEnabled ? "info@cpasdeliege.be" : "pas une adresse");
      await page.getByRole("button", { name: "Proposer cette adresse" }).click();
      if (javaScriptEnabled) {
        await page.waitForURL(/proposed=1/);
        expect(await page.getByRole("status").first().textContent()).toContain("Merci");
      } else {
        await page.waitForSelector(".field-error");
        expect(await page.textContent(".field-error")).toContain("Indiquez une adresse e-mail");
      }
      // Nothing wider than the phone screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(scriptErrors).toEqual([]);
      await context.close();
    }
  });
});
