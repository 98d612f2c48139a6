import nodemailer, { type Transporter } from "nodemailer";
import { noRelay, type Mailer } from "../core/mailer";

/** The outbound relay at SMTP_URL (nodemailer, one pooled transport per process), or none. */
export function smtpMailer(smtpUrl: string | undefined): Mailer {
  if (!smtpUrl) return noRelay;
  let transport: Transporter | undefined;
  return {
    configured: true,
    async send(envelope) {
      transport ??= nodemailer.createTransport(smtpUrl);
      const info = await transport.sendMail({
        from: envelope.from,
        to: envelope.to,
        replyTo: envelope.replyTo,
        subject: envelope.subject,
        text: envelope.text,
        messageId: envelope.messageId,
        inReplyTo: envelope.inReplyTo,
        references: envelope.references?.length ? envelope.references : undefined,
        headers: envelope.headers,
        attachments: envelope.attachments?.length ? envelope.attachments : undefined,
      });
      return { response: String(info.response ?? "") };
    },
  };
}
