/**
 * The outbound relay, as the context hands it to the outbox. `relay` is
 * null when no SMTP_URL is configured: mail then waits in the outbox and
 * nothing pretends it was sent.
 */
export type MailAttachment = { filename: string; content: Buffer; contentType?: string };

export type MailEnvelope = {
  from: { name: string; address: string };
  to: string[];
  replyTo?: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
};

/** What the relay answered: its final response line ("250 2.0.0 Ok: queued as …"). */
export type RelayAnswer = { response: string };

export interface Mailer {
  /** False without SMTP_URL: callers leave mail queued. */
  readonly configured: boolean;
  /** Hands one message to the relay. Throws with `responseCode` (4xx/5xx) when the relay refuses. */
  send(envelope: MailEnvelope): Promise<RelayAnswer>;
}

export const noRelay: Mailer = {
  configured: false,
  async send() {
    throw new Error("no relay configured (SMTP_URL unset)");
  },
};
