import { NumberInput, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { createTaskBody, updateTaskBody } from '../../../shared/schemas/tasks.js';
import { http, ok } from '../../api/client.js';
import { useSession, useUsers } from '../../api/queries.js';
import { type TaskDetail, type TaskInput, taskKeys, useDueDate } from '../../api/tasks.js';
import { ClientSelect } from '../../components/client-select.js';
import { DateField } from '../../components/date-text-input.js';
import { FormModal } from '../../components/form-footer.js';
import { useT } from '../../i18n/index.js';
import { schemaErrors } from '../../lib/form-errors.js';
import { formatIsoDate } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { useFormState } from '../../lib/use-form-state.js';

type DueKind = 'businessDays' | 'date' | 'none';

/**
 * "Nova tarefa" / "Editar tarefa": title, description, responsible (me by default), client, and the due
 * date as "em N dias úteis" (the date it gives, on the office's calendar, shown as one types) or a date.
 */
export function TaskFormModal({
  task,
  onClose,
  onSaved,
}: {
  task: TaskDetail | null;
  onClose: () => void;
  onSaved?: (task: TaskDetail) => void;
}) {
  const t = useT();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const users = useUsers({ active: true });
  const form = useFormState(() => ({
    title: task?.title ?? '',
    description: task?.description ?? '',
    responsibleId: (task?.responsible.id ?? user.id) as string | null,
    clientId: task?.client?.id ?? null,
    dueKind: (task ? (task.dueDate ? 'date' : 'none') : 'businessDays') as DueKind,
    days: 2 as number | string,
    date: task?.dueDate ?? '',
  }));
  const { title, description, responsibleId, clientId, dueKind, days, date } = form.values;
  const preview = useDueDate(dueKind === 'businessDays' && typeof days === 'number' ? days : null);

  const due =
    dueKind === 'none'
      ? null
      : dueKind === 'date'
        ? { kind: 'date' as const, date }
        : { kind: 'businessDays' as const, days: typeof days === 'number' ? days : Number.NaN };

  const save = useMutation({
    mutationFn: (body: TaskInput) =>
      task
        ? ok(http.PATCH('/api/tasks/{id}', { params: { path: { id: task.id } }, body }))
        : ok(http.POST('/api/tasks', { body })),
    ...form.formSave,
    onSuccess: (saved) => {
      notifySuccess(task ? t.tasks.saved : t.tasks.created);
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
      queryClient.setQueryData(taskKeys.task(saved.id), saved);
      onSaved?.(saved);
      onClose();
    },
  });

  const resolve = (path: string[]) =>
    path[0] === 'due' ? (dueKind === 'date' ? 'date' : 'days') : (path[0] ?? null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { title, description, responsibleId: responsibleId ?? '', due, clientId };
    const found = schemaErrors(task ? updateTaskBody : createTaskBody, body, resolve);
    form.setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate(body as TaskInput);
  };

  return (
    <FormModal
      title={task ? t.tasks.editTitle : t.tasks.newTitle}
      onClose={onClose}
      onSubmit={submit}
      error={form.formError}
      saving={save.isPending}
      size="lg"
    >
      <TextInput label={t.tasks.fieldTitle} required data-autofocus {...form.text('title')} maxLength={200} />
      <Textarea label={t.tasks.fieldDescription} autosize minRows={3} {...form.text('description')} />
      <Select
        label={t.tasks.fieldResponsible}
        required
        searchable
        data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        {...form.input('responsibleId')}
      />
      <ClientSelect
        label={t.tasks.fieldClient}
        clearable
        selectedName={task?.client?.name ?? null}
        {...form.input('clientId')}
      />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t.tasks.fieldDue}
        </Text>
        <SegmentedControl
          value={dueKind}
          onChange={(v) => form.set('dueKind', v as DueKind)}
          data={(['businessDays', 'date', 'none'] as const).map((k) => ({
            value: k,
            label: t.tasks.dueKinds[k],
          }))}
        />
        {dueKind === 'businessDays' && (
          <NumberInput
            label={t.tasks.dueDays}
            min={0}
            max={250}
            allowDecimal={false}
            w={160}
            {...form.input('days')}
            description={preview.data ? t.tasks.duePreview(formatIsoDate(preview.data.dueDate)) : undefined}
          />
        )}
        {dueKind === 'date' && <DateField label={t.tasks.fieldDue} w={170} {...form.input('date')} />}
      </Stack>
    </FormModal>
  );
}
