import { Anchor, Input, SegmentedControl, Select, type SelectProps, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { http, ok } from '../../api/client.js';
import type { JobKind, RunInput, RunWithLogs } from '../../api/models.js';
import { useJobKinds, usePools, useSession } from '../../api/queries.js';
import { useRoutines } from '../../api/routines.js';
import { DateField, TimeField } from '../../components/date-text-input.js';
import { FormModal } from '../../components/form-footer.js';
import { defaultScheduleSpec, errorsByPath } from '../../components/schedule-editor.js';
import { useLang, useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { civilToIso } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import { ConfirmRunModal } from '../routines/confirm-run-modal.js';
import { JobParamsForm, missingParams, type ParamValues } from './job-params-form.js';

/**
 * The Servidor select: the worker pools as `name — description`, or `default` while none is registered.
 * Any other prop (label, description, error, disabled) goes to the Select.
 */
export function PoolSelect({
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string; onChange: (pool: string) => void }) {
  const pools = usePools();
  const options = (pools.data ?? []).map((p) => ({
    value: p.name,
    label: p.description ? `${p.name} — ${p.description}` : p.name,
  }));
  return (
    <Select
      data={options.length > 0 ? options : [{ value: 'default', label: 'default' }]}
      value={value}
      allowDeselect={false}
      onChange={(pool) => pool && onChange(pool)}
      comboboxProps={{ withinPortal: true }}
      {...props}
    />
  );
}

/**
 * Checks a run's date and time in the office's time zone: both required, and in the future. Returns the
 * errors by field (`date`, `time`) and the instant, when there is one.
 */
export function checkRunAt(
  { date, time }: RunAt,
  timeZone: string,
  t: ReturnType<typeof useT>,
): { errors: FieldErrors; iso: string | null } {
  const errors: FieldErrors = {};
  if (!date) errors.date = t.validation.required;
  if (!time) errors.time = t.validation.required;
  const iso = date && time ? civilToIso(date, time, timeZone) : null;
  if (date && time && (!iso || Date.parse(iso) <= Date.now())) errors.date = t.runs.pastTime;
  return { errors, iso };
}

/** When and where a run goes: its date (yyyy-mm-dd) and time (hh:mm) in the office's zone, and its pool. */
export interface RunAt {
  date: string;
  time: string;
  pool: string;
}

/** A first `RunAt`: the next round time today (as the schedule editor proposes it), on `pool`. */
export function initialRunAt(timeZone: string, pool: string): RunAt {
  const initial = defaultScheduleSpec(timeZone);
  return initial.type === 'once'
    ? { date: initial.date, time: initial.time, pool }
    : { date: '', time: '', pool };
}

/** A run's Data and Hora (unless `withDate` is false) and its Servidor, side by side. */
export function RunAtInputs({
  value,
  onChange,
  errors,
  withDate = true,
  poolHint,
}: {
  value: RunAt;
  onChange: (value: RunAt) => void;
  errors: FieldErrors;
  withDate?: boolean;
  poolHint?: string | undefined;
}) {
  const t = useT();
  return (
    <SimpleGrid cols={{ base: 1, xs: withDate ? 3 : 1 }}>
      {withDate && (
        <>
          <DateField
            label={t.runs.date}
            required
            value={value.date}
            onChange={(date) => onChange({ ...value, date })}
            error={errors.date || undefined}
          />
          <TimeField
            label={t.runs.time}
            required
            value={value.time}
            onChange={(time) => onChange({ ...value, time })}
            error={errors.time || undefined}
          />
        </>
      )}
      <PoolSelect
        label={t.runs.pool}
        description={poolHint}
        value={value.pool}
        onChange={(pool) => onChange({ ...value, pool })}
        error={errors.pool || undefined}
      />
    </SimpleGrid>
  );
}

/** "Executar": run a kind now or at a date and time, on a pool. */
export function RunModal({
  opened,
  onClose,
  onCreated,
  onSchedule,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated?: (run: RunWithLogs) => void;
  /** Opens the schedule editor instead (for work that repeats). */
  onSchedule?: () => void;
}) {
  const t = useT();
  const [lang] = useLang();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const kinds = useJobKinds();
  const [kind, setKind] = useState<string | null>(null);
  const [when, setWhen] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState(() => initialRunAt(office.timeZone, 'default'));
  const { pool } = at;
  const [values, setValues] = useState<ParamValues>({});
  const params = kinds.data?.find((k) => k.value === kind)?.params;
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // A routine run now sends real messages: it is confirmed with the dry run's count first (as the
  // routine page's "Executar agora" does).
  const routines = useRoutines({});
  const [confirming, setConfirming] = useState<{ kind: string; title: string } | null>(null);

  const reset = () => {
    setKind(null);
    setValues({});
    setWhen('now');
    setErrors({});
    setFormError(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const create = useMutation({
    mutationFn: (input: RunInput) => ok(http.POST('/api/runs', { body: input })),
    meta: { silent: true },
    onSuccess: (run) => {
      notifySuccess(t.runs.queuedDone);
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
      void queryClient.invalidateQueries({ queryKey: ['pools'] });
      onCreated?.(run);
      close();
    },
    onError: (error) => {
      const { fields } = errorsByPath(error);
      const mapped: FieldErrors = {};
      for (const [path, message] of Object.entries(fields)) {
        // A parameter's error comes as `payload.<name>`.
        const key =
          path === 'runAt' ? 'date' : path.startsWith('payload.') ? path.slice(8) : path.split('.')[0]!;
        if (['kind', 'pool', 'date'].includes(key) || (params && key in params.properties))
          mapped[key] = message;
      }
      setErrors(mapped);
      setFormError(Object.keys(mapped).length === 0 ? errorMessage(error, t) : null);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!kind) found.kind = t.validation.required;
    for (const name of params ? missingParams(params, values) : []) found[name] = t.validation.required;
    let runAt: string | undefined;
    if (when === 'at') {
      const checked = checkRunAt(at, office.timeZone, t);
      Object.assign(found, checked.errors);
      runAt = checked.iso ?? undefined;
    }
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || !kind) return;
    if (kind === 'routines.run' && when === 'now') {
      const routine = (routines.data ?? []).find((r) => r.id === values.routineId);
      if (routine) {
        setConfirming({ kind: routine.kind, title: routine.title[lang] || routine.title['pt-BR'] });
        return;
      }
    }
    // The kind was picked from the server's own list (GET /api/job-kinds).
    create.mutate({ kind: kind as JobKind, pool, payload: values, ...(runAt ? { runAt } : {}) });
  };

  if (confirming)
    return (
      <ConfirmRunModal
        kind={confirming.kind}
        pool={pool}
        title={confirming.title}
        onClose={() => setConfirming(null)}
        onQueued={close}
      />
    );

  return (
    <FormModal
      opened={opened}
      onClose={close}
      title={t.runs.modalTitle}
      size="lg"
      onSubmit={submit}
      error={formError}
      saving={create.isPending}
      submitLabel={t.runs.submit}
    >
      <Select
        label={t.runs.kind}
        placeholder={t.runs.kindPlaceholder}
        required
        data={(kinds.data ?? []).map(({ value, label }) => ({ value, label }))}
        value={kind}
        onChange={(v) => {
          setKind(v);
          setValues({});
          setErrors((e) => ({ ...e, kind: '' }));
        }}
        error={errors.kind || undefined}
        comboboxProps={{ withinPortal: true }}
        data-autofocus
      />
      {params && <JobParamsForm params={params} values={values} onChange={setValues} errors={errors} />}
      <Input.Wrapper label={t.runs.when}>
        <div>
          <SegmentedControl
            data={[
              { value: 'now', label: t.runs.now },
              { value: 'at', label: t.runs.at },
            ]}
            value={when}
            onChange={(v) => setWhen(v as 'now' | 'at')}
          />
        </div>
      </Input.Wrapper>
      <RunAtInputs
        value={at}
        onChange={setAt}
        errors={errors}
        withDate={when === 'at'}
        poolHint={when === 'now' ? t.runs.poolHint : undefined}
      />
      {onSchedule && (
        <Text size="sm" c="dimmed">
          {t.runs.scheduleInstead}{' '}
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              close();
              onSchedule();
            }}
          >
            {t.runs.scheduleInsteadLink}
          </Anchor>
        </Text>
      )}
    </FormModal>
  );
}
