import type { QueryKey } from '@tanstack/react-query';
import createClient, {
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import { getLang } from '../i18n/lang.js';
import type { paths } from './schema.js';

/**
 * The web app's HTTP client. Paths, parameters, bodies and answers are the server's, generated from its
 * route schemas into `schema.d.ts` (`npm run api:types`): a call the server would refuse, or an answer
 * read as something the server does not send, is a compile error.
 *
 * ```ts
 * const client = await ok(http.GET('/api/clients/{id}', { params: { path: { id } } }));
 * ```
 *
 * Every call carries the session cookie, the chosen language and, on writes, the CSRF token; a failure
 * throws {@link ApiError} with the server's problem document (and a 401 sends the browser to /login).
 */

/** A problem document as the server sends it (RFC 9457, with a stable `code` and field `errors`). */
export type Problem = paths['/api/clients']['post']['responses'][400]['content']['application/problem+json'];
/** One field's error in a `http.validation_failed` problem. */
export type FieldProblem = NonNullable<Problem['errors']>[number];

/** A failed API call, carrying the problem+json the server sent (or one made up for network failures). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly problem: Partial<Problem> & { status: number; code: string; detail: string };

  constructor(problem: ApiError['problem']) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.problem = problem;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;

/** Remembers the CSRF token handed out by `/api/auth/me` (and the login response). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Header that asks not to send the browser to /login on a 401 (login itself, the session probe, the
 * password change); `send` removes it before the request leaves.
 */
export const NO_AUTH_REDIRECT = { 'X-No-Auth-Redirect': '1' } as const;

export type QueryValue = string | number | boolean | null | undefined;

/** A query string without the empty values (`undefined`, `null`, `''`); arrays repeat their key. */
export function queryString(query: Record<string, unknown> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of (Array.isArray(value) ? value : [value]) as QueryValue[]) {
      if (v === undefined || v === null || v === '') continue;
      params.append(key, String(v));
    }
  }
  return params.toString();
}

type ParamNames<S> = S extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never;
/** `{ id: string }` for `/api/invoices/{id}/pdf`: the names in braces, read from the path itself. */
type PathParamsOf<P> = Record<ParamNames<P>, string>;

/**
 * The URL of an API path, for what the browser fetches by itself (a download link, an image, an
 * `EventSource`): `apiUrl('/api/invoices/{id}/pdf', { id })`.
 */
export function apiUrl<P extends keyof paths>(
  path: P,
  params?: PathParamsOf<P>,
  query?: Record<string, unknown>,
): string {
  const filled = (path as string).replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String((params as Record<string, unknown> | undefined)?.[name] ?? '')),
  );
  const qs = queryString(query);
  return qs ? `${filled}?${qs}` : filled;
}

async function readProblem(res: Response): Promise<ApiError['problem']> {
  const fallback = { status: res.status, code: `http.${res.status}`, detail: res.statusText };
  try {
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      const body = (await res.json()) as Partial<Problem>;
      return {
        ...fallback,
        ...body,
        status: typeof body.status === 'number' ? body.status : res.status,
        detail: body.detail ?? body.title ?? res.statusText,
      };
    }
    const text = await res.text();
    return { ...fallback, detail: text.slice(0, 300) || res.statusText };
  } catch {
    return fallback;
  }
}

function redirectToLogin(): void {
  const { pathname, search } = window.location;
  if (pathname === '/login') return;
  const next = encodeURIComponent(pathname + search);
  window.location.assign(`/login?next=${next}`);
}

/** Fetches the session probe once when a write is about to go out without a CSRF token. */
async function ensureCsrfToken(): Promise<void> {
  if (csrfToken) return;
  try {
    const res = await fetch('/api/auth/me', {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': getLang() },
    });
    if (res.ok) {
      const me = (await res.json()) as { csrfToken?: string };
      csrfToken = me.csrfToken ?? null;
    }
  } catch {
    // The request below will report the failure.
  }
}

