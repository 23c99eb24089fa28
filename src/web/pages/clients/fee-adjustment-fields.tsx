/**
 * The fee contract's yearly adjustment (reajuste anual) in the contract form: none, an index (IPCA, IGP-M,
 * INPC), a fixed percentage, or a multiple of the salário mínimo — applied on the contract's anniversary.
 * The state is what the user typed; `adjustmentBody` turns it into the request's `adjustment` (checked
 * against the shared schema, src/shared/schemas/fee-contract.ts, like the server does).
 */
import { Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { FeeContract } from '../../api/billing.js';
import { useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';

type Rule = NonNullable<FeeContract['adjustment']>;
type Method = Rule['method'] | 'none';
type Index = Extract<Rule, { method: 'index' }>['index'];

const INDEXES = ['IPCA', 'IGPM', 'INPC'] as const satisfies readonly Index[];

/** The adjustment as the form holds it (texts as typed, in pt-BR or English decimals). */
export interface AdjustmentState {
  method: Method;
  index: Index;
  percent: string;
  multiple: string;
}

/** `5,25` / `5.25` / `1.234,5` → the number; `null` when it is not one. */
function decimal(text: string): number | null {
  const s = text.trim().replace(/\s|%/g, '');
  if (!s) return null;
  // "1.234,56" (pt-BR) or "1234.56": a comma is the decimal mark when there is one.
  const normal = s.includes(',') ? s.replace(/\./g, '').replace(',', '.') : s;
  if (!/^-?\d+(\.\d+)?$/.test(normal)) return null;
  return Number(normal);
}

/** A number shown back in the user's language (`5,25` in pt-BR). */
const shown = (n: number, lang: string) => n.toLocaleString(lang, { maximumFractionDigits: 3 });

/** The form's state from the saved contract. */
export function adjustmentState(rule: FeeContract['adjustment'] | undefined, lang: string): AdjustmentState {
  return {
    method: rule?.method ?? 'none',
    index: rule?.method === 'index' ? rule.index : 'IPCA',
    percent: rule?.method === 'percentage' ? shown(rule.bp / 100, lang) : '',
    multiple: rule?.method === 'minimum_wage' ? shown(rule.mwMultiple / 1000, lang) : '',
  };
}

/**
 * The request's `adjustment`: null for none; the percentage in basis points and the multiple in
 * thousandths. A text that is not a number is sent as NaN, so the schema answers the field's own sentence.
 */
export function adjustmentBody(s: AdjustmentState): Rule | null {
  // Scaled and rounded at the third decimal, so 1,1 % is 110 bp (not 110.00000000000001) while 5,255 %
  // stays 525.5 and is refused ("até duas casas decimais").
  const scaled = (text: string, by: number) => {
    const n = decimal(text);
    return n === null ? Number.NaN : Math.round(n * by * 1000) / 1000;
  };
  switch (s.method) {
    case 'none':
      return null;
    case 'index':
      return { method: 'index', index: s.index };
    case 'percentage':
      return { method: 'percentage', bp: scaled(s.percent, 100) };
    case 'minimum_wage':
      return { method: 'minimum_wage', mwMultiple: scaled(s.multiple, 1000) };
  }
}

/** A server or schema path (`adjustment.bp`) as this form's field key. */
export const adjustmentFieldKey = (path: string[]) =>
  path[0] === 'adjustment' ? `adjustment.${path[1] ?? 'method'}` : (path[0] ?? null);

/** The rule in words, for the contract card: "IPCA", "5,25% fixo", "1,5 salário(s) mínimo(s)". */
export function useAdjustmentWords() {
  const t = useT();
  const b = t.billing;
  return (rule: FeeContract['adjustment'], lang: string) => {
    if (!rule) return b.adjustmentNone;
    if (rule.method === 'index') return b.adjustmentIndexWords(b.adjustmentIndexes[rule.index]);
    if (rule.method === 'percentage') return b.adjustmentPercentWords(shown(rule.bp / 100, lang));
    return b.adjustmentMultipleWords(shown(rule.mwMultiple / 1000, lang));
  };
}

export function AdjustmentFields({
  value,
  onChange,
  errors,
}: {
  value: AdjustmentState;
  onChange: (next: AdjustmentState) => void;
  errors: FieldErrors;
}) {
  const t = useT();
  const b = t.billing;
  const set = (patch: Partial<AdjustmentState>) => onChange({ ...value, ...patch });
  return (
    <Stack gap={6}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={b.adjustmentMethod}
          description={b.adjustmentMethodHint}
          data={(['none', 'index', 'percentage', 'minimum_wage'] as const).map((m) => ({
            value: m,
            label: b.adjustmentMethods[m],
          }))}
          value={value.method}
          allowDeselect={false}
          onChange={(v) => set({ method: (v ?? 'none') as Method })}
          error={errors['adjustment.method']}
        />
        {value.method === 'index' && (
          <Select
            label={b.adjustmentIndex}
            description={b.adjustmentIndexHint}
            data={INDEXES.map((i) => ({ value: i, label: b.adjustmentIndexes[i] }))}
            value={value.index}
            allowDeselect={false}
            onChange={(v) => set({ index: (v ?? 'IPCA') as Index })}
            error={errors['adjustment.index']}
          />
        )}
        {value.method === 'percentage' && (
          <TextInput
            label={b.adjustmentPercent}
            description={b.adjustmentPercentHint}
            inputMode="decimal"
            rightSection="%"
            value={value.percent}
            onChange={(e) => set({ percent: e.currentTarget.value })}
            error={errors['adjustment.bp']}
          />
        )}
        {value.method === 'minimum_wage' && (
          <TextInput
            label={b.adjustmentMultiple}
            description={b.adjustmentMultipleHint}
            inputMode="decimal"
            value={value.multiple}
            onChange={(e) => set({ multiple: e.currentTarget.value })}
            error={errors['adjustment.mwMultiple']}
          />
        )}
      </SimpleGrid>
    </Stack>
  );
}
