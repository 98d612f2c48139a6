import { readFile } from "node:fs/promises";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, expect, it } from "vitest";
import { proposeEmail } from "../../authorities/proposals";
import { replyAddressFor } from "../../mail/reply-address";
import { allJobs } from "../../server/rooms";
import { PgBossQueue } from "../../server/queue";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";
import { scanPng } from "../support/scans";
import { useSmtpSink } from "../support/smtp-sink";
import type { Page } from "playwright-core";

const SECRET = "reach-browser-secret-".repeat(2);

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

async function logIn(page: Page, baseUrl: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(baseUrl + "/login");
  await page.getByLabel("Adresse e-mail").fill(user.email);
  await page.getByLabel("Mot de passe").fill(user.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** From the new-request form to the preview, for an authority given by slug. */
async function draftRequest(page: Page, baseUrl: string, slug: string, title: string, body: string): Promise<void> {
  await page.goto(`${baseUrl}/requests/new?authority=${slug}`);
  await page.getByLabel("Un titre court pour votre demande").fill(title);
  await page.getByLabel("Les documents que vous demandez").fill(body);
  await page.getByRole("button", { name: "Voir la lettre" }).click();
  await page.getByTestId("letter").waitFor();
}

describeBrowser("reaching an authority without e-mail, and one whose address an admin confirms, in Chromium", () => {
  const env: Record<string, string> = { SECRET, MAIL_DOMAIN: "dossier.test" };
  const sink = useSmtpSink(env);
  const database = useTestDatabase();
  const app = useTestApp(database, env);
  const browser = useBrowser();
  let worker: PgBossQueue;

  beforeAll(async () => {
    // The real worker: it sends through SMTP_URL (the sink) and extracts uploaded replies.
    worker = new PgBossQueue(database.url, allJobs(), "worker");
    await worker.work({ ...app.runtime, queue: worker });
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
  }, 180_000);

  it("files to a Walloon commune by post: prints the letter, records the posting day, then adds the scanned reply", async () => {
    await insertAuthority(database.db, { slug: "commune-de-wanze", name_fr: "Commune de Wanze", kind: "commune", level: "local", region: "wallonia", regime: "wallonia", languages: ["fr"], email: null, address: "Place Faniel 8\n4520 Wanze" });
    const citizen = await insertUser(database.db, { displayName: "Camille Dubois" });
    const page = await browser.page();
    const scriptErrors: string[] = [];
    page.on("pageerror", (error) => scriptErrors.push(error.message));
    await logIn(page, app.baseUrl, citizen);

    await draftRequest(page, app.baseUrl, "commune-de-wanze", "Permis rue Neuve", "Le permis d’urbanisme délivré pour le 3 rue Neuve, avec ses plans.");
    // No e-mail is known: post is the only channel offered, and it is chosen.
    expect(await page.locator('input[name="channel"]').count()).toBe(1);
    expect(await page.getByLabel(/Par la poste/).isChecked()).toBe(true);
    expect(await page.getByText("Adresse postale de l’autorité : Place Faniel 8, 4520 Wanze").count()).toBe(1);
    await page.getByRole("button", { name: "Envoyer la demande" }).click();
    await page.getByRole("heading", { name: "Permis rue Neuve" }).waitFor();
    const id = Number(new URL(page.url()).pathname.split("/")[2]);

    // The letter: a print-ready PDF holding the reply address, the public page and the Walloon decree.
    await page.getByRole("link", { name: "La lettre par la poste" }).click();
    await page.getByRole("heading", { name: "La lettre par la poste" }).waitFor();
    expect(await page.getByText("Vous n’avez pas encore indiqué la date d’envoi").count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Télécharger la lettre (PDF, A4)" }).click()]);
    expect(download.suggestedFilename()).toBe(`dossier-${id}-letter.pdf`);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = (await pdfText(pdf)).replace(/\s+/g, " ");
    expect(text).toContain(replyAddressFor(SECRET, id, "dossier.test"));
    expect(text).toContain(`${app.baseUrl}/requests/${id}`);
    expect(text).toContain("décret du 30 mars 1995");
    expect(text).toContain("4520 Wanze");

    // The posting day, registered: the deadline counts from the presumed receipt.
    await page.getByLabel("Date à laquelle vous avez posté la lettre").fill("2026-01-09");
    await page.getByLabel("Lettre recommandée, avec preuve de dépôt").check();
    await page.getByRole("button", { name: "Enregistrer" }).click();
    const recorded = page.getByText(/Postée le 9 janvier 2026, en recommandé\. Reçue le 14 janvier 2026 \(présomption/);
    await recorded.waitFor();
    const stored = await database.db.selectFrom("requests").select(["posted_on", "posted_registered", "received_date", "due_date"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ posted_on: "2026-01-09", posted_registered: true, received_date: "2026-01-14" });
    expect(stored.due_date).not.toBeNull();

    // The commune answers on paper: the citizen uploads the scan, which is threaded as its reply.
    const scan = await scanPng(["Commune de Wanze", "Objet : permis rue Neuve", "Veuillez trouver ci-joint le permis URB-2026-042."], { dpi: 150 });
    await page.getByLabel("Fichier").setInputFiles({ name: "reponse-wanze.png", mimeType: "image/png", buffer: scan });
    await page.getByLabel("Date de la réponse").fill("2026-01-20");
    await page.getByRole("button", { name: "Ajouter la réponse" }).click();
    await page.getByText("La réponse a été ajoutée à la demande.").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/requests/${id}`);
    const reply = page.getByTestId("timeline-message").filter({ has: page.getByRole("heading", { name: "Réponse de Commune de Wanze" }) });
    expect(await reply.count()).toBe(1);
    // Listed at once; its public copy (masked, checked) is made by the worker's job, so it may still say "being prepared" (decision 160).
    expect(await reply.getByText(/reponse-wanze\.png/).count()).toBeGreaterThan(0);
    const message = await database.db.selectFrom("messages").selectAll().where("request_id", "=", id).where("direction", "=", "inbound").executeTakeFirstOrThrow();
    expect(message).toMatchObject({ kind: "reply", route_reason: "paper_upload", hidden: false });
    expect(scriptErrors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it("an admin accepts a proposed e-mail address; the next request to that authority goes by e-mail", async () => {
    await insertAuthority(database.db, { slug: "cpas-de-huy", name_fr: "CPAS de Huy", kind: "cpas", level: "local", region: "wallonia", regime: "wallonia", languages: ["fr"], email: null, address: "Rue du Neufmoustier 10\n4500 Huy" });
    await proposeEmail(database.db, "cpas-de-huy", { email: "secretariat@cpas-huy.example", source: "https://www.cpas-huy.example/contact", comment: null, proposer_email: null });
    const admin = await insertUser(database.db, { role: "admin", displayName: "Admin" });
    const citizen = await insertUser(database.db, { displayName: "Sam Lambert" });

    const adminPage = await browser.page();
    await logIn(adminPage, app.baseUrl, admin);
    await adminPage.goto(`${app.baseUrl}/admin/directory`);
    const proposal = adminPage.getByTestId("proposal").filter({ hasText: "secretariat@cpas-huy.example" });
    expect(await proposal.count()).toBe(1);
    await proposal.getByRole("button", { name: "Accepter" }).click();
    await adminPage.getByText("Proposition acceptée.").waitFor();
    expect(await adminPage.getByTestId("proposal").count()).toBe(0);
    await adminPage.context().close();

    // The citizen's next request: the verified address is offered and chosen, and the letter leaves by e-mail.
    const page = await browser.page();
    await logIn(page, app.baseUrl, citizen);
    await draftRequest(page, app.baseUrl, "cpas-de-huy", "Budget du CPAS", "Le budget 2026 du CPAS et le rapport annuel.");
    const email = page.getByLabel(/Par courriel à secretariat@cpas-huy\.example\. L’adresse est vérifiée/);
    expect(await email.isChecked()).toBe(true);
    expect(await page.locator('input[name="consent"]').count()).toBe(0);
    await page.getByRole("button", { name: "Envoyer la demande" }).click();
    await page.getByRole("heading", { name: "Budget du CPAS" }).waitFor();
    const id = Number(new URL(page.url()).pathname.split("/")[2]);
    const sent = await sink.waitFor((m) => m.envelope.to.includes("secretariat@cpas-huy.example"));
    expect(sent.parsed.subject).toBe("Demande d’accès à des documents administratifs — Budget du CPAS");
    expect(sent.parsed.replyTo?.value[0].address).toBe(replyAddressFor(SECRET, id, "dossier.test"));
    const request = await database.db.selectFrom("requests").select("channel").where("id", "=", id).executeTakeFirstOrThrow();
    expect(request.channel).toBe("email");
    await page.context().close();
  }, 180_000);
});
