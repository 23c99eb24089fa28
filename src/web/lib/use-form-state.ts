import { useCallback, useState } from 'react';
import { useServerErrors } from './use-server-errors.js';

/** What `text(field)` of {@link useFormState} spreads on a text input. */
export interface TextBinding {
  value: string;
  onChange: (e: { currentTarget: { value: string } }) => void;
  error: string | undefined;
}

/**
 * A form's values and errors: `set(field, value)` changes one value and clears its error, `text(field)`
 * binds a text input (value, onChange with an event, error), `input(field)` an input whose onChange gets
 * the value itself (Select, NumberInput, Autocomplete, MultiSelect), `checkbox(field)` a Switch or
 * Checkbox, `reset()` starts over (values and errors), and everything of {@link useServerErrors} comes
 * along.
 *
 * @example
 * const form = useFormState(() => ({ name: '', value: '' as number | string, active: true }));
 * <TextInput label={t.services.name} {...form.text('name')} />
 * <NumberInput label={t.services.defaultValue} {...form.input('value')} />
 * <Switch label={t.services.active} {...form.checkbox('active')} />
 */
export function useFormState<T extends Record<string, unknown>>(initial: () => T) {
  const server = useServerErrors();
  const [values, setValues] = useState<T>(initial);
  const { setErrors } = server;
  // Stable, so an effect may fill the form (values loaded after the form opened).
  const set = useCallback(
    <K extends keyof T & string>(field: K, value: T[K]) => {
      setValues((v) => ({ ...v, [field]: value }));
      setErrors((errors) => {
        if (!errors[field]) return errors;
        const { [field]: _, ...rest } = errors;
        return rest;
      });
    },
    [setErrors],
  );
  const text = <K extends keyof T & string>(field: K): TextBinding => ({
    value: values[field] as string,
    onChange: (e: { currentTarget: { value: string } }) => set(field, e.currentTarget.value as T[K]),
    error: server.errors[field],
  });
  const input = <K extends keyof T & string>(field: K) => ({
    value: values[field],
    onChange: (value: T[K]) => set(field, value),
    error: server.errors[field],
  });
  const checkbox = <K extends keyof T & string>(field: K) => ({
    checked: values[field] as boolean,
    onChange: (e: { currentTarget: { checked: boolean } }) => set(field, e.currentTarget.checked as T[K]),
  });
  const reset = () => {
    setValues(initial());
    server.setErrors({});
    server.setFormError(null);
  };
  return { ...server, values, set, text, input, checkbox, reset };
}
