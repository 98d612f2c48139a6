import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { reminderKindName } from "../../requests/deadlines/reminder-emails";
import { unsubscribe, verifyUnsubscribe } from "../../requests/deadlines/unsubscribe";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { useT } from "~/i18n/use-t";

/**
 * The unsubscribe link of reminder e-mails. The signed link is the
 * authority: no sign-in needed. GET shows a button (so that mail scanners
 * that follow links unsubscribe nobody); POST unsubscribes, which also
 * serves RFC 8058 one-click requests.
 */
function params(url: URL, form?: FormData) {
  const get = (k: string) => (form?.get(k) as string | null) ?? url.searchParams.get(k);
  return { u: get("u"), k: get("k"), t: get("t") };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const p = params(new URL(request.url));
  const valid = verifyUnsubscribe(context.config.secret, p);
  return { title: translate(locale, "reminders.unsubscribe.title"), valid: valid !== null, kindName: valid ? reminderKindName(valid.kind, locale) : "", p };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const p = params(new URL(request.url), await request.formData());
  const valid = verifyUnsubscribe(context.config.secret, p);
  if (!valid) return new Response(JSON.stringify({ done: false }), { status: 400, headers: { "Content-Type": "application/json" } });
  await unsubscribe(context.db, valid.userId, valid.kind);
  return { done: true, kindName: reminderKindName(valid.kind, locale) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Dossier` }, { name: "robots", content: "noindex" }];

export default function UnsubscribePage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <article>
      <h1>{t("reminders.unsubscribe.title")}</h1>
      {result && "done" in result && result.done ? (
        <p className="notice" role="status">
          {t("reminders.unsubscribe.done", { kind: "kindName" in result ? result.kindName : "" })}
        </p>
      ) : !data.valid || (result && "done" in result && !result.done) ? (
        <p className="notice error" role="alert">
          {t("reminders.unsubscribe.invalid")}
        </p>
      ) : (
        <Form method="post" className="stacked">
          <p>{t("reminders.unsubscribe.lead", { kind: data.kindName })}</p>
          <input type="hidden" name="u" value={data.p.u ?? ""} />
          <input type="hidden" name="k" value={data.p.k ?? ""} />
          <input type="hidden" name="t" value={data.p.t ?? ""} />
          <button type="submit" className="primary">
            {t("reminders.unsubscribe.confirm")}
          </button>
        </Form>
      )}
    </article>
  );
}
