import nodemailer, { type Transporter } from "nodemailer";
import { noRelay, type Mailer } from "../core/mailer";

export type DkimKey = { domain: string; selector: string; privateKey: string };

/**
 * The outbound relay at SMTP_URL (nodemailer, one transport per process), or
 * none. With a DKIM key every message is signed for the key's domain
 * (MAIL_DOMAIN) before it leaves: the relay passes the signature on.
 */
export function smtpMailer(smtpUrl: string | undefined, dkim: DkimKey | null = null): Mailer {
  if (!smtpUrl) return noRelay;
  let transport: Transporter | undefined;
  return {
    configured: true,
    async send(envelope) {
      transport ??= nodemailer.createTransport(smtpUrl, dkim ? { dkim: { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey } } : {});
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
