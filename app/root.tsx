import { data as withHeaders, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { csrfToken } from "./auth/csrf.server";
import { getUser } from "./auth/session.server";
import { SiteFooter, SiteHeader } from "./components/site-header";
import { getLocale } from "./i18n/locale.server";
import { languageAlternates, type LanguageAlternate } from "./i18n/alternates";
import { useLocale, useT } from "./i18n/use-t";
import stylesUrl from "./styles.css?url";
import { translate, type MessageKey } from "../core/i18n/index";
import { metaLocale, pageTitle } from "./utils/meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/**
 * Pages set their own title (app/utils/meta.ts); this one is seen only on an
 * error page, where it names the error.
 */
export const meta: MetaFunction = ({ error, matches }) => {
  const locale = metaLocale(matches);
  if (!error) return [{ title: translate(locale, "site.name") }];
  return [{ title: pageTitle(locale, translate(locale, errorMessages(errorStatus(error)).title)) }, { name: "robots", content: "noindex" }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  // A page kept for every anonymous visitor carries no token: its forms pass with the form cookie (app/auth/csrf.server.ts).
  const csrf = context.publicPage ? { token: "", setCookie: null } : csrfToken(request, context.config.secret);
  const user = await getUser(request, context.db);
  const data = {
    locale: await getLocale(request),
    alternates: languageAlternates(request.url, context.config.baseUrl),
    cspNonce: context.cspNonce,
    csrfToken: csrf.token,
    user: user ? { id: user.id, displayName: user.display_name, role: user.role } : null,
  };
  return withHeaders(data, csrf.setCookie ? { headers: { "Set-Cookie": csrf.setCookie } } : undefined);
}

/** Pages without their own `headers` inherit this one: it carries the CSRF cookie. */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const out = new Headers();
  const cookie = loaderHeaders.get("Set-Cookie");
  if (cookie) out.set("Set-Cookie", cookie);
  return out;
};

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const data = useRouteLoaderData("root") as { cspNonce?: string; alternates?: LanguageAlternate[] } | undefined;
  const nonce = data?.cspNonce;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {(data?.alternates ?? []).map((a) => (
          <link key={a.hrefLang} rel="alternate" hrefLang={a.hrefLang} href={a.href} />
        ))}
      </head>
      <body>
        <SiteHeader />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

function errorStatus(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500;
}

/** Each error status its own heading and explanation (a 403 is not "something went wrong"). */
function errorMessages(status: number): { title: MessageKey; text: MessageKey } {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return { title: "error.badRequest.title", text: "error.badRequest.text" };
    case 401:
    case 403:
      return { title: "error.forbidden.title", text: "error.forbidden.text" };
    case 404:
    case 405:
      return { title: "error.notFound.title", text: "error.notFound.text" };
    case 410:
      return { title: "error.gone.title", text: "error.gone.text" };
    case 429:
      return { title: "error.rateLimited.title", text: "error.rateLimited.text" };
    default:
      return { title: "error.server.title", text: "error.server.text" };
  }
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = errorStatus(error);
  const messages = errorMessages(status);
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error-page">
      <h1>{t(messages.title)}</h1>
      <p>{t(messages.text)}</p>
      <p className="error-status">{t("error.status", { status })}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  );
}
