import { Checkbox, NumberInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Pipeline, ProcessField } from '../../api/processes.js';
import { useUsers } from '../../api/queries.js';
import { ClientSelect } from '../../components/client-select.js';
import { DateField } from '../../components/date-text-input.js';
import { moneyInputProps } from '../../components/money-input-props.js';
import { useT } from '../../i18n/index.js';
import { formatDate, formatMoney } from '../../lib/format.js';

/** Reais typed in a money input (number or text) → cents, or null when empty. */
function toCents(value: number | string | null | undefined): number | null {
  if (value === '' || value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/** What a card's form edits besides its own fields: the value in reais as typed, the date yyyy-mm-dd or ''. */
export interface CardDraft {
  title: string;
  clientId: string | null;
  responsibleId: string | null;
  value: number | string;
  dueDate: string;
}

/** A card's draft as the API takes it (value in cents, an empty date as null). */
export function cardBody(draft: CardDraft) {
  return {
    title: draft.title,
    clientId: draft.clientId,
    responsibleId: draft.responsibleId,
    valueCents: toCents(draft.value) ?? 0,
    dueDate: draft.dueDate || null,
  };
}

/** A card form's state: the draft of the inputs every card has, and the values of the pipeline's fields. */
export function useCardDraft(initial: () => { draft: CardDraft; fields: Record<string, unknown> }) {
  const [state, setState] = useState(initial);
  return {
    ...state,
    setDraft: (draft: CardDraft) => setState((s) => ({ ...s, draft })),
    setField: (key: string, value: unknown) =>
      setState((s) => ({ ...s, fields: { ...s.fields, [key]: value } })),
  };
}

/**
 * A card's inputs: those every card has, then one per field of the pipeline. `wide` (the card's page) sets
 * them in two columns, the pipeline's fields under their heading.
 */
export function CardInputs({
  pipeline,
  card,
  errors,
  clientName,
  autoFocus,
  wide = false,
}: {
  pipeline: Pipeline;
  card: ReturnType<typeof useCardDraft>;
  errors: Record<string, string | undefined>;
  clientName?: string | null;
  autoFocus?: boolean;
  wide?: boolean;
}) {
  const t = useT();
  const main = <CardMainInputs card={card} errors={errors} clientName={clientName} autoFocus={autoFocus} />;
  const own = (
    <CardFieldInputs fields={pipeline.fields} values={card.fields} onChange={card.setField} errors={errors} />
  );
  if (!wide) {
    return (
      <>
        {main}
        {own}
      </>
    );
  }
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>{main}</SimpleGrid>
      {pipeline.fields.length > 0 && (
        <>
          <Text fw={600} size="sm" mt="sm">
            {t.processes.fields}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>{own}</SimpleGrid>
        </>
      )}
    </>
  );
}

/** The inputs every card has (title, client, responsible, value, due date). */
function CardMainInputs({
  card: { draft, setDraft: onChange },
  errors,
  clientName,
  autoFocus = false,
}: {
  card: Pick<ReturnType<typeof useCardDraft>, 'draft' | 'setDraft'>;
  errors: Partial<Record<keyof CardDraft | 'valueCents', string>>;
  /** The chosen client's name, shown until the client list holds it. */
  clientName?: string | null;
  autoFocus?: boolean;
}) {
  const t = useT();
  const users = useUsers({ active: true });
  const set = <K extends keyof CardDraft>(key: K, value: CardDraft[K]) =>
    onChange({ ...draft, [key]: value });
  return (
    <>
      <TextInput
        label={t.processes.cardTitle}
        required
        data-autofocus={autoFocus || undefined}
        value={draft.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        error={errors.title}
      />
      <ClientSelect
        label={t.processes.client}
        clearable
        value={draft.clientId}
        selectedName={clientName}
        onChange={(id) => set('clientId', id)}
        error={errors.clientId}
      />
      <Select
        label={t.processes.responsible}
        clearable
        searchable
        data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={draft.responsibleId}
        onChange={(id) => set('responsibleId', id)}
        error={errors.responsibleId}
      />
      <NumberInput
        label={t.processes.value}
        {...moneyInputProps}
        value={draft.value}
        onChange={(v) => set('value', v)}
        error={errors.valueCents}
      />
      <DateField
        label={t.processes.dueDate}
        value={draft.dueDate}
        onChange={(d) => set('dueDate', d)}
        error={errors.dueDate}
      />
    </>
  );
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
            {...moneyInputProps}
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
