import { useT } from "~/i18n/use-t";
import type { ThreadMessage } from "../../mail/thread";
import { documentHtmlId, useDocumentHtml } from "~/utils/document-only";

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
        const reason = m.hidden ? t(`moderation.reason.${m.hidden.reason}` as Parameters<typeof t>[0]) : "";
        if (m.hidden?.visibility === "withheld") {
          return (
            <li key={m.id} id={`message-${m.id}`} className="mail-message mail-hidden">
              <p className="mail-notice">{t("moderation.hidden.notice", { reason })}</p>
            </li>
          );
        }
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
            {m.hidden ? <p className="mail-notice mail-marked">{t("moderation.hidden.marked", { reason })}</p> : null}
            <MessageContent message={m} />
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The body of one message as the request page shows it, under the
 * timeline entry that already names the sender and date.
 */
export function MailMessageBody({ message: m }: { message: ThreadMessage & { inDocument?: true } }) {
  const t = useT();
  return (
    <>
      {m.direction === "inbound" && m.kind !== "reply" ? <p className="mail-kind-label">{t(`mail.kind.${m.kind}` as Parameters<typeof t>[0])}</p> : null}
      <MessageContent message={m} />
    </>
  );
}

/**
 * Notices (sender outside the authority, bounce, failed delivery), the
 * text with auto-replies and bounces folded, then the attachments.
 */
function MessageContent({ message: m }: { message: ThreadMessage & { inDocument?: true } }) {
  const t = useT();
  const body = <Body message={m} />;
  const deliveryFailed = m.deliveryStatus === "bounced" || (m.direction === "outbound" && m.deliveryStatus === "failed" && m.deliveryError);
  return (
    <>
      {m.authentication ? (
        <p className={`mail-auth mail-auth-${m.authentication.verdict}`} title={t("mailtrust.auth.details", m.authentication)}>
          {t(m.authentication.verdict === "verified" ? "mailtrust.auth.verified" : m.authentication.verdict === "failed" ? "mailtrust.auth.failed" : "mailtrust.auth.notVerified")}
        </p>
      ) : null}
      {m.senderOutsideAuthority && m.direction === "inbound" ? <p className="mail-notice">{t("mail.senderOutside")}</p> : null}
      {m.kind === "bounce" ? <p className="mail-notice mail-error">{t("mail.bounce.notice")}</p> : null}
      {deliveryFailed ? <p className="mail-notice mail-error">{t("mail.delivery.bounced", { error: m.deliveryError ?? "" })}</p> : null}
      {m.kind === "auto_reply" || m.kind === "bounce" ? (
        <details>
          <summary>{t("mail.autoReply.show")}</summary>
          {body}
        </details>
      ) : (
        body
      )}
      {m.textTotal !== null && m.fullTextUrl ? (
        <p className="mail-notice">
          {t("mailtrust.body.truncated", { shown: m.text.length, total: m.textTotal })} <a href={m.fullTextUrl}>{t("mailtrust.body.showFull")}</a>
        </p>
      ) : null}
      {m.attachments.length > 0 ? <AttachmentList attachments={m.attachments} /> : null}
    </>
  );
}

function AttachmentList({ attachments }: { attachments: ThreadMessage["attachments"] }) {
  const t = useT();
  return (
    <section className="mail-attachments" aria-label={t("mail.attachments")}>
      <h4>{t("mail.attachments")}</h4>
      <ul>
        {attachments.map((a) =>
          a.withheld ? (
            <li key={a.id}>
              {a.filename} <span className="mail-attachment-meta">({t("redaction.withheldShort")})</span>
            </li>
          ) : a.preparing ? (
            <li key={a.id}>
              {a.filename} <span className="mail-attachment-meta">({t("documents.redaction.preparingShort")})</span>
            </li>
          ) : (
            <li key={a.id}>
              <a href={a.url} download={a.inline ? undefined : a.filename}>
                {a.filename}
              </a>{" "}
              <span className="mail-attachment-meta">
                ({a.contentType}, {formatSize(a.size)}
                {a.extractionStatus === "failed" ? `, ${t("mail.attachment.textFailed")}` : ""}
                {a.extractionStatus === "partial" ? `, ${t("documents.partial")}` : ""}
                {a.extractionStatus === "pending" && !a.extractionProgress ? `, ${t("mail.attachment.textPending")}` : ""}
                {a.extractionStatus === "pending" && a.extractionProgress ? `, ${t("documents.progress", { done: a.extractionProgress.done + 1, total: a.extractionProgress.total })}` : ""}
                {a.ocrPages && a.ocrPages.length > 0 ? `, ${t("documents.ocr.pages", { count: a.ocrPages.length, pages: a.ocrPages.join(", ") })}` : ""}
                {a.ocrPages && a.ocrPages.length === 0 ? `, ${t("documents.ocr.label")}` : ""})
              </span>{" "}
              {a.inline ? (
                <a href={a.url} target="_blank" rel="noopener">
                  {t("mail.attachment.view")}
                </a>
              ) : null}
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

function Body({ message }: { message: ThreadMessage & { inDocument?: true } }) {
  // The HTML was sanitized on the server (mail/sanitize.ts): no scripts, handlers or remote content.
  // The request page sends it once, in the markup (~/utils/document-only).
  const html = useDocumentHtml(message.id, message);
  if (html) return <div id={documentHtmlId(message.id)} className="mail-body mail-html" dangerouslySetInnerHTML={{ __html: html }} />;
  return <pre className="mail-body mail-text letter">{message.text}</pre>;
}
