import { expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { describeBrowser, useBrowser } from "../support/browser";

describeBrowser("home page in Chromium", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);
  const browser = useBrowser();

  it("opens in the browser's language and switches language with the keyboard", async () => {
    const page = await browser.page();
    const scriptErrors: string[] = [];
    page.on("pageerror", (error) => scriptErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") scriptErrors.push(message.text());
    });

    await page.goto(app.baseUrl + "/");
    expect(await page.getAttribute("html", "lang")).toBe("fr");
    expect(await page.textContent("h1")).toContain("Demandez les documents");

    // Keyboard only: tab to the NL button and press Enter.
    const nl = page.getByRole("button", { name: /Nederlands/ });
    await nl.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.documentElement.lang === "nl");
    expect(await page.textContent("h1")).toContain("Vraag de documenten");
    expect(await nl.getAttribute("aria-pressed")).toBe("true");

    // The choice is kept across a reload (cookie) and applies to other pages.
    await page.goto(app.baseUrl + "/no-such-page");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    expect(await page.textContent("h1")).toBe("Pagina niet gevonden");

    await page.getByRole("button", { name: /Deutsch/ }).click();
    await page.waitForFunction(() => document.documentElement.lang === "de");
    expect(page.url()).toBe(app.baseUrl + "/no-such-page");
    expect(scriptErrors.filter((e) => !/404/.test(e))).toEqual([]);
  });

  it("works with JavaScript disabled", async () => {
    const context = await browser.browser().newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(app.baseUrl + "/");
    expect(await page.textContent("h1")).toContain("Ask for the documents");
    await page.getByRole("button", { name: /Français/ }).click();
    await page.waitForLoadState();
    expect(await page.getAttribute("html", "lang")).toBe("fr");
    await context.close();
  });
});
