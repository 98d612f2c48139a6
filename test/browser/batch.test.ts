import { afterAll, beforeAll, expect, it } from "vitest";
import { setBatchAllowance } from "../../batches/batches";
import { BATCH_DIGEST_JOB } from "../../batches/digest";
import { ingest } from "../../mail/ingest";
import { ingestDeps } from "../../mail/jobs";
import { PgBossQueue } from "../../server/queue";
import { allJobs } from "../../server/rooms";
import { insertLiegeCpas } from "../batches/factories";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { useSmtpSink } from "../support/smtp-sink";

const INTERVAL = 2;
const SPACING = 5;

describeBrowser("a batch to every CPAS of a province, in Chromium", () => {
  const env: Record<string, string> = { MAIL_DOMAIN: "dossier.test", SECRET: "b".repeat(40), BATCH_SEND_INTERVAL_SECONDS: String(INTERVAL), BATCH_DOMAIN_SPACING_SECONDS: String(SPACING), BATCH_DAILY_CEILING: "100" };
  const database = useTestDatabase();
  const sink = useSmtpSink(env);
  const app = useTestApp(database, env);
  const browser = useBrowser();
  // The real worker: batch sending, the outbox, the event dispatcher and the digest run as jobs.
  let worker: PgBossQueue;
  beforeAll(async () => {
    worker = new PgBossQueue(database.url, allJobs(), "worker");
    await worker.work({ ...app.runtime, queue: worker });
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("chooses by province, previews French and German letters, sends them spaced, and shows a reply on the page and in one digest", async () => {
    const cpas = await insertLiegeCpas(database.db);
    const user = await insertUser(database.db, { displayName: "Collectif Transparence Liège", email: "collectif@example.org" });
    await setBatchAllowance(database.db, { userId: user.id, maxAuthorities: 50, grantedBy: null });

    const page = await browser.page();
    await page.goto(`${app.baseUrl}/login?redirectTo=/batches/new`);
    await page.getByLabel("Adresse e-mail").fill(user.email);
    await page.getByLabel("Mot de passe").fill(user.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("heading", { name: "Une demande à plusieurs autorités" }).waitFor();

    // Every CPAS of the province of Liège, by the filters.
    await page.getByLabel("Type d’autorité").selectOption("cpas");
    await page.getByLabel("Province").selectOption("liege");
    await page.getByRole("button", { name: "Afficher ces autorités" }).click();
    await page.getByTestId("batch-count").filter({ hasText: "7 autorités trouvées" }).waitFor();
    expect(await page.getByTestId("batch-plan-row").count()).toBe(7);
    expect(await page.getByText("CPAS de Namur").count()).toBe(0);
    expect(await page.getByTestId("batch-summary").textContent()).toContain("5 autorités la recevront par e-mail ; 2 n’ont aucun canal.");
    const warnings = (await page.getByTestId("batch-warning").allTextContents()).join(" ");
    expect(warnings).toContain("aucune adresse connue");
    expect(warnings).toContain("adresse non vérifiée");

    await page.getByLabel("Titre de la demande").fill("Budget 2026 du CPAS");
    await page.getByLabel("Les documents que vous demandez").fill("Le budget 2026 approuvé par le conseil de l'action sociale, avec ses annexes.");
    await page.getByRole("button", { name: "Prévisualiser les lettres" }).click();
    // Both languages that occur, each letter as it will leave.
    await page.getByTestId("batch-preview").first().waitFor();
    const previews = page.getByTestId("batch-preview");
    expect(await previews.count()).toBe(2);
    const french = await page.locator('[data-testid="batch-preview"][data-language="fr"]').textContent();
    const german = await page.locator('[data-testid="batch-preview"][data-language="de"]').textContent();
    expect(french).toContain("Demande d’accès à des documents administratifs — Budget 2026 du CPAS");
    expect(french).toContain("2 autorités");
    expect(german).toContain("Antrag auf Zugang zu Verwaltungsdokumenten — Budget 2026 du CPAS");
    expect(german).toContain("3 autorités");

    await page.getByRole("button", { name: "Envoyer à 5 autorités" }).click();
    await page.waitForURL(/\/batches\/\d+$/);
    const batchUrl = page.url();
    const batchId = Number(batchUrl.split("/").pop());

    // The relay receives one letter per authority with an e-mail address, each once.
    const expected = ["cpas@liege.example", "info@cpas-seraing.example", "oshz@eupen.example", "oshz@shared-ostbelgien.example", "oshz-kelmis@shared-ostbelgien.example"];
    const isLetter = (m: (typeof sink.messages)[number]) => expected.includes(m.envelope.to[0]);
    const deadline = Date.now() + 90_000;
    while (sink.messages.filter(isLetter).length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const letters = sink.messages.filter(isLetter);
    expect(letters.map((m) => m.envelope.to[0]).sort()).toEqual([...expected].sort());
    expect(letters.find((m) => m.envelope.to[0] === "oshz@eupen.example")!.parsed.subject).toBe("Antrag auf Zugang zu Verwaltungsdokumenten — Budget 2026 du CPAS");
    expect(sink.messages.some((m) => m.envelope.to[0] === "accueil@herstal.example")).toBe(false);
    // Spaced as configured: letters of the batch at least INTERVAL s apart, the two to one domain at least SPACING s apart.
    const sent = await database.db.selectFrom("batch_items").select(["sent_at", "domain"]).where("batch_id", "=", batchId).where("state", "=", "sent").orderBy("sent_at").execute();
    const times = sent.map((s) => new Date(s.sent_at!).getTime());
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(INTERVAL * 1000);
    const shared = sent.filter((s) => s.domain === "shared-ostbelgien.example").map((s) => new Date(s.sent_at!).getTime());
    expect(shared[1] - shared[0]).toBeGreaterThanOrEqual(SPACING * 1000);

    // The authority of Eupen replies to its own request's address.
    const eupenLetter = letters.find((m) => m.envelope.to[0] === "oshz@eupen.example")!;
    const replyTo = eupenLetter.envelope.from;
    const reply = [
      "From: OSHZ Eupen <oshz@eupen.example>",
      `To: ${replyTo}`,
      "Subject: Re: Antrag auf Zugang zu Verwaltungsdokumenten",
      `In-Reply-To: ${eupenLetter.parsed.messageId}`,
      "Message-ID: <antwort-1@eupen.example>",
      "Date: Mon, 2 Mar 2026 10:00:00 +0100",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Sehr geehrte Damen und Herren, anbei der Haushalt 2026.",
      "",
    ].join("\r\n");
    const ingested = await ingest(database.db, Buffer.from(reply), { envelope: { mailFrom: "oshz@eupen.example", rcptTo: [replyTo] } as never, deps: ingestDeps(app.runtime) });
    expect(ingested.requestId).not.toBeNull();

    // The batch page shows it.
    await page.goto(batchUrl);
    const eupenRow = page.locator('[data-testid="batch-row"][data-authority="cpas-eupen"]');
    await expect.poll(async () => (await page.reload(), await eupenRow.getByTestId("batch-replies").textContent()), { timeout: 30_000 }).toBe("1");
    expect(await page.getByTestId("batch-progress").textContent()).toBe("5 lettres envoyées sur 5");

    // One digest e-mail for the batch (the requester follows it), not one e-mail per reply.
    await expect.poll(async () => Number((await database.db.selectFrom("batch_digest_items").select((eb) => eb.fn.countAll().as("n")).where("batch_id", "=", batchId).executeTakeFirstOrThrow()).n), { timeout: 30_000 }).toBe(1);
    await app.runtime.queue.send(database.db, BATCH_DIGEST_JOB, {});
    const digest = await sink.waitFor((m) => m.envelope.to[0] === user.email && /nouvelle réponse/.test(m.parsed.subject ?? ""), 45_000);
    expect(digest.parsed.subject).toBe("1 nouvelle réponse à votre demande groupée « Budget 2026 du CPAS »");
    expect(digest.parsed.text).toContain("ÖSHZ Eupen");
    expect(digest.parsed.text).toContain(`/batches/${batchId}`);
    expect(sink.messages.filter((m) => m.envelope.to[0] === user.email && /digest|récapitulatif|nouvelle réponse/i.test(m.parsed.subject ?? ""))).toHaveLength(1);
    expect(sink.messages.some((m) => m.envelope.to[0] === user.email && (m.parsed.subject ?? "").startsWith("Nouvelle réponse"))).toBe(false);

    // The exports and the API carry the same matrix.
    const csv = await (await page.request.get(`${app.baseUrl}/batches/${batchId}/export?format=csv`)).text();
    expect(csv.split("\r\n")[0]).toBe("authority_slug,authority_name,channel,item,reason,request_id,request_state,language,sent_at,due,overdue,replies");
    expect(csv).toContain("cpas-verviers,CPAS de Verviers,none,no_channel,no_email");
    const api = await (await page.request.get(`${app.baseUrl}/api/v1/batches/${batchId}`)).json();
    expect(api.summary).toMatchObject({ authorities: 7, sent: 5, no_channel: 2, replied: 1, response_rate: 20 });
    expect(JSON.stringify(api)).not.toContain(user.email);
    void cpas;
  }, 240_000);
});
