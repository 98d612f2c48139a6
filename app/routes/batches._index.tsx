import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { batchesOf } from "../../batches/view";
import type { MessageKey } from "../../core/i18n/index";
import { metaLocale, titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(metaLocale(matches), "batches.mine.title", undefined, { noindex: true });

/** GET /batches — the signed-in requester's own batches, newest first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const batches = await batchesOf(context.db, user.id);
  return { batches: batches.map((b) => ({ id: b.id, title: b.title, state: b.state, createdAt: new Date(b.created_at).toISOString().slice(0, 10) })) };
}

export default function MyBatches() {
  const t = useT();
  const { batches } = useLoaderData() as RouteData<typeof loader>;
  return (
    <section>
      <h1>{t("batches.mine.title")}</h1>
      <p>
        <Link to="/batches/new">{t("batches.mine.new")}</Link>
      </p>
      {batches.length === 0 ? (
        <p>{t("batches.mine.none")}</p>
      ) : (
        <ul data-testid="my-batches">
          {batches.map((b) => (
            <li key={b.id}>
              <Link to={`/batches/${b.id}`}>{b.title}</Link> — {t(`batches.state.${b.state}` as MessageKey)} — <time dateTime={b.createdAt}>{b.createdAt}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
