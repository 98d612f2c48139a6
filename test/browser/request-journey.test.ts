import { afterAll, beforeAll, expect, it } from "vitest";
import { dueDate } from "../../authorities/deadline";
import { todayInBrussels } from "../../authorities/civil-date";
import { searchKeysColumn, sortNameColumn } from "../../authorities/names";
import { replyAddressFor } from "../../mail/reply-address";
import { formatCivilDate } from "../../requests/letter";
import { allJobs } from "../../server/rooms";
import { PgBossQueue } from "../../server/queue";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { GENT, NAMUR, insertAuthority } from "../support/factories";
import { useSmtpSink } from "../support/smtp-sink";

const SECRET = "journey-secret-".repeat(3);

describeBrowser("filing a request, from sign-up to a threaded follow-up, in Chromium", () => {
  const env: Record<string, string> = { SECRET, MAIL_DOMAIN: "dossier.test" };
  const sink = useSmtpSink(env);
  const database = useTestDatabase();
  const app = useTestApp(database, env);
  const browser = useBrowser();
  let worker: PgBossQueue;

  beforeAll(async () => {
    // As the directory import stores them: the search goes through search_keys and sort_name (authorities/directory.ts).
    for (const a of [GENT, NAMUR]) {
      const named = { name_de: null, name_en: null, ...a };
      await insertAuthority(database.db, { ...a, search_keys: searchKeysColumn(named), sort_name: sortNameColumn(named) });
    }
    // The real worker, sending through SMTP_URL (the sink).
    worker = new PgBossQueue(database.url, allJobs(), "worker");
    await worker.work({ ...app.runtime, queue: worker });
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
  }, 180_000);

  it("signs up, confirms by e-mail, writes to a Flemish and a Walloon commune, follows up and withdraws", async () => {
    const page = await browser.page();
    const scriptErrors: string[] = [];
    page.on("pageerror", (error) => scriptErrors.push(error.message));

    // Sign up.
    await page.goto(app.baseUrl + "/signup");
    await page.getByLabel("Adresse e-mail").fill("anne.peeters@example.org");
    await page.getByLabel("Votre nom, tel qu’il apparaîtra sur vos demandes").fill("Anne Peeters");
    await page.getByLabel("Mot de passe").fill("een lang wachtwoord");
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await page.getByRole("heading", { name: "Consultez vos e-mails" }).waitFor();

    // Confirm through the link in the e-mail caught by the SMTP sink.
    const confirmation = await sink.waitFor((m) => m.envelope.to.includes("anne.peeters@example.org") && /Confirmez/.test(m.parsed.subject ?? ""));
    const link = confirmation.parsed.text!.match(/https?:\/\/\S+\/confirm\?token=\S+/)![0];
    expect(link.startsWith(app.baseUrl)).toBe(true);
    await page.goto(link);
    await page.getByText("Votre adresse e-mail est confirmée").waitFor();
    expect(new URL(page.url()).pathname).toBe("/my-requests");

    // Find a Flemish commune and write.
    await page.getByRole("link", { name: "New request" }).or(page.getByRole("link", { name: "Nouvelle demande" })).first().click();
    await page.getByLabel("Quelle autorité détient les documents ?").fill("gent");
    await page.getByRole("button", { name: "Rechercher" }).click();
    await page.getByRole("link", { name: /Écrire à cette autorité: Gand/ }).click();
    await page.getByLabel("Un titre court pour votre demande").fill("Verkeersplan 2026");
    await page.getByLabel("Les documents que vous demandez").fill("Het verkeerscirculatieplan en de adviezen van de politie.");
    await page.getByRole("button", { name: "Voir la lettre" }).click();

    // The preview is the Dutch letter citing the Flemish decree; edit, then preview again.
    const letter = page.getByTestId("letter");
    await letter.waitFor();
    expect(await letter.getAttribute("lang")).toBe("nl");
    expect(await letter.textContent()).toContain("Geachte mevrouw, geachte heer,");
    expect(await letter.textContent()).toContain("Bestuursdecreet van 7 december 2018");
    expect(await letter.textContent()).toContain(`uiterlijk op ${formatCivilDate(dueDate("flanders", todayInBrussels()), "nl")}`);
    await page.getByRole("link", { name: "Modifier" }).click();
    await page.getByLabel("Un titre court pour votre demande").fill("Verkeersplan 2026 en adviezen");
    await page.getByRole("button", { name: "Voir la lettre" }).click();
    await page.getByText("Verzoek om openbaarheid van bestuursdocumenten — Verkeersplan 2026 en adviezen").waitFor();
    await page.getByRole("button", { name: "Envoyer la demande" }).click();

    await page.getByRole("heading", { name: "Verkeersplan 2026 en adviezen" }).waitFor();
    const gentId = Number(new URL(page.url()).pathname.split("/")[2]);
    const gentAddress = replyAddressFor(SECRET, gentId, "dossier.test");

    // The letter reaches the relay with the right headers.
    const sent = await sink.waitFor((m) => m.envelope.to.includes("info@stad.gent.example"));
    expect(sent.parsed.from?.value[0]).toEqual({ name: "Anne Peeters", address: gentAddress });
    expect(sent.parsed.replyTo?.value[0].address).toBe(gentAddress);
    expect(sent.parsed.messageId).toMatch(/^<[^@>]+@dossier\.test>$/);
    expect(sent.parsed.subject).toBe("Verzoek om openbaarheid van bestuursdocumenten — Verkeersplan 2026 en adviezen");
    expect(sent.parsed.text).toContain("Bestuursdecreet");
    expect(sent.parsed.text).toContain(`${app.baseUrl}/requests/${gentId}`);
    expect(sent.raw).not.toContain("anne.peeters@example.org");
    // The citizen's own copy.
    await sink.waitFor((m) => m.envelope.to.includes("anne.peeters@example.org") && /en route/.test(m.parsed.subject ?? ""));

    // The request page shows the letter and the due date counted from the day it left.
    const due = formatCivilDate(dueDate("flanders", todayInBrussels()), "fr");
    await expectEventually(async () => {
      await page.reload();
      return (await page.getByTestId("due").count()) > 0;
    });
    expect(await page.getByTestId("due").textContent()).toContain(`L’autorité doit répondre au plus tard le ${due}.`);
    expect(await page.getByTestId("due").textContent()).toMatch(/Encore \d+ jours?\./);
    expect(await page.getByTestId("state").textContent()).toBe("En attente de réponse");
    expect(await page.getByTestId("timeline-message").first().textContent()).toContain("Bestuursdecreet");
    expect(await page.content()).not.toContain("anne.peeters@example.org");

    // A follow-up is threaded on the first letter.
    await page.getByLabel("Écrire à l’autorité").fill("Mag ik u vriendelijk herinneren aan mijn verzoek?");
    await page.getByRole("button", { name: "Envoyer la relance" }).click();
    await page.getByText("Votre relance est en route.").waitFor();
    const follow = await sink.waitFor((m) => m.envelope.to.includes("info@stad.gent.example") && m.parsed.subject?.startsWith("Re:") === true);
    expect(follow.parsed.inReplyTo).toBe(sent.parsed.messageId);
    expect(follow.parsed.references).toBe(sent.parsed.messageId);
    expect(follow.parsed.from?.value[0].address).toBe(gentAddress);

    // A Walloon commune gets a French letter citing the Walloon decree.
    await page.goto(app.baseUrl + "/requests/new?q=namur");
    await page.getByRole("link", { name: /Écrire à cette autorité: Namur/ }).click();
    await page.getByLabel("Un titre court pour votre demande").fill("Permis rue de Fer");
    await page.getByLabel("Les documents que vous demandez").fill("Le permis d’urbanisme délivré pour le 12 rue de Fer.");
    await page.getByRole("button", { name: "Voir la lettre" }).click();
    const frLetter = page.getByTestId("letter");
    await frLetter.waitFor();
    expect(await frLetter.getAttribute("lang")).toBe("fr");
    expect(await frLetter.textContent()).toContain("Madame, Monsieur,");
    expect(await frLetter.textContent()).toContain("décret du 30 mars 1995");
    await page.getByRole("button", { name: "Envoyer la demande" }).click();
    await page.getByRole("heading", { name: "Permis rue de Fer" }).waitFor();
    const namurMail = await sink.waitFor((m) => m.envelope.to.includes("info@ville.namur.example"));
    expect(namurMail.parsed.subject).toBe("Demande d’accès à des documents administratifs — Permis rue de Fer");
    expect(namurMail.parsed.text).toContain("Code de la démocratie locale");

    // Withdrawing shows as withdrawn.
    await page.getByRole("button", { name: "Retirer" }).click();
    await page.getByText("La demande est retirée.").waitFor();
    expect(await page.getByTestId("state").textContent()).toBe("Retirée");

    // My requests lists both.
    await page.goto(app.baseUrl + "/my-requests");
    expect(await page.getByRole("link", { name: "Verkeersplan 2026 en adviezen" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Permis rue de Fer" }).count()).toBe(1);
    expect(scriptErrors).toEqual([]);
  }, 180_000);
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 300));
  }
}
