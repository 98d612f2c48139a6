import { defineEmail } from "../core/email";

/** "The authority replied: read it and tell us what it contains" (mail/notify.ts, after ingest). */
export const replyReceivedEmail = defineEmail<{ name: string; title: string; link: string }>({
  kind: "reply_received",
  subject: (t, p) => t("email.replyReceived.subject", { title: p.title }),
  body: (t, p) => t("email.replyReceived.body", p),
});
