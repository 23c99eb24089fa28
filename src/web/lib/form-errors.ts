import { isApiError } from '../api/client.js';

export type FieldErrors = Record<string, string>;

/**
 * Spreads a problem's `errors[]` over the form's fields. `resolve` maps a server dot path
 * (`document`, `emails.1`, `responsibles.0.userId`) to a form field key, or `null` when the form has
 * no matching input; those messages come back in `unmatched` so the form can show them above.
 */
export function mapServerErrors(
  error: unknown,
  resolve: (path: string[]) => string | null = (path) => path[0] ?? null,
): { fields: FieldErrors; unmatched: string[] } {
  const fields: FieldErrors = {};
  const unmatched: string[] = [];
  if (!isApiError(error)) return { fields, unmatched };
  for (const issue of error.errors) {
    const key = resolve(issue.field.split('.'));
    if (key === null) {
      unmatched.push(issue.message);
    } else if (!fields[key]) {
      fields[key] = issue.message;
    }
  }
  return { fields, unmatched };
}

/** Scrolls to and focuses the first input that shows an error. */
export function focusFirstError(): void {
  requestAnimationFrame(() => {
    const input = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!input) return;
    input.scrollIntoView({ block: 'center', behavior: 'smooth' });
    input.focus({ preventScroll: true });
  });
}
