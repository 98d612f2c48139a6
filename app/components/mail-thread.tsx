import { useT } from "~/i18n/use-t";
import type { ThreadMessage } from "../../mail/thread";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The correspondence of a request: replies with attachments, auto-replies folded, bounces flagged. */
export function MailThread({ messages }: { messages: ThreadMessage[] }) {
  const t = useT();
  if (messages.length === 0) return <p>{t("mail.thread.empty")}</p>;
  return (
    <ol className="mail-thread">
      {messages.map((m) => {
        const body = <MessageBody message={m} />;
        return (
          <li key={m.id} id={`message-${m.id}`} className={`mail-message mail-${m.direction} mail-kind-${m.kind}`}>
            <header>
              <span className="mail-kind">{t(`mail.kind.${m.kind}` as Parameters<typeof t>[0])}</span>{" "}
              <span>
                {t("mail.from")}: {m.fromName ?? m.fromAddress ?? "—"}
                {m.fromName && m.fromAddress ? ` <${m.fromAddress}>` : ""}
              </span>{" "}
              <time dateTime={m.at}>{m.at.slice(0, 16).replace("T", " ")}</time>
              {m.subject ? <h3>{m.subject}</h3> : null}
            </header>
            {m.senderOutsideAuthority && m.direction === "inbound" ? <p className="mail-notice">{t("mail.senderOutside")}</p> : null}
            {m.kind === "bounce" ? <p className="mail-notice mail-error">{t("mail.bounce.notice")}</p> : null}
            {m.deliveryStatus === "bounced" ? <p className="mail-notice mail-error">{t("mail.delivery.bounced", { error: m.deliveryError ?? "" })}</p> : null}
            {m.kind === "auto_reply" || m.kind === "bounce" ? (
              <details>
                <summary>{t("mail.autoReply.show")}</summary>
                {body}
              </details>
            ) : (
              body
            )}
            {m.attachments.length > 0 ? (
              <section className="mail-attachments" aria-label={t("mail.attachments")}>
                <h4>{t("mail.attachments")}</h4>
                <ul>
                  {m.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={a.url} download={a.inline ? undefined : a.filename}>
                        {a.filename}
                      </a>{" "}
                      <span className="mail-attachment-meta">
                        ({a.contentType}, {formatSize(a.size)}
                        {a.extractionStatus === "failed" ? `, ${t("mail.attachment.textFailed")}` : ""}
                        {a.extractionStatus === "pending" ? `, ${t("mail.attachment.textPending")}` : ""})
                      </span>{" "}
                      {a.inline ? (
                        <a href={a.url} target="_blank" rel="noopener">
                          {t("mail.attachment.view")}
                        </a>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function MessageBody({ message }: { message: ThreadMessage }) {
  // The HTML was sanitized on the server (mail/sanitize.ts): no scripts, handlers or remote content.
  if (message.html) return <div className="mail-body mail-html" dangerouslySetInnerHTML={{ __html: message.html }} />;
  return <pre className="mail-body mail-text">{message.text}</pre>;
}
