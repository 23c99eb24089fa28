import { Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSession } from '../../api/queries.js';
import { routineKeys, routinesApi } from '../../api/routines.js';
import { FormAlert, FormFooter } from '../../components/form-footer.js';
import { errorsByPath } from '../../components/schedule-editor.js';
import { useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { formatDateTime } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import { checkRunAt, initialRunAt, RunAtInputs } from '../runs/run-modal.js';

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
  const [at, setAt] = useState(() => initialRunAt(office.timeZone, initialPool));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const schedule = useMutation({
    mutationFn: (iso: string) => routinesApi.run(kind, { at: iso, pool: at.pool }),
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
    const { errors: found, iso } = checkRunAt(at, office.timeZone, t);
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
          <RunAtInputs value={at} onChange={setAt} errors={errors} />
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
