import {
  Code,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Popover,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconBraces } from '@tabler/icons-react';
import { Fragment } from 'react';
import { useTemplates, useUsers } from '../../api/queries.js';
import { ClientSelect } from '../../components/client-select.js';
import { DateField } from '../../components/date-text-input.js';
import { useLang, useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { MoneyInput } from '../billing/invoice-parts.js';
import type { ConditionField } from './condition-logic.js';
import { type FieldSpec, type FormValues, initialValues } from './schema-form.js';

/** "Variáveis": the Liquid names a text may use, each inserted at the end of the text by a click. */
function LiquidHelp({
  variables,
  onInsert,
}: {
  variables: readonly string[];
  onInsert: (v: string) => void;
}) {
  const t = useT();
  const a = t.automation;
  return (
    <Popover width={300} position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <UnstyledButton aria-label={a.liquidVariables} style={{ fontSize: 12 }}>
          <Group gap={4} c="brand">
            <IconBraces size={14} aria-hidden />
            {a.liquidVariables}
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" c="dimmed" mb={6}>
          {a.liquidHint}
        </Text>
        <Stack gap={2} mah={240} style={{ overflowY: 'auto' }}>
          {variables.map((v) => (
            <UnstyledButton key={v} onClick={() => onInsert(`{{ ${v} }}`)}>
              <Code>{`{{ ${v} }}`}</Code>
            </UnstyledButton>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function TemplatePicker({
  field,
  value,
  onChange,
  error,
}: {
  field: Extract<FieldSpec, { kind: 'template' }>;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const [lang] = useLang();
  const templates = useTemplates();
  const data = (templates.data ?? [])
    .filter((x) => !field.channel || x.channels.some((c) => c.channel === field.channel))
    .map((x) => ({ value: x.key, label: x.description[lang] || x.key }));
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: value });
  return <SpecSelect field={field} data={data} value={value} onChange={onChange} error={error} />;
}

/** A searchable select of one field of the generated form (cleared only when the field is optional). */
function SpecSelect({
  field,
  data,
  value,
  onChange,
  error,
}: {
  field: FieldSpec;
  data: { value: string; label: string }[];
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  return (
    <Select
      label={field.label}
      description={field.description}
      required={field.required}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      searchable
      clearable={!field.required}
      error={error}
    />
  );
}

function UserPicker({
  field,
  value,
  onChange,
  error,
}: {
  field: FieldSpec;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const users = useUsers({ active: true });
  const data = (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  return <SpecSelect field={field} data={data} value={value} onChange={onChange} error={error} />;
}

/** The value for "Alterar campo": an input of the chosen field's type (money in cents, dates yyyy-mm-dd). */
function FieldValueInput({
  label,
  field,
  value,
  onChange,
  error,
}: {
  label: string;
  field: ConditionField | undefined;
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string | undefined;
}) {
  const t = useT();
  const users = useUsers({ active: true });
  const str = typeof value === 'string' ? value : '';
  switch (field?.type) {
    case 'number':
      return (
        <NumberInput
          label={label}
          value={typeof value === 'number' ? value : ''}
          onChange={(n) => onChange(numberOrNull(n))}
          error={error}
        />
      );
    case 'money':
      return (
        <MoneyInput
          label={label}
          value={typeof value === 'number' ? value / 100 : ''}
          onChange={(n) => {
            const x = numberOrNull(n);
            onChange(x === null ? null : Math.round(x * 100));
          }}
          error={error}
        />
      );
    case 'date':
      return <DateField label={label} value={str} onChange={(d) => onChange(d || null)} error={error} />;
    case 'boolean':
      return (
        <Switch label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />
      );
    case 'select':
    case 'user':
      return (
        <Select
          label={label}
          data={
            field.type === 'select'
              ? (field.options ?? [])
              : (users.data ?? []).map((u) => ({ value: u.id, label: u.name }))
          }
          value={str || null}
          onChange={(x) => onChange(x)}
          clearable
          searchable
          error={error}
        />
      );
    case 'client':
      return <ClientSelect label={label} value={str || null} onChange={(id) => onChange(id)} error={error} />;
    default:
      return (
        <TextInput
          label={label}
          description={field ? undefined : t.automation.form.chooseFieldFirst}
          disabled={!field}
          value={str}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
        />
      );
  }
}

/** `NumberInput`'s value as a number, or null when it is empty or not a number. */
function numberOrNull(n: number | string): number | null {
  const x = typeof n === 'number' ? n : n.trim() === '' ? Number.NaN : Number(n);
  return Number.isFinite(x) ? x : null;
}

/**
 * The fields of a form generated from a JSON Schema (`fieldsOf`, schema-form.ts): each with its widget,
 * its error from `errors` by dotted path under `prefix` (`input.subject`), and the Liquid variables help
 * beside the long texts.
 */
export function SchemaFields({
  fields,
  values,
  onChange,
  errors,
  prefix,
  itemFields,
  variables,
  stages = [],
}: {
  fields: readonly FieldSpec[];
  values: FormValues;
  onChange: (values: FormValues) => void;
  errors: FieldErrors;
  /** The errors' path of these fields (`input.`). */
  prefix: string;
  /** The pipeline's fields, for the field picker. */
  itemFields: readonly ConditionField[];
  /** The Liquid variables a text may use. */
  variables: readonly string[];
  /** The pipeline's stages, for the stage picker. */
  stages?: readonly { id: string; name: string }[];
}) {
  const t = useT();
  const a = t.automation;
  const set = (key: string, v: unknown) => onChange({ ...values, [key]: v });
  const fieldOptions = itemFields.map((x) => ({ value: x.key, label: x.label }));
  /** The fields of an object or of a chosen variant, one level down the errors' path. */
  const nested = (
    f: FieldSpec,
    inner: readonly FieldSpec[],
    innerValues: FormValues,
    onInner: (v: FormValues) => void,
  ) => (
    <SchemaFields
      fields={inner}
      values={innerValues}
      onChange={onInner}
      errors={errors}
      prefix={`${prefix}${f.key}.`}
      itemFields={itemFields}
      variables={variables}
      stages={stages}
    />
  );
  /** The input of one field. */
  function widget(f: FieldSpec) {
    const v = values[f.key];
    const error = errors[`${prefix}${f.key}`];
    const str = typeof v === 'string' ? v : '';
    const list = Array.isArray(v) ? (v as string[]) : [];
    /** What every input of a field shows: its label, description, required mark and error. */
    const common = { label: f.label, description: f.description, required: f.required, error };
    const onText = (e: { currentTarget: { value: string } }) => set(f.key, e.currentTarget.value);
    const select = (data: readonly { value: string; label: string }[], searchable = false) => (
      <Select
        {...common}
        data={data}
        value={str || null}
        onChange={(x) => set(f.key, x ?? '')}
        searchable={searchable}
        clearable={!f.required}
        allowDeselect={!f.required}
      />
    );
    switch (f.kind) {
      case 'text':
      case 'longText':
        return (
          <Stack gap={2}>
            {f.kind === 'longText' ? (
              <Textarea
                {...common}
                value={str}
                onChange={onText}
                autosize
                minRows={3}
                maxRows={12}
                maxLength={f.maxLength ?? undefined}
              />
            ) : (
              <TextInput {...common} value={str} onChange={onText} maxLength={f.maxLength ?? undefined} />
            )}
            {f.liquid && (
              <Group justify="flex-end">
                <LiquidHelp variables={variables} onInsert={(x) => set(f.key, `${str}${x}`)} />
              </Group>
            )}
          </Stack>
        );
      case 'number':
        return (
          <NumberInput
            {...common}
            value={typeof v === 'number' ? v : ''}
            onChange={(n) => set(f.key, n)}
            min={f.min ?? undefined}
            max={f.max ?? undefined}
            allowDecimal={!f.integer}
          />
        );
      case 'boolean':
        return (
          <Switch
            label={f.label}
            description={f.description}
            checked={Boolean(v)}
            onChange={(e) => set(f.key, e.currentTarget.checked)}
            error={error}
          />
        );
      case 'select':
        return select(f.options);
      case 'stage':
        return select(stages.map((x) => ({ value: x.id, label: x.name })));
      case 'field':
        return select(fieldOptions, true);
      case 'multiSelect':
      case 'fields':
        return (
          <MultiSelect
            {...common}
            data={'options' in f ? f.options : fieldOptions}
            value={list}
            onChange={(x) => set(f.key, x)}
            searchable
          />
        );
      case 'tags':
        return <TagsInput {...common} value={list} onChange={(x) => set(f.key, x)} />;
      case 'fieldValue':
        return (
          <FieldValueInput
            label={f.label}
            field={itemFields.find((x) => x.key === values[f.fieldKey])}
            value={v}
            onChange={(x) => set(f.key, x)}
            error={error}
          />
        );
      case 'template':
        return <TemplatePicker field={f} value={str} onChange={(x) => set(f.key, x)} error={error} />;
      case 'user':
        return <UserPicker field={f} value={str} onChange={(x) => set(f.key, x)} error={error} />;
      case 'object':
        return (
          <Paper withBorder p="sm" radius="sm">
            <Text size="sm" fw={500} mb={4}>
              {f.label}
            </Text>
            <Stack gap="xs">
              {nested(f, f.fields, (v ?? {}) as FormValues, (inner) => set(f.key, inner))}
            </Stack>
          </Paper>
        );
      case 'variant': {
        const obj = (v ?? null) as FormValues | null;
        const chosen = f.variants.find((x) => x.value === obj?.[f.discriminator]);
        return (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {f.label}
            </Text>
            {f.description && (
              <Text size="xs" c="dimmed">
                {f.description}
              </Text>
            )}
            <SegmentedControl
              aria-label={f.label}
              value={chosen?.value ?? ''}
              data={f.variants.map((x) => ({ value: x.value, label: x.label }))}
              onChange={(next) => {
                const variant = f.variants.find((x) => x.value === next);
                if (variant)
                  set(f.key, {
                    [f.discriminator]: next,
                    ...initialValues(variant.fields, obj ?? {}, {}),
                  });
              }}
              styles={{ label: { whiteSpace: 'normal' } }}
            />
            {error && (
              <Text size="xs" c="red">
                {error}
              </Text>
            )}
            {chosen &&
              chosen.fields.length > 0 &&
              nested(f, chosen.fields, obj ?? {}, (inner) =>
                set(f.key, { ...inner, [f.discriminator]: chosen.value }),
              )}
          </Stack>
        );
      }
      case 'json':
        return (
          <Textarea
            {...common}
            description={f.description ?? a.jsonHint}
            value={str}
            onChange={onText}
            autosize
            minRows={3}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        );
    }
    return null;
  }

  return (
    <>
      {fields.map((f) => (
        <Fragment key={f.key}>{widget(f)}</Fragment>
      ))}
    </>
  );
}
