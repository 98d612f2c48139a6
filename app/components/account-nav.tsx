import { Form, NavLink, useRouteLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { useT } from "~/i18n/use-t";

type RootUser = { id: number; displayName: string; role: string } | null;

/** The header's account links: log in / sign up, or my requests, account and log out. */
export function AccountNav() {
  const t = useT();
  const data = useRouteLoaderData("root") as { user?: RootUser } | undefined;
  const user = data?.user ?? null;
  if (!user) {
    return (
      <>
        <li>
          <NavLink to="/login">{t("nav.login")}</NavLink>
        </li>
        <li>
          <NavLink to="/signup">{t("nav.signup")}</NavLink>
        </li>
      </>
    );
  }
  return (
    <>
      <li>
        <NavLink to="/my-requests">{t("nav.myRequests")}</NavLink>
      </li>
      <li>
        <NavLink to="/batches">{t("batches.mine.nav")}</NavLink>
      </li>
      <li>
        <NavLink to="/following">{t("watch.nav.following")}</NavLink>
      </li>
      <li>
        <NavLink to="/account">{t("nav.account")}</NavLink>
      </li>
      {user.role === "admin" ? (
        <li>
          <NavLink to="/admin/outbox">{t("nav.outbox")}</NavLink>
        </li>
      ) : null}
      <li>
        <Form method="post" action="/logout" className="inline-form">
          <CsrfInput />
          <button type="submit" className="link-button">
            {t("nav.logout")}
          </button>
        </Form>
      </li>
    </>
  );
}
