import { useState } from 'react';
import { useServerErrors } from './use-server-errors.js';

/**
 * A form's values and errors: `set(field, value)` changes one value and clears its error, `text(field)`
 * binds a text input (value, onChange, error), `reset()` starts over (values and errors), and everything
 * of {@link useServerErrors} comes along.
 *
 * @example
 * const form = useFormState(() => ({ name: '', notes: '' }));
 * <TextInput label={t.contacts.name} {...form.text('name')} />
 */
export function useFormState<T extends Record<string, unknown>>(initial: () => T) {
  const server = useServerErrors();
  const [values, setValues] = useState<T>(initial);
  const set = <K extends keyof T & string>(field: K, value: T[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (server.errors[field]) server.setErrors(({ [field]: _, ...rest }) => rest);
  };
  const text = <K extends keyof T & string>(field: K) => ({
    value: values[field] as string,
    onChange: (e: { currentTarget: { value: string } }) => set(field, e.currentTarget.value as T[K]),
    error: server.errors[field],
  });
  const reset = () => {
    setValues(initial());
    server.setErrors({});
    server.setFormError(null);
  };
  return { ...server, values, set, text, reset };
}