/** The one `fetch` of the web app: language, CSRF, and every failure turned into an {@link ApiError}. */
async function send(input: Request): Promise<Response> {
  const headers = new Headers(input.headers);
  const noAuthRedirect = headers.has('X-No-Auth-Redirect');
  headers.delete('X-No-Auth-Redirect');
  headers.set('Accept', 'application/json, application/problem+json');
  headers.set('Accept-Language', getLang());
  if (input.method !== 'GET' && input.method !== 'HEAD') {
    if (!noAuthRedirect) await ensureCsrfToken();
    if (csrfToken) headers.set('X-CSRF-Token', csrfToken);
  }
  let res: Response;
  try {
    res = await fetch(new Request(input, { headers, credentials: 'same-origin' }));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', detail: '' });
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401 && !noAuthRedirect) {
      csrfToken = null;
      redirectToLogin();
    }
    throw new ApiError(problem);
  }
  return res;
}

/**
 * The headers of a write the browser sends by itself rather than through {@link http} (an upload with a
 * progress bar goes through `XMLHttpRequest`): the language and, for the office's pages, the CSRF token.
 */
export async function writeHeaders(options: { csrf: boolean }): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': getLang(),
  };
  if (options.csrf) {
    await ensureCsrfToken();
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  return headers;
}

/** The {@link ApiError} of a failed answer read as text (what an `XMLHttpRequest` hands back). */
export function apiErrorFromText(status: number, contentType: string, text: string): ApiError {
  const fallback = { status, code: status === 0 ? 'network' : `http.${status}`, detail: '' };
  if (contentType.includes('json')) {
    try {
      const body = JSON.parse(text) as Partial<Problem>;
      return new ApiError({
        ...fallback,
        ...body,
        status: typeof body.status === 'number' ? body.status : status,
        detail: body.detail ?? body.title ?? '',
      });
    } catch {
      // Not JSON after all: the text below.
    }
  }
  return new ApiError({ ...fallback, detail: text.slice(0, 300) });
}

/** The typed client (openapi-fetch over the generated `paths`). Unwrap its answers with {@link ok}. */
const baseUrl = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;

export const http = createClient<paths>({
  baseUrl,
  fetch: send,
  querySerializer: (query) => queryString(query as Record<string, unknown>),
});

/**
 * The data of a call made with {@link http}. Failures never get here: `send` throws them as
 * {@link ApiError}, so what is left is the success answer the route documents.
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}

/** A path the API answers with GET. */
type GetPath = ClientPathsWithMethod<typeof http, 'get'>;
/** What a GET of `P` answers with when it succeeds. */
type GetData<P extends GetPath> = NonNullable<
  FetchResponse<paths[P]['get'], undefined, 'application/json'>['data']
>;

/**
 * The key and the `queryFn` of a query that GETs one path of the API (the path and its parameters as
 * {@link http} takes them; the query's abort signal is added). Spread it into `useQuery`:
 *
 * ```ts
 * useQuery({ ...getQuery(taskKeys.task(id), '/api/tasks/{id}', { params: { path: { id } } }), enabled });
 * ```
 */
export function getQuery<K extends QueryKey, P extends GetPath>(
  queryKey: K,
  path: P,
  ...init: MaybeOptionalInit<paths[P], 'get'> extends infer I ? (undefined extends I ? [I?] : [I]) : never
): { queryKey: K; queryFn: (context: { signal: AbortSignal }) => Promise<GetData<P>> } {
  // `http.GET` types its answer from a literal path; here the path is generic, so the answer is typed above.
  const get = http.GET as (path: string, init: object) => Promise<{ data?: unknown; response: Response }>;
  return {
    queryKey,
    queryFn: ({ signal }) =>
      ok(get(path, { ...(init[0] as object | undefined), signal })) as Promise<GetData<P>>,
  };
}

/** A boolean query parameter as the API reads it (`'true'` / `'false'`; left out when undefined). */
export function queryBool(value: boolean | undefined): 'true' | 'false' | undefined {
  return value === undefined ? undefined : value ? 'true' : 'false';
}

/** `value` if it is one of `values` (a filter read from the URL), else `undefined`: `oneOf(['a', 'b'], 'a')`. */
export function oneOf<T extends string>(
  values: readonly T[],
  value: string | null | undefined,
): T | undefined {
  return values.find((v) => v === value);
}
