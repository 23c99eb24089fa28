import { getLang } from '../i18n/lang.js';
import type { FieldProblem, Problem } from './types.js';

/** A failed API call, carrying the problem+json the server sent (or one made up for network failures). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly problem: Problem;

  constructor(problem: Problem) {
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

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  body?: BodyInit;
  contentType?: string;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Do not send the browser to /login on a 401 (login itself, the session probe, password change). */
  noAuthRedirect?: boolean;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readProblem(res: Response): Promise<Problem> {
  const fallback: Problem = { status: res.status, code: `http.${res.status}`, detail: res.statusText };
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

/**
 * The one fetch wrapper of the web app: JSON in and out, the session cookie, the chosen language and
 * the CSRF token on every write. Throws {@link ApiError}; sends the browser to /login on a 401.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': getLang(),
  };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    body = options.body;
    if (options.contentType) headers['Content-Type'] = options.contentType;
  }
  if (method !== 'GET') {
    if (!options.noAuthRedirect) await ensureCsrfToken();
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', detail: '' });
  }

  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401 && !options.noAuthRedirect) {
      csrfToken = null;
      redirectToLogin();
    }
    throw new ApiError(problem);
  }
  if (res.status === 204 || res.headers.get('content-length') === '0') return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    request<T>(path, { query, signal }),
  post: <T>(path: string, json?: unknown, options?: Omit<RequestOptions, 'method' | 'json'>) =>
    request<T>(path, { ...options, method: 'POST', json: json ?? {} }),
  patch: <T>(path: string, json: unknown) => request<T>(path, { method: 'PATCH', json }),
  put: <T>(path: string, json: unknown) => request<T>(path, { method: 'PUT', json }),
  delete: <T = void>(path: string) => request<T>(path, { method: 'DELETE' }),
};
