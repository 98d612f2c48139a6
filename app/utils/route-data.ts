import type { UNSAFE_DataWithResponseInit as DataWithResponseInit } from "@remix-run/router";

/**
 * The data a loader or action returns, unwrapped from `data(value, init)`
 * (single fetch). Used as `useActionData() as RouteData<typeof action>`.
 */
type Unwrap<R> = R extends DataWithResponseInit<infer D> ? D : R extends Response ? never : R;
export type RouteData<F> = F extends (...args: any[]) => Promise<infer R> ? Unwrap<R> : never;
