import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { PlanTable } from "~/batches/plan-table";
import type { RouteData } from "~/utils/route-data";
import { chooseAuthorities, createBatch, previewBatch } from "../../batches/batches";
import type { BatchPlan } from "../../batches/plan";
import { hasFilter, selectionFromParams } from "../../batches/selection";
import { PROVINCES } from "../../authorities/provinces";
import { KINDS, REGIONS } from "../../authorities/vocabulary";
import { DossierError } from "../../core/errors";
import type { MessageKey } from "../../core/i18n/index";
import { metaLocale, titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(metaLocale(matches), "batches.new.title", undefined, { noindex: true });

type Problem = { code: string; detail: string };

function problemOf(error: unknown): Problem {
  if (error instanceof DossierError) return { code: error.code, detail: error.message };
  throw error;
}

/** What the page needs of a plan (the rows, counts, warnings and letters). */
function shown(plan: BatchPlan) {
  return {
    rows: plan.authorities.map((a) => ({ slug: a.slug, name_fr: a.name_fr, name_nl: a.name_nl, name_de: a.name_de, name_en: a.name_en, languages: a.languages, channel: a.channel, reason: a.reason, language: a.language })),
    counts: plan.counts,
    warnings: plan.warnings,
    previews: plan.previews,
    allowance: plan.allowance,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const url = new URL(request.url);
  const throttle = context.config.batches;
  const filters = { kinds: url.searchParams.getAll("kind"), region: url.searchParams.get("region") ?? "", province: url.searchParams.get("province") ?? "", parent: url.searchParams.get("parent") ?? "", q: url.searchParams.get("q") ?? "" };
  try {
    const selection = selectionFromParams(url.searchParams);
    if (!hasFilter(selection)) return { filters, plan: null, problem: null, throttle };
    const plan = await chooseAuthorities(context, { userId: user.id, selection, consentUnverified: url.searchParams.get("consent") === "on", byPost: url.searchParams.get("post") === "on" });
    return { filters, plan: shown(plan), problem: null, throttle };
  } catch (error) {
    return { filters, plan: null, problem: problemOf(error), throttle };
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const params = new URLSearchParams();
  for (const [key, value] of form) if (typeof value === "string") params.append(key, value);
  const values = {
    title: String(form.get("title") ?? ""),
    body: String(form.get("body") ?? ""),
    language: String(form.get("language") ?? ""),
    postalAddress: String(form.get("postalAddress") ?? ""),
    consent: form.get("consent") === "on",
    byPost: form.get("post") === "on",
    ticked: params.getAll("authority"),
  };
  try {
    const input = { userId: user.id, selection: selectionFromParams(params), consentUnverified: values.consent, byPost: values.byPost, language: values.language || null, title: values.title, body: values.body, postalAddress: values.postalAddress || null };
    if (form.get("intent") === "send") {
      const created = await createBatch(context, input);
      throw redirect(`/batches/${created.batchId}`, { status: 303 });
    }
    return { values, plan: shown(await previewBatch(context, input)), problem: null };
  } catch (error) {
    if (error instanceof Response) throw error;
    return data({ values, plan: null, problem: problemOf(error) }, { status: 400 });
  }
}

export default function NewBatch() {
  const t = useT();
  const loaded = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const plan = result?.plan ?? loaded.plan;
  const problem = result?.problem ?? loaded.problem;
  const values = result?.values;
  const f = loaded.filters;
  const problemText = problem
    ? t(`batches.error.${problem.code}` as MessageKey, { detail: problem.detail }) === `batches.error.${problem.code}`
      ? problem.detail
      : t(`batches.error.${problem.code}` as MessageKey, { detail: problem.detail })
    : null;
  return (
    <section>
      <h1>{t("batches.new.title")}</h1>
      <p className="lead">{t("batches.new.lead")}</p>
      <Form method="get" className="stacked" aria-labelledby="batch-filters">
        <fieldset>
          <legend id="batch-filters">{t("batches.filter.legend")}</legend>
          <label htmlFor="filter-kind">{t("batches.filter.kind")}</label>
          <select id="filter-kind" name="kind" defaultValue={f.kinds[0] ?? ""}>
            <option value="">{t("batches.filter.any")}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
          <label htmlFor="filter-region">{t("batches.filter.region")}</label>
          <select id="filter-region" name="region" defaultValue={f.region}>
            <option value="">{t("batches.filter.any")}</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {t(`region.${r}` as MessageKey)}
              </option>
            ))}
          </select>
          <label htmlFor="filter-province">{t("batches.filter.province")}</label>
          <select id="filter-province" name="province" defaultValue={f.province}>
            <option value="">{t("batches.filter.any")}</option>
            {PROVINCES.map((p) => (
              <option key={p} value={p}>
                {t(`watch.province.${p}` as MessageKey)}
              </option>
            ))}
          </select>
          <label htmlFor="filter-parent">{t("batches.filter.parent")}</label>
          <input id="filter-parent" name="parent" type="text" defaultValue={f.parent} />
          <label htmlFor="filter-q">{t("batches.filter.q")}</label>
          <input id="filter-q" name="q" type="search" defaultValue={f.q} />
          <button type="submit">{t("batches.filter.submit")}</button>
        </fieldset>
      </Form>
      {problemText ? (
        <p className="notice error" role="alert">
          {problemText}
        </p>
      ) : null}
      {plan ? (
        <Form method="post" className="stacked">
          <CsrfInput />
          <input type="hidden" name="ticking" value="1" />
          {f.kinds.map((k) => (
            <input key={k} type="hidden" name="kind" value={k} />
          ))}
          {f.region ? <input type="hidden" name="region" value={f.region} /> : null}
          {f.province ? <input type="hidden" name="province" value={f.province} /> : null}
          {f.parent ? <input type="hidden" name="parent" value={f.parent} /> : null}
          {f.q ? <input type="hidden" name="q" value={f.q} /> : null}
          <p data-testid="batch-count">{t("batches.list.count", { count: plan.counts.total })}</p>
          <p data-testid="batch-summary">{t("batches.summary", { email: plan.counts.email, none: plan.counts.none })}</p>
          {plan.warnings.map((w) => (
            <p key={w.reason} className="notice warning" role="status" data-testid="batch-warning">
              {t("batches.warning.none", { count: w.count, reason: t(`batches.reason.${w.reason}` as MessageKey) })}
            </p>
          ))}
          <p className={plan.counts.email > plan.allowance ? "notice warning" : "hint"}>
            {plan.counts.email > plan.allowance ? t("batches.allowance.exceeded", { count: plan.allowance }) : t("batches.allowance", { count: plan.allowance })}
          </p>
          <p className="hint">{t("batches.list.untick")}</p>
          <PlanTable rows={plan.rows} ticked={values ? new Set(values.ticked) : null} />
          <p>
            <input id="field-consent" name="consent" type="checkbox" defaultChecked={values?.consent ?? false} />{" "}
            <label htmlFor="field-consent">{t("batches.consent")}</label>
          </p>
          <p>
            <input id="field-post" name="post" type="checkbox" defaultChecked={values?.byPost ?? false} />{" "}
            <label htmlFor="field-post">{t("batches.byPost")}</label>
          </p>
          <fieldset>
            <legend>{t("batches.form.legend")}</legend>
            <label htmlFor="field-title">{t("batches.form.title")}</label>
            <input id="field-title" name="title" type="text" required minLength={3} maxLength={200} defaultValue={values?.title ?? ""} />
            <label htmlFor="field-body">{t("batches.form.body")}</label>
            <textarea id="field-body" name="body" required minLength={10} maxLength={20000} defaultValue={values?.body ?? ""} />
            <label htmlFor="field-language">{t("batches.form.language")}</label>
            <select id="field-language" name="language" defaultValue={values?.language ?? ""}>
              <option value="">{t("batches.filter.any")}</option>
              {["fr", "nl", "de"].map((l) => (
                <option key={l} value={l}>
                  {t(`language.${l}` as MessageKey)}
                </option>
              ))}
            </select>
            <label htmlFor="field-postal">{t("batches.form.postal")}</label>
            <textarea id="field-postal" name="postalAddress" rows={3} defaultValue={values?.postalAddress ?? ""} />
          </fieldset>
          <p className="hint">{t("batches.throttle", { interval: loaded.throttle.sendIntervalSeconds, spacing: loaded.throttle.domainSpacingSeconds, ceiling: loaded.throttle.dailyCeiling })}</p>
          {plan.previews.length ? (
            <section aria-labelledby="batch-previews">
              <h2 id="batch-previews">{t("batches.preview.title")}</h2>
              {plan.previews.map((p) => (
                <article key={`${p.language}:${p.regime}`} data-testid="batch-preview" data-language={p.language}>
                  <h3>{t("batches.preview.one", { language: t(`language.${p.language}` as MessageKey), law: t(`region.${p.regime}` as MessageKey), count: p.count })}</h3>
                  <p>
                    <strong>{p.letter.subject}</strong>
                  </p>
                  <pre className="letter">{p.letter.text}</pre>
                </article>
              ))}
            </section>
          ) : null}
          <div className="actions-row">
            <button type="submit" name="intent" value="preview">
              {t("batches.form.preview")}
            </button>
            {result?.plan ? (
              <button type="submit" name="intent" value="send" className="primary">
                {t("batches.form.send", { count: plan.counts.email + plan.counts.post })}
              </button>
            ) : null}
          </div>
        </Form>
      ) : null}
    </section>
  );
}
