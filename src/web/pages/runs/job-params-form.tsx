import { NumberInput, Select, Switch, TextInput } from '@mantine/core';
import type { Answer } from '../../api/models.js';
import { useRoutines } from '../../api/routines.js';
import { useLang, useT } from '../../i18n/index.js';

/** A job kind's parameters as the server describes them (JSON Schema from its payload schema). */
export type JobParams = Answer<'/api/job-kinds'>['items'][number]['params'];
type Param = JobParams['properties'][string];
export type ParamValues = Record<string, unknown>;

/** Where a parameter's values come from (`source`): the office's configured routines, by title. */
function RoutineSelect({
  label,
  required,
  value,
  onChange,
  error,
}: {
  label: string;
  required: boolean;
  value: unknown;
  onChange: (v: string | null) => void;
  error?: string | undefined;
}) {
  const t = useT();
  const [lang] = useLang();
  const routines = useRoutines({});
  const data = (routines.data ?? [])
    .filter((r) => r.id !== null)
    .map((r) => ({ value: r.id!, label: r.title[lang] || r.title['pt-BR'] }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  return (
    <Select
      label={label}
      description={t.runs.routineParamHint}
      placeholder={t.runs.routineParamPlaceholder}
      required={required}
      searchable
      data={data}
      value={typeof value === 'string' ? value : null}
      onChange={onChange}
      error={error}
      nothingFoundMessage={t.runs.routineParamNone}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/**
 * The form of a job kind's parameters, one field per property of its schema: a picker where the schema
 * names a `source`, a select for an enum, else a text, number or switch field.
 */
export function JobParamsForm({
  params,
  values,
  onChange,
  errors,
}: {
  params: JobParams;
  values: ParamValues;
  onChange: (values: ParamValues) => void;
  errors: Record<string, string>;
}) {
  const [lang] = useLang();
  const set = (name: string, value: unknown) => onChange({ ...values, [name]: value });
  return (
    <>
      {Object.entries(params.properties).map(([name, p]: [string, Param]) => {
        const label = p.label?.[lang] ?? name;
        const required = params.required?.includes(name) ?? false;
        const error = errors[name] || undefined;
        if (p.source === 'routines')
          return (
            <RoutineSelect
              key={name}
              label={label}
              required={required}
              value={values[name]}
              onChange={(v) => set(name, v ?? undefined)}
              error={error}
            />
          );
        if (p.enum)
          return (
            <Select
              key={name}
              label={label}
              required={required}
              data={p.enum.map(String)}
              value={values[name] === undefined ? null : String(values[name])}
              onChange={(v) => set(name, v ?? undefined)}
              error={error}
              comboboxProps={{ withinPortal: true }}
            />
          );
        if (p.type === 'boolean')
          return (
            <Switch
              key={name}
              label={label}
              checked={values[name] === true}
              onChange={(e) => set(name, e.currentTarget.checked)}
              error={error}
            />
          );
        if (p.type === 'number' || p.type === 'integer')
          return (
            <NumberInput
              key={name}
              label={label}
              required={required}
              min={p.minimum}
              max={p.maximum}
              allowDecimal={p.type === 'number'}
              value={typeof values[name] === 'number' ? (values[name] as number) : ''}
              onChange={(v) => set(name, typeof v === 'number' ? v : undefined)}
              error={error}
            />
          );
        return (
          <TextInput
            key={name}
            label={label}
            required={required}
            maxLength={p.maxLength}
            value={typeof values[name] === 'string' ? (values[name] as string) : ''}
            onChange={(e) => set(name, e.currentTarget.value || undefined)}
            error={error}
          />
        );
      })}
    </>
  );
}

/** The required parameters left empty. */
export function missingParams(params: JobParams, values: ParamValues): string[] {
  return (params.required ?? []).filter((name) => values[name] === undefined || values[name] === '');
}
