/**
 * The form of a routine kind's own settings, rendered from the field description the server derives from
 * the kind's schema: numbers (or R$), number lists, booleans, texts, secrets, enums, selects of the office's
 * classes / professions / users, an uploaded file, and lists of items made of those.
 */
import {
  ActionIcon,
  FileButton,
  Group,
  Input,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useProfessions, useSession, useUsers } from '../../api/queries.js';
import { type ConfigField, type FieldCondition, routinesApi, type UploadedFile } from '../../api/routines.js';
import { IconButton } from '../../components/icon-button.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';

type Values = Record<string, unknown>;

const holds = (c: FieldCondition | undefined, values: Values) => !c || c.in.includes(values[c.field]);

/** A field's starting value: its default, or empty. */
export function initialValue(field: ConfigField): unknown {
  if (field.default !== undefined) return field.default;
  if (field.nullable) return null;
  switch (field.type) {
    case 'boolean':
      return false;
    case 'numberList':
    case 'stringList':
    case 'list':
      return [];
    case 'enum':
      return field.options?.[0]?.value ?? null;
    default:
      return null;
  }
}

const newItem = (fields: ConfigField[]): Values =>
  Object.fromEntries(fields.map((f) => [f.name, initialValue(f)]));

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/** What every input of a configuration field takes: its label and help, value, error and read-only state. */
interface InputProps {
  label: string;
  help: string | undefined;
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string | undefined;
  disabled: boolean;
}

function NumberListInput({
  field,
  value,
  onChange,
  error,
  label,
  help,
}: Omit<InputProps, 'disabled'> & { field: ConfigField }) {
  const t = useT();
  const list = Array.isArray(value) ? (value as number[]) : [];
  const [text, setText] = useState(list.join(', '));
  const [bad, setBad] = useState(false);
  return (
    <TextInput
      label={label}
      description={help ?? t.routines.numbersHint}
      required={field.required}
      value={text}
      onChange={(e) => {
        const raw = e.currentTarget.value;
        setText(raw);
        const parts = raw
          .split(/[,;\s]+/)
          .map((p) => p.trim())
          .filter(Boolean);
        const numbers = parts.map((p) => Number(p.replace(',', '.')));
        const ok = numbers.every((n) => Number.isFinite(n));
        setBad(!ok);
        if (ok) onChange(numbers);
      }}
      error={bad ? t.routines.invalidNumbers : error}
    />
  );
}

function FileInput({ kind, value, onChange, label, help, error, disabled }: InputProps & { kind: string }) {
  const t = useT();
  const { office } = useSession();
  const file = value as UploadedFile | null;
  const upload = useMutation({
    mutationFn: (f: File) => routinesApi.upload(kind, f),
    onSuccess: (uploaded) => {
      onChange(uploaded);
      notifySuccess(t.routines.fileUploaded);
    },
  });
  return (
    <Input.Wrapper label={label} description={help} error={error}>
      <Group gap="sm" mt={4}>
        <FileButton
          onChange={(f) => f && upload.mutate(f)}
          accept=".csv,text/csv,text/plain"
          disabled={disabled}
        >
          {(props) => (
            <IconButton
              icon={IconUpload}
              {...props}
              variant="default"
              size="sm"
              loading={upload.isPending}
              disabled={disabled}
            >
              {file ? t.routines.fileReplace : t.routines.fileUpload}
            </IconButton>
          )}
        </FileButton>
        <Text size="sm" c={file ? undefined : 'dimmed'} data-testid="routine-file">
          {file
            ? t.routines.fileInfo(
                file.name,
                formatSize(file.size),
                file.uploadedAt ? formatDateTime(file.uploadedAt, office.timeZone) : '—',
              )
            : t.routines.fileNone}
        </Text>
      </Group>
    </Input.Wrapper>
  );
}

type SourceSelectProps = InputProps & { field: ConfigField };

