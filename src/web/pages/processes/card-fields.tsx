import { Checkbox, NumberInput, Select, TextInput } from '@mantine/core';
import type { ProcessField } from '../../api/processes.js';
import { DateField } from '../../components/date-text-input.js';
import { formatDate, formatMoney } from '../../lib/format.js';

export const moneyInput = {
  prefix: 'R$ ',
  decimalSeparator: ',',
  thousandSeparator: '.',
  decimalScale: 2,
  fixedDecimalScale: true,
  allowNegative: false,
  hideControls: true,
  min: 0,
} as const;

/** Reais typed in a money input (number or text) → cents, or null when empty. */
export function toCents(value: number | string | null | undefined): number | null {
  if (value === '' || value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/** One input per field of the pipeline, by type; `errors` keyed `fields.<key>`. */
export function CardFieldInputs({
  fields,
  values,
  onChange,
  errors,
}: {
  fields: readonly Pick<ProcessField, 'key' | 'label' | 'type' | 'options' | 'required'>[];
  values: Record<string, unknown>;
  onChange: (key: string, value: unknown) => void;
  errors: Record<string, string | undefined>;
}) {
  return fields.map((f) => {
    const error = errors[`fields.${f.key}`];
    const v = values[f.key];
    const common = { label: f.label, required: f.required, error };
    switch (f.type) {
      case 'text':
        return (
          <TextInput
            key={f.key}
            {...common}
            value={(v as string) ?? ''}
            onChange={(e) => onChange(f.key, e.currentTarget.value || null)}
          />
        );
      case 'number':
        return (
          <NumberInput
            key={f.key}
            {...common}
            decimalSeparator=","
            thousandSeparator="."
            value={typeof v === 'number' ? v : ''}
            onChange={(n) => onChange(f.key, n === '' ? null : Number(n))}
          />
        );
      case 'money':
        return (
          <NumberInput
            key={f.key}
            {...common}
            {...moneyInput}
            value={typeof v === 'number' ? v / 100 : ''}
            onChange={(n) => onChange(f.key, toCents(n))}
          />
        );
      case 'date':
        return (
          <DateField
            key={f.key}
            {...common}
            value={(v as string) ?? ''}
            onChange={(d) => onChange(f.key, d || null)}
          />
        );
      case 'boolean':
        return (
          <Checkbox
            key={f.key}
            label={f.label}
            error={error}
            checked={v === true}
            onChange={(e) => onChange(f.key, e.currentTarget.checked)}
          />
        );
      case 'select':
        return (
          <Select
            key={f.key}
            {...common}
            clearable={!f.required}
            data={(f.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
            value={(v as string) ?? null}
            onChange={(s) => onChange(f.key, s)}
          />
        );
    }
    return null;
  });
}

/** A field's value as text for reading (money, dates, yes/no, the option's label). */
export function fieldText(
  field: Pick<ProcessField, 'type' | 'options'>,
  value: unknown,
  yesNo: [string, string],
): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field.type) {
    case 'money':
      return formatMoney(Number(value));
    case 'date':
      return formatDate(String(value));
    case 'boolean':
      return value === true ? yesNo[0] : yesNo[1];
    case 'select':
      return field.options?.find((o) => o.value === value)?.label ?? String(value);
    case 'number':
      return Number(value).toLocaleString('pt-BR');
    default:
      return String(value);
  }
}
