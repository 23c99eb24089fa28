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
          onChange={(n) => {
            const x = typeof n === 'number' ? n : n.trim() === '' ? Number.NaN : Number(n);
            onChange(Number.isFinite(x) ? x : null);
          }}
          error={error}
        />
      );
    case 'money':
      return (
        <MoneyInput
          label={label}
          value={typeof value === 'number' ? value / 100 : ''}
          onChange={(n) => {
            const x = typeof n === 'number' ? n : n.trim() === '' ? Number.NaN : Number(n);
            onChange(Number.isFinite(x) ? Math.round(x * 100) : null);
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
  return (
    <>
      {fields.map((f) => {
        const v = values[f.key];
        const error = errors[`${prefix}${f.key}`];
        const str = typeof v === 'string' ? v : '';
        switch (f.kind) {
          case 'text':
          case 'longText': {
            const help = f.liquid ? (
              <LiquidHelp variables={variables} onInsert={(x) => set(f.key, `${str}${x}`)} />
            ) : null;
            const label = f.label;
            return (
              <Stack key={f.key} gap={2}>
                {f.kind === 'longText' ? (
                  <Textarea
                    label={label}
                    description={f.description}
                    required={f.required}
                    value={str}
                    onChange={(e) => set(f.key, e.currentTarget.value)}
                    autosize
                    minRows={3}
                    maxRows={12}
                    maxLength={f.maxLength ?? undefined}
                    error={error}
                  />
                ) : (
                  <TextInput
                    label={label}
                    description={f.description}
                    required={f.required}
                    value={str}
                    onChange={(e) => set(f.key, e.currentTarget.value)}
                    maxLength={f.maxLength ?? undefined}
                    error={error}
                  />
                )}
                {help && <Group justify="flex-end">{help}</Group>}
              </Stack>
            );
          }
          case 'number':
            return (
              <NumberInput
                key={f.key}
                label={f.label}
                description={f.description}
                required={f.required}
                value={typeof v === 'number' ? v : ''}
                onChange={(n) => set(f.key, n)}
                min={f.min ?? undefined}
                max={f.max ?? undefined}
                allowDecimal={!f.integer}
                error={error}
              />
            );
          case 'boolean':
            return (
              <Switch
                key={f.key}
                label={f.label}
                description={f.description}
                checked={Boolean(v)}
                onChange={(e) => set(f.key, e.currentTarget.checked)}
                error={error}
              />
            );
          case 'select':
            return (
              <Select
                key={f.key}
                label={f.label}
                description={f.description}
                required={f.required}
                data={f.options}
                value={str || null}
                onChange={(x) => set(f.key, x ?? '')}
                clearable={!f.required}
                allowDeselect={!f.required}
                error={error}
              />
            );
          case 'multiSelect':
          case 'fields':
            return (
              <MultiSelect
                key={f.key}
                label={f.label}
                description={f.description}
                required={f.required}
                data={'options' in f ? f.options : itemFields.map((x) => ({ value: x.key, label: x.label }))}
                value={Array.isArray(v) ? (v as string[]) : []}
                onChange={(x) => set(f.key, x)}
                searchable
                error={error}
              />
            );
          case 'tags':
            return (
              <TagsInput
                key={f.key}
                label={f.label}
                description={f.description}
                required={f.required}
                value={Array.isArray(v) ? (v as string[]) : []}
                onChange={(x) => set(f.key, x)}
                error={error}
              />
            );
          case 'stage':
            return (
              <Select
                key={f.key}
                label={f.label}
                description={f.description}
                required={f.required}
                data={stages.map((x) => ({ value: x.id, label: x.name }))}
                value={str || null}
                onChange={(x) => set(f.key, x ?? '')}
                error={error}
              />
            );
          case 'fieldValue': {
            const target = itemFields.find((x) => x.key === values[f.fieldKey]);
            return (
              <FieldValueInput
                key={f.key}
                label={f.label}
                field={target}
                value={v}
                onChange={(x) => set(f.key, x)}
                error={error}
              />
            );
          }
          case 'template':
            return (
              <TemplatePicker
                key={f.key}
                field={f}
                value={str}
                onChange={(x) => set(f.key, x)}
                error={error}
              />
            );
          case 'user':
            return (
              <UserPicker key={f.key} field={f} value={str} onChange={(x) => set(f.key, x)} error={error} />
            );
          case 'field':
            return (
              <Select
                key={f.key}
                label={f.label}
                description={f.description}
                required={f.required}
                data={itemFields.map((x) => ({ value: x.key, label: x.label }))}
                value={str || null}
                onChange={(x) => set(f.key, x ?? '')}
                searchable
                error={error}
              />
            );
          case 'object':
            return (
              <Paper key={f.key} withBorder p="sm" radius="sm">
                <Text size="sm" fw={500} mb={4}>
                  {f.label}
                </Text>
                <Stack gap="xs">
                  <SchemaFields
                    fields={f.fields}
                    values={(v ?? {}) as FormValues}
                    onChange={(inner) => set(f.key, inner)}
                    errors={errors}
                    prefix={`${prefix}${f.key}.`}
                    itemFields={itemFields}
                    variables={variables}
                    stages={stages}
                  />
                </Stack>
              </Paper>
            );
          case 'variant': {
            const obj = (v ?? null) as FormValues | null;
            const chosen = f.variants.find((x) => x.value === obj?.[f.discriminator]);
            return (
              <Stack key={f.key} gap={6}>
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
                {chosen && chosen.fields.length > 0 && (
                  <SchemaFields
                    fields={chosen.fields}
                    values={obj ?? {}}
                    onChange={(inner) => set(f.key, { ...inner, [f.discriminator]: chosen.value })}
                    errors={errors}
                    prefix={`${prefix}${f.key}.`}
                    itemFields={itemFields}
                    variables={variables}
                    stages={stages}
                  />
                )}
              </Stack>
            );
          }
          case 'json':
            return (
              <Textarea
                key={f.key}
                label={f.label}
                description={f.description ?? a.jsonHint}
                required={f.required}
                value={str}
                onChange={(e) => set(f.key, e.currentTarget.value)}
                autosize
                minRows={3}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                error={error}
              />
            );
        }
        return null;
      })}
    </>
  );
}
