import { NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { http, ok } from '../../api/client.js';
import type { JobKind, MisfirePolicy, Schedule, ScheduleInput, ScheduleSpec } from '../../api/models.js';
import { keys, useJobKinds, useSession } from '../../api/queries.js';
import { FormModal } from '../../components/form-footer.js';
import { defaultScheduleSpec, errorsByPath, ScheduleEditor } from '../../components/schedule-editor.js';
import { useT } from '../../i18n/index.js';
import { focusFirstError } from '../../lib/form-errors.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import { PoolSelect } from './run-modal.js';

const MISFIRE_POLICIES: MisfirePolicy[] = ['once', 'skip', 'all'];

/** Create or edit an automatic schedule: what runs, on which server, and when (the schedule editor). */
export function ScheduleModal({
  schedule,
  onClose,
  onSaved,
}: {
  /** `null` creates a new schedule. */
  schedule: Schedule | null;
  onClose: () => void;
  onSaved?: (schedule: Schedule) => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const kinds = useJobKinds();
  const [name, setName] = useState(schedule?.name ?? '');
  const [kind, setKind] = useState<string | null>(schedule?.kind ?? null);
  const [pool, setPool] = useState(schedule?.pool ?? 'default');
  const [spec, setSpec] = useState<ScheduleSpec>(schedule?.spec ?? defaultScheduleSpec(office.timeZone));
  const [misfirePolicy, setMisfirePolicy] = useState<MisfirePolicy>(schedule?.misfirePolicy ?? 'once');
  const [misfireCap, setMisfireCap] = useState<number | string>(schedule?.misfireCap ?? 10);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  // Only kinds this page keeps the schedules of, and that need no parameters (this form asks for none);
  // a routine's agenda is its Ativo flag in Rotinas.
  const kindOptions = (kinds.data ?? []).filter(
    (k) => k.value === schedule?.kind || (k.schedulable && !k.params.required?.length),
  );
  // A single-kind office gets it preselected.
  const onlyKind = kindOptions.length === 1 ? kindOptions[0]?.value : undefined;
  const effectiveKind = kind ?? (schedule ? null : (onlyKind ?? null));

  const save = useMutation({
    mutationFn: (input: ScheduleInput) =>
      schedule
        ? ok(http.PUT('/api/schedules/{id}', { params: { path: { id: schedule.id } }, body: input }))
        : ok(http.POST('/api/schedules', { body: input })),
    meta: { silent: true },
    onSuccess: (saved) => {
      notifySuccess(t.schedules.saved);
      void queryClient.invalidateQueries({ queryKey: keys.schedules });
      void queryClient.invalidateQueries({ queryKey: keys.schedule(saved.id) });
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      const { fields, unmatched } = errorsByPath(error);
      setErrors(fields);
      const known = Object.keys(fields).some(
        (k) => ['name', 'kind', 'pool', 'misfirePolicy', 'misfireCap'].includes(k) || k.startsWith('spec.'),
      );
      setFormError(unmatched[0] ?? (known ? null : errorMessage(error, t)));
      focusFirstError();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim().length < 2) found.name = name.trim() ? t.validation.minLength(2) : t.validation.required;
    if (!effectiveKind) found.kind = t.validation.required;
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || !effectiveKind) {
      focusFirstError();
      return;
    }
    save.mutate({
      name: name.trim(),
      // Picked from the server's own list (GET /api/job-kinds).
      kind: effectiveKind as JobKind,
      payload: (schedule?.payload as Record<string, unknown> | undefined) ?? {},
      pool,
      spec,
      misfirePolicy,
      misfireCap: typeof misfireCap === 'number' ? misfireCap : Number(misfireCap) || 10,
    });
  };

  return (
    <FormModal
      onClose={onClose}
      title={schedule ? t.schedules.editTitle : t.schedules.newTitle}
      size={720}
      closeOnClickOutside={false}
      onSubmit={submit}
      error={formError}
      saving={save.isPending}
    >
      <TextInput
        label={t.schedules.name}
        placeholder={t.schedules.namePlaceholder}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        data-autofocus
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Select
          label={t.schedules.kind}
          placeholder={t.runs.kindPlaceholder}
          required
          data={kindOptions.map(({ value, label }) => ({ value, label }))}
          value={effectiveKind}
          onChange={setKind}
          error={errors.kind}
          comboboxProps={{ withinPortal: true }}
        />
        <PoolSelect label={t.schedules.pool} value={pool} onChange={setPool} error={errors.pool} />
      </SimpleGrid>

      <ScheduleEditor value={spec} onChange={setSpec} errors={errors} />

      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Select
          label={t.schedules.misfire}
          data={MISFIRE_POLICIES.map((p) => ({ value: p, label: t.schedules.misfirePolicies[p] }))}
          value={misfirePolicy}
          allowDeselect={false}
          onChange={(v) => v && setMisfirePolicy(v as MisfirePolicy)}
          error={errors.misfirePolicy}
          comboboxProps={{ withinPortal: true }}
        />
        {misfirePolicy === 'all' && (
          <NumberInput
            label={t.schedules.misfireCap}
            min={1}
            max={1000}
            allowDecimal={false}
            allowNegative={false}
            value={misfireCap}
            onChange={setMisfireCap}
            error={errors.misfireCap}
          />
        )}
      </SimpleGrid>
    </FormModal>
  );
}
