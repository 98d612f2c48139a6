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
import { useLocale, useT } from "./i18n/use-t";
import stylesUrl from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Dossier" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const csrf = csrfToken(request, context.config.secret);
  const user = await getUser(request, context.db);
  const data = {
    locale: await getLocale(request),
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
  const data = useRouteLoaderData("root") as { cspNonce?: string } | undefined;
  const nonce = data?.cspNonce;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
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

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error-page">
      <h1>{notFound ? t("error.notFound.title") : t("error.server.title")}</h1>
      <p>{notFound ? t("error.notFound.text") : t("error.server.text")}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  );
}
