import { expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";

describeBrowser("the postal address on a phone, without JavaScript", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { MAIL_DOMAIN: "dossier.test" });
  const browser = useBrowser();

  it("asks a Brussels requester for the address by a labelled field, keyboard only, and puts it in the letter", async () => {
    await insertAuthority(database.db, { slug: "saint-gilles", name_fr: "Commune de Saint-Gilles", region: "brussels", regime: "brussels", languages: ["fr", "nl"], email: "info@saint-gilles.example" });
    const user = await insertUser(database.db, { displayName: "Nadia Benali" });
    const context = await browser.browser().newContext({ viewport: { width: 390, height: 844 }, locale: "fr-BE", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/login`);
    await page.fill('input[name="email"]', user.email);
    await page.fill('input[name="password"]', user.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click('main button[type="submit"]')]);

    await page.goto(`${app.baseUrl}/requests/new?authority=saint-gilles`);
    const address = page.getByLabel("Votre adresse postale");
    expect(await address.getAttribute("required")).not.toBeNull();
    expect(await page.locator("#field-postal-address-hint").textContent()).toContain("La loi applicable à cette autorité exige votre adresse postale");
    await page.getByLabel("Un titre court pour votre demande").fill("Permis d’environnement");
    await page.getByLabel("Les documents que vous demandez").fill("Le permis d’environnement de la station-service, avec ses annexes.");
    // From the body to the address field with the keyboard.
    await page.getByLabel("Les documents que vous demandez").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("field-postal-address");
    await page.keyboard.type("Rue de Moscou 12");
    await page.keyboard.press("Enter");
    await page.keyboard.type("1060 Saint-Gilles");
    await page.getByRole("button", { name: "Voir la lettre" }).click();
    const letter = page.getByTestId("letter");
    await letter.waitFor();
    expect(await letter.textContent()).toContain("Nadia Benali\nAdresse postale :\nRue de Moscou 12\n1060 Saint-Gilles");
    await context.close();
  });
});
