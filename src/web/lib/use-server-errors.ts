import { useState } from 'react';
import type { ZodType } from 'zod';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { type FieldErrors, focusFirstError, mapServerErrors, schemaErrors } from './form-errors.js';
import { errorMessage, notifyError } from './notify.js';

/**
 * A form's error state and how a failed save fills it: each server message on its field, and above the
 * form the first message no field takes — or, when no field took any, the error's own message.
 * `resolve` maps a server path to a field key, as in `mapServerErrors`.
 */
export function useServerErrors() {
  const t = useT();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const showServerError = (error: unknown, resolve?: (path: string[]) => string | null) => {
    const { fields, unmatched } = mapServerErrors(error, resolve);
    setErrors(fields);
    setFormError(unmatched[0] ?? (Object.keys(fields).length === 0 ? errorMessage(error, t) : null));
  };
  /**
   * A save the server refused: what the user can fix (a 4xx) goes on the form, the first field with an
   * error focused; anything else (the server down, a 5xx) is a notification, the form left as typed.
   */
  const showSaveError = (error: unknown, resolve?: (path: string[]) => string | null) => {
    if (!isApiError(error) || error.status >= 500 || error.status === 0) {
      notifyError(error);
      return;
    }
    showServerError(error, resolve);
    focusFirstError();
  };
  /**
   * Options to spread into a form's save mutation: its errors stay in the form (no notification) and
   * fill it. `useMutation({ mutationFn, ...formSave, onSuccess })`.
   */
  const formSave = { meta: { silent: true }, onError: (error: unknown) => showServerError(error) };
  /**
   * Checks the body the form is about to send with the server's request schema: each field shows the
   * sentence the server would answer (the first one focused), the form's own error is cleared, and the
   * answer is whether the body is valid. `if (checkWith(createServiceBody, body)) save.mutate(body);`
   * `own` holds what the form checks itself (a file's size), over the schema's sentences.
   */
  const checkWith = (schema: ZodType, body: unknown, own: FieldErrors = {}) => {
    const found = { ...schemaErrors(schema, body), ...own };
    setErrors(found);
    setFormError(null);
    const valid = Object.keys(found).length === 0;
    if (!valid) focusFirstError();
    return valid;
  };
  return { errors, setErrors, formError, setFormError, showServerError, showSaveError, formSave, checkWith };
}
