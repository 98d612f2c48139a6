import { expect, it } from "vitest";
import { createRequest } from "../../requests/requests";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { NAMUR, insertAuthority, insertUser } from "../support/factories";

describeBrowser("the outbox without a relay, in Chromium", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { MAIL_DOMAIN: "dossier.test" });
  const browser = useBrowser();

  it("keeps the letter waiting, and the admin view says it is not sent", async () => {
    const namur = await insertAuthority(database.db, NAMUR);
    const citizen = await insertUser(database.db, { displayName: "Luc Dubois" });
    const { request } = await createRequest(database.db, app.runtime.queue, app.runtime.config, {
      userId: citizen.id,
      authorityId: namur.id,
      title: "Comptes 2025 du CPAS",
      body: "Les comptes 2025 approuvés par le conseil.",
    });
    const admin = await insertUser(database.db, { role: "admin", email: "admin@dossier.test" });

    const page = await browser.page();
    // The public page says the letter has not left yet, and shows no deadline.
    await page.goto(`${app.baseUrl}/requests/${request.id}`);
    await page.getByText("En attente dans la boîte d’envoi de Dossier : pas encore envoyée.").waitFor();
    expect(await page.getByTestId("due").count()).toBe(0);

    // Citizens cannot open the outbox.
    await page.goto(`${app.baseUrl}/login?redirectTo=/admin/outbox`);
    await page.getByLabel("Adresse e-mail").fill(citizen.email);
    await page.getByLabel("Mot de passe").fill(citizen.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/outbox");
    await page.getByRole("heading", { name: "Accès refusé" }).waitFor();
    expect(await page.getByRole("heading", { name: "Boîte d’envoi" }).count()).toBe(0);
    const direct = await page.request.get(`${app.baseUrl}/admin/outbox`);
    expect(direct.status()).toBe(403);
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.getByRole("link", { name: "Se connecter" }).waitFor();

    // The admin sees it queued, "not sent: no relay configured".
    await page.goto(`${app.baseUrl}/login?redirectTo=/admin/outbox`);
    await page.getByLabel("Adresse e-mail").fill(admin.email);
    await page.getByLabel("Mot de passe").fill(admin.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("heading", { name: "Boîte d’envoi" }).waitFor();
    await page.getByText("Aucun relais configuré (SMTP_URL absent)").waitFor();
    const row = page.getByTestId("outbox-row").filter({ hasText: "info@ville.namur.example" });
    expect(await row.textContent()).toContain("non envoyé : aucun relais configuré");
    expect(await row.textContent()).toContain("info@ville.namur.example");
    expect(await row.textContent()).toContain("Comptes 2025 du CPAS");
    // The citizen's copy waits too, and no row claims to be sent.
    expect(await page.getByTestId("outbox-row").filter({ hasText: citizen.email }).textContent()).toContain("non envoyé");
    for (const text of await page.getByTestId("outbox-row").allTextContents()) expect(text).toContain("non envoyé : aucun relais configuré");
  }, 120_000);
});
