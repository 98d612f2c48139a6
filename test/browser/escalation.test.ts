import { afterAll, beforeAll, expect, it } from "vitest";
import { replyAddressFor } from "../../mail/reply-address";
import { recomputeAll } from "../../requests/deadlines/store";
import { createRequest } from "../../requests/requests";
import { todayInBrussels } from "../../authorities/civil-date";
import { allJobs } from "../../server/rooms";
import { PgBossQueue } from "../../server/queue";
import { dispatchAll, useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";
import { useSmtpSink } from "../support/smtp-sink";

const SECRET = "escalation-secret-".repeat(3);

describeBrowser("from an overdue request through the escalation wizard to a sent appeal, in Chromium", () => {
  const env: Record<string, string> = { SECRET, MAIL_DOMAIN: "dossier.test" };
  const sink = useSmtpSink(env);
  const database = useTestDatabase();
  const app = useTestApp(database, env);
  const browser = useBrowser();
  let worker: PgBossQueue;

  beforeAll(async () => {
    worker = new PgBossQueue(database.url, allJobs(), "worker");
    await worker.work({ ...app.runtime, queue: worker });
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("sees the overdue timeline, edits the appeal, sends it to the CADA wallonne and downloads the PDF", async () => {
    const namur = await insertAuthority(database.db, { slug: "namur-appeal", name_fr: "Ville de Namur", kind: "commune", level: "local", region: "wallonia", regime: "wallonia", languages: ["fr"], email: "info@namur.example", address: "Hôtel de Ville, 5000 Namur" });
    const citizen = await insertUser(database.db, { displayName: "Camille Dubois", locale: "fr" });
    const { request } = await createRequest(database.db, app.runtime.queue, app.runtime.config, { userId: citizen.id, authorityId: namur.id, title: "Plan de mobilité", body: "Je demande le plan communal de mobilité et ses annexes." });
    await sink.waitFor((m) => m.envelope.to.includes("info@namur.example"));
    // The outbox records the delivery (and starts the deadline) just after the relay's answer.
    for (let i = 0; i < 100; i++) {
      const row = await database.db.selectFrom("requests").select("sent_at").where("id", "=", request.id).executeTakeFirstOrThrow();
      if (row.sent_at) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Forty days ago: the 30-day deadline has passed, the 30-day appeal window is still open.
    const today = todayInBrussels();
    const received = new Date(Date.parse(`${today}T12:00:00Z`) - 40 * 86_400_000).toISOString().slice(0, 10);
    // The worker's subscribers react to the delivery (the deadline starts on it) after the commit: let them
    // finish first, and set the date again if one of them wrote it back meanwhile.
    await dispatchAll(app.runtime);
    for (let attempt = 0; attempt < 20; attempt++) {
      await database.db.updateTable("requests").set({ received_date: received }).where("id", "=", request.id).execute();
      await recomputeAll(database.db, today);
      await new Promise((r) => setTimeout(r, 300));
      const row = await database.db.selectFrom("requests").select("received_date").where("id", "=", request.id).executeTakeFirstOrThrow();
      if (String(row.received_date) === received) break;
    }

    const page = await browser.page();
    const scriptErrors: string[] = [];
    page.on("pageerror", (error) => scriptErrors.push(error.message));
    await page.goto(app.baseUrl + "/login");
    await page.getByLabel("Adresse e-mail").fill(citizen.email);
    await page.getByLabel("Mot de passe").fill(citizen.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");

    await page.goto(`${app.baseUrl}/requests/${request.id}`);
    const timeline = page.getByTestId("deadline-timeline");
    await timeline.waitFor();
    expect(await timeline.textContent()).toContain("En retard depuis le");
    expect(await page.locator('[data-kind="overdue"].deadline--urgent').count()).toBe(1);
    await page.getByRole("link", { name: "Introduire un recours" }).click();

    // The wizard: the route, the deadline, the registered-copy advice, the editable letters.
    await page.getByRole("heading", { name: /Recours : Plan de mobilité/ }).waitFor();
    expect(await page.getByText("Commission d’accès aux documents administratifs (CADA wallonne)").first().isVisible()).toBe(true);
    expect(await page.getByText("date certaine").isVisible()).toBe(true);
    const body = page.getByLabel("Texte de la lettre").first();
    expect(await body.inputValue()).toContain("refus implicite");
    await body.fill((await body.inputValue()).replace("Je vous prie d’agréer", "Je joins volontiers tout complément utile. Je vous prie d’agréer"));

    // The PDF for the registered copy downloads and is a real PDF.
    const pdf = await page.request.get(`${app.baseUrl}/requests/${request.id}/escalate/pdf?letter=1`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

    // Sending without confirming is refused with a clear message, keeping the edit.
    await page.getByRole("button", { name: "Envoyer le recours" }).click();
    await page.getByText("Cochez la case pour confirmer").waitFor();
    expect(await page.getByLabel("Texte de la lettre").first().inputValue()).toContain("tout complément utile");
    await page.getByLabel("J’ai relu les lettres et je veux les envoyer").check();
    await page.getByRole("button", { name: "Envoyer le recours" }).click();
    await page.getByText("Votre recours a été envoyé").waitFor();

    const appeal = await sink.waitFor((m) => m.envelope.to.includes("support.cada@spw.wallonie.be"));
    expect(appeal.parsed.subject).toBe("Recours : Plan de mobilité (Ville de Namur)");
    expect(appeal.parsed.text).toContain("tout complément utile");
    expect(appeal.parsed.from?.value[0]?.address).toBe(replyAddressFor(SECRET, request.id, "dossier.test"));
    expect(appeal.parsed.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
    expect(appeal.raw).not.toContain(citizen.email);

    await page.goto(`${app.baseUrl}/requests/${request.id}`);
    expect(await page.getByTestId("deadline-timeline").textContent()).toContain(`Recours envoyé le`);
    expect(await page.getByRole("link", { name: "Introduire un recours" }).count()).toBe(0);
    const state = await database.db.selectFrom("requests").select("state").where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(state.state).toBe("appeal_pending");
    expect(scriptErrors).toEqual([]);
  });
});
