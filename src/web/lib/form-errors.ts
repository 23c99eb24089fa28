import type { ZodType } from 'zod';
import { toFieldIssues } from '../../shared/schemas/messages.js';
import { isApiError } from '../api/client.js';
import { getLang } from '../i18n/lang.js';
import { parseBrDate } from './format.js';

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

/**
 * A form's errors by the request schema the server validates with (src/shared/schemas): the body the form
 * is about to send is checked here first, so each field shows the very sentence the server would answer,
 * in the user's language; `{}` when it is valid. `resolve` maps a path (`emails.1`) to a field key, as in
 * {@link mapServerErrors}; by default the first segment.
 *
 * ```ts
 * const found = schemaErrors(createContactBody, body);
 * if (Object.keys(found).length) return setErrors(found);
 * ```
 */
export function schemaErrors(
  schema: ZodType,
  value: unknown,
  resolve: (path: string[]) => string | null = (path) => path[0] ?? null,
): FieldErrors {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return {};
  const lang = getLang();
  const fields: FieldErrors = {};
  for (const issue of toFieldIssues(result.error.issues)) {
    const key = resolve(issue.field.split('.'));
    if (key !== null && !fields[key]) fields[key] = issue.message[lang];
  }
  return fields;
}

/**
 * A `dd/mm/aaaa` input as a request body takes it: the ISO date when it is one, `undefined` when empty
 * (the schema says "Campo obrigatório." where the date is required), or the text as typed, so that the
 * schema answers why it is not a date.
 */
export function dateInput(text: string): string | undefined {
  const parsed = parseBrDate(text);
  return parsed === null ? undefined : (parsed ?? text.trim());
}
