import { useState } from 'react';
import type { ZodType } from 'zod';
import { isApiError } from '../api/client.js';
import { mapServerErrors, schemaErrors } from '../lib/form-errors.js';

/**
 * The state of a form of one name (a profession, an API token): the text, its error — the sentence of the
 * server's request `schema` before sending, the server's own after a refused save — and the input's
 * binding, which clears the error as the user types.
 *
 * @example
 * const name = useNameField(professionBody);
 * const create = useMutation({ mutationFn: () => …{ name: name.value.trim() }…, onError: name.showServerError });
 * const submit = submitWith(() => name.check() && create.mutate());
 * <LimitedTextInput field={professionBody.shape.name} label={t.professions.name} {...name.input} />
 */
export function useNameField(schema: ZodType, initial = '') {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  return {
    value,
    setValue,
    input: {
      value,
      onChange: (e: { currentTarget: { value: string } }) => {
        setValue(e.currentTarget.value);
        setError(null);
      },
      error,
    },
    /** Whether the name passes the schema; if not, the schema's sentence shows under the field. */
    check: () => {
      const found = schemaErrors(schema, { name: value }).name;
      if (found) setError(found);
      return !found;
    },
    /** A refused save: the server's sentence about the name, if any, under the field. */
    showServerError: (e: unknown) =>
      setError(isApiError(e) ? (mapServerErrors(e).fields.name ?? null) : null),
  };
}