function OptionsSelect({
  field,
  label,
  help,
  value,
  onChange,
  error,
  disabled,
  data,
}: SourceSelectProps & { data: { value: string; label: string }[] }) {
  return (
    <Select
      label={label}
      description={help}
      required={field.required}
      data={data}
      value={typeof value === 'string' ? value : null}
      onChange={(v) => onChange(v)}
      allowDeselect={field.nullable}
      searchable
      error={error}
      disabled={disabled}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

function ClassesSelect(props: SourceSelectProps) {
  const { office } = useSession();
  return <OptionsSelect {...props} data={office.clientClasses.map((c) => ({ value: c, label: c }))} />;
}

function ProfessionsSelect(props: SourceSelectProps) {
  const professions = useProfessions();
  return (
    <OptionsSelect {...props} data={(professions.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
  );
}

function UsersSelect(props: SourceSelectProps) {
  const users = useUsers({ active: true });
  return <OptionsSelect {...props} data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />;
}

/** A select of the office's classes, professions or users (each loaded only when a field needs it). */
function SourceSelect(props: SourceSelectProps) {
  if (props.field.source === 'professions') return <ProfessionsSelect {...props} />;
  if (props.field.source === 'users') return <UsersSelect {...props} />;
  return <ClassesSelect {...props} />;
}

function FieldInput({
  kind,
  field,
  values,
  onChange,
  errors,
  path,
  disabled,
}: {
  kind: string;
  field: ConfigField;
  values: Values;
  onChange: (name: string, value: unknown) => void;
  errors: Record<string, string>;
  path: string;
  disabled: boolean;
}) {
  const t = useT();
  const [lang] = useLang();
  if (!holds(field.visibleWhen, values)) return null;
  const label = field.label[lang] || field.label['pt-BR'];
  const help = field.help ? field.help[lang] || field.help['pt-BR'] : undefined;
  const key = `${path}.${field.name}`;
  const error = errors[key];
  const value = values[field.name];
  const set = (v: unknown) => onChange(field.name, v);
  /** What every input shows: the label, the help, the error, and disabled when read-only. */
  const common = { label, description: help, error, disabled };
  const text = typeof value === 'string' ? value : '';
  const onText = (e: { currentTarget: { value: string } }) =>
    set(e.currentTarget.value || (field.nullable ? null : ''));
  /** The same for this file's own inputs. */
  const own: InputProps = { label, help, value, onChange: set, error, disabled };
  const money = field.money || (field.moneyWhen ? holds(field.moneyWhen, values) : false);

  switch (field.type) {
    case 'boolean':
      return <Switch {...common} checked={value === true} onChange={(e) => set(e.currentTarget.checked)} />;
    case 'number':
      return (
        <NumberInput
          {...common}
          required={field.required}
          value={typeof value === 'number' ? (money ? value / 100 : value) : ''}
          onChange={(v) => {
            if (v === '' || v === null) return set(field.nullable ? null : undefined);
            const n = typeof v === 'number' ? v : Number(v);
            set(money ? Math.round(n * 100) : n);
          }}
          min={money ? undefined : field.min}
          max={money ? undefined : field.max}
          allowDecimal={money || !field.integer}
          decimalScale={money ? 2 : undefined}
          fixedDecimalScale={money}
          decimalSeparator={money ? ',' : undefined}
          thousandSeparator={money ? '.' : undefined}
          prefix={money ? 'R$ ' : undefined}
        />
      );
    case 'numberList':
      return <NumberListInput field={field} {...own} error={error ?? errors[`${key}.0`]} />;
    case 'string':
      if (field.secret) {
        return (
          <PasswordInput
            {...common}
            description={field.secretSet ? `${help ? `${help} ` : ''}${t.routines.secretKeep}` : help}
            placeholder={field.secretSet ? '••••••••' : undefined}
            value={text}
            onChange={(e) => set(e.currentTarget.value || null)}
            autoComplete="off"
          />
        );
      }
      return field.multiline ? (
        <Textarea {...common} required={field.required} autosize minRows={3} value={text} onChange={onText} />
      ) : (
        <TextInput
          {...common}
          required={field.required}
          maxLength={field.maxLength}
          value={text}
          onChange={onText}
        />
      );
    case 'stringList':
      return <TagsInput {...common} value={Array.isArray(value) ? (value as string[]) : []} onChange={set} />;
    case 'enum':
      return (
        <Select
          {...common}
          required={field.required}
          data={(field.options ?? []).map((o) => ({
            value: o.value,
            label: o.label[lang] || o.label['pt-BR'],
          }))}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => set(v ?? (field.nullable ? null : value))}
          allowDeselect={field.nullable}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'select': {
      if (field.source === 'tags') {
        return <TextInput {...common} required={field.required} value={text} onChange={onText} />;
      }
      return <SourceSelect field={field} {...own} />;
    }
    case 'file':
      return <FileInput kind={kind} {...own} error={error ?? errors[`${key}.ref`]} />;
    case 'list':
      return <ListInput kind={kind} field={field} errors={errors} path={key} {...own} />;
    default:
      return <JsonInput {...own} />;
  }
}

function JsonInput({ label, help, value, onChange, error, disabled }: InputProps) {
  const t = useT();
  const [text, setText] = useState(JSON.stringify(value ?? null, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <Textarea
      label={label}
      description={help}
      autosize
      minRows={3}
      ff="monospace"
      value={text}
      disabled={disabled}
      onChange={(e) => {
        setText(e.currentTarget.value);
        try {
          onChange(JSON.parse(e.currentTarget.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
      error={bad ? t.routines.invalidJson : error}
    />
  );
}

function ListInput({
  kind,
  field,
  value,
  onChange,
  error,
  errors,
  path,
  label,
  help,
  disabled,
}: InputProps & { kind: string; field: ConfigField; errors: Record<string, string>; path: string }) {
  const t = useT();
  const items = Array.isArray(value) ? (value as Values[]) : [];
  const fields = field.fields ?? [];
  const setItem = (i: number, name: string, v: unknown) =>
    onChange(items.map((item, j) => (j === i ? { ...item, [name]: v } : item)));
  return (
    <Input.Wrapper label={label} description={help} error={error}>
      <Stack gap="xs" mt={6}>
        {items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t.routines.listEmpty}
          </Text>
        )}
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity but their position
          <Paper key={i} withBorder p="sm" radius="sm" role="group" aria-label={t.routines.listItem(i + 1)}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <Text size="sm" fw={600} mt={28} w={20}>
                {i + 1}.
              </Text>
              {fields.map((f) =>
                holds(f.visibleWhen, item) ? (
                  <div key={f.name} style={{ flex: f.type === 'number' ? '1 1 140px' : '1 1 160px' }}>
                    <FieldInput
                      kind={kind}
                      field={f}
                      values={item}
                      onChange={(name, v) => setItem(i, name, v)}
                      errors={errors}
                      path={`${path}.${i}`}
                      disabled={disabled}
                    />
                  </div>
                ) : null,
              )}
              <ActionIcon
                variant="subtle"
                color="red"
                mt={26}
                aria-label={`${t.routines.listRemove} ${i + 1}`}
                onClick={() => onChange(items.filter((_, j) => j !== i))}
                disabled={disabled}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </Paper>
        ))}
        <Group>
          <IconButton
            icon={IconPlus}
            iconSize={14}
            variant="light"
            size="xs"
            onClick={() => onChange([...items, newItem(fields)])}
            disabled={disabled || (field.maxItems !== undefined && items.length >= field.maxItems)}
          >
            {t.routines.listAdd}
          </IconButton>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}

/** The kind's own settings; `errors` is keyed by the server's paths (`config.rules.0.value`). */
export function ConfigForm({
  kind,
  fields,
  values,
  onChange,
  errors,
  disabled = false,
}: {
  kind: string;
  fields: ConfigField[];
  values: Values;
  onChange: (values: Values) => void;
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  const t = useT();
  if (fields.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t.routines.ownEmpty}
      </Text>
    );
  }
  return (
    <Stack gap="md">
      {fields.map((f) => (
        <FieldInput
          key={f.name}
          kind={kind}
          field={f}
          values={values}
          onChange={(name, v) => onChange({ ...values, [name]: v })}
          errors={errors}
          path="config"
          disabled={disabled}
        />
      ))}
    </Stack>
  );
}

/** The config the form starts from: the saved values, filled with each field's default. */
export function configWithDefaults(fields: ConfigField[], saved: Values): Values {
  const out: Values = { ...saved };
  for (const f of fields) if (out[f.name] === undefined) out[f.name] = initialValue(f);
  return out;
}
