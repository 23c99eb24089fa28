import { TextInput, type TextInputProps } from '@mantine/core';
import { maskPeriodInput } from '../api/billing.js';

/**
 * A month field, `mm/aaaa` (a competência, an index month): the numeric keyboard on phones and the slash
 * put in as the digits are typed. `onChange` gets the masked text.
 */
export function PeriodInput({
  onChange,
  ...props
}: Omit<TextInputProps, 'onChange'> & { onChange: (value: string) => void }) {
  return (
    <TextInput
      inputMode="numeric"
      onChange={(e) => onChange(maskPeriodInput(e.currentTarget.value))}
      {...props}
    />
  );
}
