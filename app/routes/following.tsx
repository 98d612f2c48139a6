import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { translate, type MessageKey } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { isLocale } from "../../core/i18n/locales";
import { useT } from "~/i18n/use-t";
import { frequencySchema, listFollows, searchToParams, setFrequency, unfollowById, type FollowListItem } from "../../watch/follows";
import { areaQuery } from "../../watch/area";
import { followLabel } from "../../watch/labels";

function links(item: FollowListItem): { page: string | null; feed: string | null } {
  const t = item.target;
  switch (t.type) {
    case "request":
      return item.request ? { page: `/requests/${t.requestId}`, feed: `/feeds/requests/${t.requestId}` } : { page: null, feed: null };
    case "authority":
      return item.authority ? { page: `/authorities/${item.authority.slug}`, feed: `/feeds/authorities/${item.authority.slug}` } : { page: null, feed: null };
    case "area": {
      const q = areaQuery(t);
      return { page: `/stats?${q}`, feed: `/feeds/area?${q}` };
    }
    case "user":
      return { page: `/users/${t.userId}`, feed: `/feeds/users/${t.userId}` };
    case "search": {
      const q = searchToParams(t.search).toString();
      return { page: `/search?${q}`, feed: `/search.atom?${q}` };
    }
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const locale = await getLocale(request);
  const follows = await listFollows(context.db, user.id);
  return {
    follows: follows.map((f) => ({ id: f.id, type: f.target.type, frequency: f.frequency, label: followLabel(locale, f), ...links(f) })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = Number(form.get("follow"));
  if (!Number.isSafeInteger(id) || id <= 0) return new Response("Unknown follow", { status: 400 });
  if (form.get("intent") === "unfollow") {
    await unfollowById(context.db, user.id, id);
    return redirect("/following?done=removed", { status: 303 });
  }
  const frequency = frequencySchema.safeParse(form.get("frequency"));
  if (!frequency.success) return new Response("Unknown frequency", { status: 400 });
  await setFrequency(context.db, user.id, id, frequency.data);
  return redirect("/following?done=saved", { status: 303 });
}

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "fr";
  return [{ title: `${translate(locale, "watch.following.title")} — ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

const TYPE_LABEL: Record<string, MessageKey> = {
  request: "watch.following.type.request",
  authority: "watch.following.type.authority",
  area: "watch.following.type.area",
  user: "watch.following.type.user",
  search: "watch.following.type.search",
};
const DONE: Record<string, MessageKey> = { saved: "watch.following.saved", removed: "watch.following.removed" };

export default function Following() {
  const { follows } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  return (
    <article className="following">
      <h1>{t("watch.following.title")}</h1>
      <p className="lead">{t("watch.following.lead")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      {follows.length === 0 ? (
        <p className="notice">{t("watch.following.empty")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("watch.following.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("watch.following.what")}</th>
              <th scope="col">{t("watch.follow.frequency")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("watch.follow.unfollow")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {follows.map((f) => (
              <tr key={f.id}>
                <td>
                  <span className="hint">{t(TYPE_LABEL[f.type])}</span>
                  <br />
                  {f.page ? <Link to={f.page}>{f.label}</Link> : f.label}
                  {f.feed ? (
                    <>
                      {" "}
                      ·{" "}
                      <a className="feed-link" href={f.feed}>
                        {t("watch.feed.link")}
                      </a>
                    </>
                  ) : null}
                </td>
                <td>
                  <Form method="post" className="follow-form">
                    <CsrfInput />
                    <input type="hidden" name="follow" value={f.id} />
                    <label htmlFor={`frequency-${f.id}`} className="visually-hidden">
                      {t("watch.follow.frequency")}: {f.label}
                    </label>
                    <select id={`frequency-${f.id}`} name="frequency" defaultValue={f.frequency}>
                      <option value="immediate">{t("watch.frequency.immediate")}</option>
                      <option value="daily">{t("watch.frequency.daily")}</option>
                    </select>
                    <button type="submit" name="intent" value="frequency" className="secondary">
                      {t("watch.following.save")}
                    </button>
                  </Form>
                </td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="follow" value={f.id} />
                    <button type="submit" name="intent" value="unfollow" className="secondary" aria-label={`${t("watch.follow.unfollow")}: ${f.label}`}>
                      {t("watch.follow.unfollow")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
