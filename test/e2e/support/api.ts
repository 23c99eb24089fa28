import type { Page } from 'playwright-core';
import { loginAsDemoAdmin } from '../harness.js';

/**
 * A JSON call to the API with the page's session and CSRF token, in pt-BR: the set-up and the checks a
 * screen is not about. Answers the status and the JSON body (null when there is none).
 */
export async function callApi(page: Page, method: string, path: string, data?: unknown) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const res = await page.request.fetch(path, {
    method,
    headers: { 'X-CSRF-Token': me.csrfToken, 'Accept-Language': 'pt-BR' },
    ...(data === undefined ? {} : { data }),
  });
  return { status: res.status(), body: await res.json().catch(() => null) };
}

/** `callApi` that must succeed: answers the body of a 2xx, and throws with the status and body otherwise. */
export async function apiOk(page: Page, method: string, path: string, data?: unknown) {
  const { status, body } = await callApi(page, method, path, data);
  if (status >= 300) throw new Error(`${method} ${path} → ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Signs in as the demo administrator unless the page's session is already there (each test may run alone). */
export async function signIn(page: Page): Promise<void> {
  await page.goto('/login');
  const email = page.getByLabel('E-mail');
  await Promise.race([email.waitFor(), page.waitForURL(/\/clients$/)]);
  if (!page.url().endsWith('/clients')) await loginAsDemoAdmin(page);
}
