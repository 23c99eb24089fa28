import { TextInput, type TextInputProps } from '@mantine/core';
import { useT } from '../i18n/index.js';
import { maskDateInput } from '../lib/format.js';

/**
 * A day typed as `dd/mm/aaaa` (`dd/mm/yyyy` in English): digits only, the slashes put in as one types.
 * `onChange` receives the masked text; parsing it is the form's job (`parseDateInput`).
 */
export function DateTextInput({
  onChange,
  ...props
}: Omit<TextInputProps, 'onChange' | 'value'> & { value: string; onChange: (value: string) => void }) {
  const t = useT();
  return (
    <TextInput
      placeholder={t.certificates.datePlaceholder}
      inputMode="numeric"
      {...props}
      onChange={(e) => onChange(maskDateInput(e.currentTarget.value))}
    />
  );
}
