/**
 * The proposer of a directory correction hears the administrator's decision
 * (issue 15), by e-mail, in the language they proposed in (else their
 * account's). The directory emits `directory.proposal_decided`; this room
 * writes the e-mail to the outbox. Once per proposal: the notice and its
 * audit-log row are written in one transaction, and a second delivery of
 * the event finds the row and does nothing.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { JobQueue } from "../core/jobs";
import { defineEmail, emailLocale } from "../core/email";
import { defineSubscriber } from "../core/events";
import { queueEmail } from "../mail/outbound";

type NoticeParams = { authority: string; field: string; value: string; reason: string | null; url: string; decision: "accepted" | "rejected" };

export const proposalDecidedEmail = defineEmail<NoticeParams>({
  kind: (p) => `proposal_${p.decision}`,
  subject: (t, p) => t(p.decision === "accepted" ? "email.proposal.accepted.subject" : "email.proposal.rejected.subject", { authority: p.authority }),
  body: (t, p) => {
    const field = t(p.field === "email" ? "admin.directory.field.email" : p.field === "address" ? "admin.directory.field.address" : "admin.directory.field.other");
    if (p.decision === "rejected") return t("email.proposal.rejected.body", { authority: p.authority, field, value: p.value, reasonText: p.reason ?? "", url: p.url });
    return t("email.proposal.accepted.body", { authority: p.authority, field, value: p.value, reason: p.reason ? t("email.proposal.reasonLine", { reason: p.reason }) : "", url: p.url });
  },
});

/** Queues the notice of proposal `id` if it was decided and has someone to tell; returns whether it did. */
export async function notifyProposer(db: Kysely<Database>, queue: JobQueue, baseUrl: string, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom("change_proposals as p")
      .innerJoin("authorities as a", "a.id", "p.authority_id")
      .leftJoin("users as u", "u.id", "p.proposer_user_id")
      .select(["p.id", "p.status", "p.field", "p.value", "p.decision_reason", "p.proposer_email", "p.proposer_locale", "p.proposer_user_id", "u.email as user_email", "u.locale as user_locale", "a.slug", "a.name_fr", "a.name_nl", "a.name_de", "a.name_en"])
      .where("p.id", "=", id)
      .forUpdate(["p"])
      .executeTakeFirst();
    if (!p || (p.status !== "accepted" && p.status !== "rejected")) return false;
    const address = p.user_email ?? p.proposer_email;
    if (!address) return false;
    const already = await trx.selectFrom("audit_log").select("id").where("action", "=", "proposal.notified").where("target_type", "=", "change_proposal").where("target_id", "=", p.id).executeTakeFirst();
    if (already) return false;
    const locale = emailLocale(p.proposer_locale ?? p.user_locale);
    const names = { fr: p.name_fr, nl: p.name_nl, de: p.name_de, en: p.name_en };
    const authority = names[locale] ?? p.name_fr ?? p.name_nl ?? p.name_de ?? p.name_en ?? p.slug;
    await queueEmail(trx, queue, {
      email: proposalDecidedEmail,
      params: { authority, field: p.field, value: p.value, reason: p.decision_reason, url: `${baseUrl}/authorities/${p.slug}`, decision: p.status },
      to: { userId: p.proposer_user_id, address, locale },
    });
    await trx
      .insertInto("audit_log")
      .values({ actor_user_id: null, action: "proposal.notified", target_type: "change_proposal", target_id: p.id, reason: null, data: JSON.stringify({ locale, decision: p.status }) })
      .execute();
    return true;
  });
}

export const proposalNoticeSubscribers = [
  defineSubscriber({
    name: "accounts.proposal_decided_notice",
    on: ["directory.proposal_decided"],
    async handle(event, context) {
      await notifyProposer(context.db, context.queue, context.config.baseUrl, event.data.proposalId);
    },
  }),
];
