import { Modal, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSession } from '../../api/queries.js';
import { routineKeys, routinesApi } from '../../api/routines.js';
import { DateField, TimeField } from '../../components/date-text-input.js';
import { FormAlert, FormFooter } from '../../components/form-footer.js';
import { defaultScheduleSpec, errorsByPath } from '../../components/schedule-editor.js';
import { useT } from '../../i18n/index.js';
import { civilToIso, formatDateTime } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import { usePoolOptions } from '../runs/run-modal.js';

/** Agendar execução: one run of the routine at a Data and Hora, on a Servidor. */
export function ScheduleRunModal({
  kind,
  title,
  pool: initialPool,
  onClose,
}: {
  kind: string;
  title: string;
  pool: string;
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const { options } = usePoolOptions();
  const initial = defaultScheduleSpec(office.timeZone);
  const [date, setDate] = useState(initial.type === 'once' ? initial.date : '');
  const [time, setTime] = useState(initial.type === 'once' ? initial.time : '');
  const [pool, setPool] = useState(initialPool);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const schedule = useMutation({
    mutationFn: (at: string) => routinesApi.run(kind, { at, pool }),
    meta: { silent: true },
    onSuccess: (run) => {
      notifySuccess(t.routines.runScheduled(formatDateTime(run.runAt, office.timeZone)));
      void queryClient.invalidateQueries({ queryKey: routineKeys.runs(kind) });
      onClose();
    },
    onError: (error) => {
      const { fields } = errorsByPath(error);
      setErrors({ date: fields.at ?? '', pool: fields.pool ?? '' });
      setFormError(fields.at || fields.pool ? null : errorMessage(error, t));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!date) found.date = t.validation.required;
    if (!time) found.time = t.validation.required;
    const iso = date && time ? civilToIso(date, time, office.timeZone) : null;
    if (iso && Date.parse(iso) <= Date.now()) found.date = t.routines.pastTime;
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || !iso) return;
    schedule.mutate(iso);
  };

  return (
    <Modal opened onClose={onClose} title={t.routines.scheduleRunTitle} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {title} — {t.routines.scheduleRunHint}
          </Text>
          <FormAlert error={formError} />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <DateField
              label={t.routines.date}
              required
              value={date}
              onChange={(v) => setDate(v)}
              error={errors.date || undefined}
            />
            <TimeField
              label={t.routines.time}
              required
              value={time}
              onChange={(v) => setTime(v)}
              error={errors.time || undefined}
            />
            <Select
              label={t.routines.pool}
              data={options.length > 0 ? options : [{ value: 'default', label: 'default' }]}
              value={pool}
              allowDeselect={false}
              onChange={(v) => v && setPool(v)}
              error={errors.pool || undefined}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <FormFooter
            onCancel={onClose}
            saving={schedule.isPending}
            submitLabel={t.routines.scheduleSubmit}
          />
        </Stack>
      </form>
    </Modal>
  );
}
