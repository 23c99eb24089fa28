import { arrayMove } from '@dnd-kit/sortable';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  ColorInput,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCopy, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import {
  ASK_KEYS,
  ASK_LEVELS,
  addField,
  addStage,
  deleteField,
  deleteStage,
  FIELD_TYPES,
  type FieldInput,
  type FormInput,
  type Pipeline,
  processKeys,
  putForm,
  renewFormToken,
  reorderStages,
  type Stage,
  updatePipeline,
  updateStage,
} from '../../api/processes.js';
import { FormAlert } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { InlineForm } from '../../components/inline-form.js';
import { DragHandle, SortableList, useSortableItem } from '../../components/sortable-list.js';
import { TableHead } from '../../components/table-head.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { type TextBinding, useFormState } from '../../lib/use-form-state.js';
import { useServerErrors } from '../../lib/use-server-errors.js';

const SWATCHES = [
  '#228be6',
  '#7950f2',
  '#be4bdb',
  '#fa5252',
  '#fd7e14',
  '#fab005',
  '#40c057',
  '#12b886',
  '#868e96',
];

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb={4}>
        {title}
      </Title>
      {hint && (
        <Text size="sm" c="dimmed" mb="sm">
          {hint}
        </Text>
      )}
      {children}
    </Paper>
  );
}

function useRefresh() {
  const queryClient = useQueryClient();
  return (p: Pipeline) => {
    queryClient.setQueryData(processKeys.pipeline(p.id), p);
    void queryClient.invalidateQueries({ queryKey: processKeys.all });
  };
}

/** A pipeline's name and description, for the new-pipeline modal and the settings. */
export function PipelineTextInputs({
  form,
  autoFocus = false,
}: {
  /** A `useFormState` form with `name` and `description`. */
  form: { text: (field: 'name' | 'description') => TextBinding };
  autoFocus?: boolean;
}) {
  const t = useT();
  return (
    <>
      <TextInput
        label={t.processes.pipelineName}
        required
        data-autofocus={autoFocus || undefined}
        {...form.text('name')}
      />
      <Textarea label={t.processes.description} autosize minRows={2} {...form.text('description')} />
    </>
  );
}

function PipelineSection({ pipeline }: { pipeline: Pipeline }) {
  const t = useT();
  const refresh = useRefresh();
  const form = useFormState(() => ({
    name: pipeline.name,
    description: pipeline.description ?? '',
    active: pipeline.active,
  }));
  const { formError, formSave } = form;
  const save = useMutation({
    mutationFn: () =>
      updatePipeline(pipeline.id, { ...form.values, description: form.values.description || null }),
    ...formSave,
    onSuccess: (p) => {
      notifySuccess(t.processes.saved);
      refresh(p);
    },
  });
  return (
    <Section title={t.processes.pipelineSection}>
      <InlineForm onSubmit={() => save.mutate()} error={formError} saving={save.isPending}>
        <PipelineTextInputs form={form} />
        <Switch label={t.processes.active} {...form.checkbox('active')} />
      </InlineForm>
    </Section>
  );
}

function StageRow({ stage, index, pipeline }: { stage: Stage; index: number; pipeline: Pipeline }) {
  const t = useT();
  const refresh = useRefresh();
  const [name, setName] = useState(stage.name);
  const [color, setColor] = useState(stage.color ?? '');
  const [deleting, setDeleting] = useState(false);
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const { errors, formError, setFormError, formSave } = useServerErrors();
  const save = useMutation({
    mutationFn: () => updateStage(stage.id, { name, color: color || null }),
    ...formSave,
    onSuccess: refresh,
  });
  const ids = pipeline.stages.map((s) => s.id);
  const reorder = useMutation({
    mutationFn: (to: number) => {
      const next = [...ids];
      next.splice(index, 1);
      next.splice(to, 0, stage.id);
      return reorderStages(pipeline.id, next);
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => deleteStage(stage.id, moveTo ?? undefined),
    meta: { silent: true },
    onError: (e) => formSave.onError(e),
    onSuccess: (p) => {
      setDeleting(false);
      refresh(p);
    },
  });
  const changed = name !== stage.name || (color || null) !== stage.color;
  const sortable = useSortableItem(stage.id);
  return (
    <Table.Tr
      ref={sortable.ref}
      data-stage={stage.name}
      style={{
        ...sortable.style,
        background: sortable.isDragging ? 'var(--mantine-color-body)' : undefined,
      }}
    >
      <Table.Td w={120}>
        <Group gap={2} wrap="nowrap">
          <DragHandle handle={sortable.handle} label={t.processes.dragStage(stage.name)} />
          <ActionIcon
            variant="subtle"
            aria-label={t.processes.moveUp(stage.name)}
            disabled={index === 0}
            onClick={() => reorder.mutate(index - 1)}
          >
            <IconArrowUp size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            aria-label={t.processes.moveDown(stage.name)}
            disabled={index === ids.length - 1}
            onClick={() => reorder.mutate(index + 1)}
          >
            <IconArrowDown size={16} aria-hidden />
          </ActionIcon>
        </Group>
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={t.processes.stageName}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
      </Table.Td>
      <Table.Td w={170}>
        <ColorInput
          aria-label={t.processes.color}
          value={color}
          onChange={setColor}
          swatches={SWATCHES}
          format="hex"
          error={errors.color}
        />
      </Table.Td>
      <Table.Td w={170}>
        <Group gap={4} wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            disabled={!changed}
            loading={save.isPending}
            onClick={() => save.mutate()}
          >
            {t.common.save}
          </Button>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`${t.processes.deleteStage} ${stage.name}`}
            disabled={ids.length <= 1}
            onClick={() => {
              setFormError(null);
              setDeleting(true);
            }}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
        <Modal
          opened={deleting}
          onClose={() => setDeleting(false)}
          title={t.processes.deleteStageTitle(stage.name)}
        >
          <Stack>
            <FormAlert error={formError} />
            <Text size="sm">{t.processes.deleteStageHint}</Text>
            <Select
              label={t.processes.moveCardsTo}
              data={pipeline.stages
                .filter((s) => s.id !== stage.id)
                .map((s) => ({ value: s.id, label: s.name }))}
              value={moveTo}
              onChange={setMoveTo}
              error={errors.moveTo}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(false)}>
                {t.common.cancel}
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                {t.processes.deleteStage}
              </Button>
            </Group>
          </Stack>
        </Modal>
      </Table.Td>
    </Table.Tr>
  );
}

function StagesSection({ pipeline }: { pipeline: Pipeline }) {
  const t = useT();
  const refresh = useRefresh();
  const [name, setName] = useState('');
  const [color, setColor] = useState('#228be6');
  const { errors, formError, formSave } = useServerErrors();
  // Dragged (pointer, touch or keyboard: Space, arrows, Space), the new order shows at once and is saved
  // with the same route as the arrow buttons; a refused save puts the server's order back.
  const [dragged, setDragged] = useState<string[] | null>(null);
  const reorder = useMutation({
    mutationFn: (ids: string[]) => reorderStages(pipeline.id, ids),
    onSuccess: refresh,
    onSettled: () => setDragged(null),
  });
  const byId = new Map(pipeline.stages.map((s) => [s.id, s]));
  const stages = dragged ? dragged.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])) : pipeline.stages;
  const ids = stages.map((s) => s.id);
  const onMove = (from: number, to: number) => {
    const next = arrayMove(ids, from, to);
    setDragged(next);
    reorder.mutate(next);
  };
  const add = useMutation({
    mutationFn: () => addStage(pipeline.id, { name, color: color || null }),
    ...formSave,
    onSuccess: (p) => {
      setName('');
      refresh(p);
    },
  });
  return (
    <Section title={t.processes.stages} hint={t.processes.stagesHint}>
      <SortableList ids={ids} onMove={onMove}>
        <Table data-testid="stages">
          <Table.Tbody>
            {stages.map((s, i) => (
              <StageRow
                key={`${s.id}-${s.position}-${s.name}-${s.color}`}
                stage={s}
                index={i}
                pipeline={pipeline}
              />
            ))}
          </Table.Tbody>
        </Table>
      </SortableList>
      <form noValidate onSubmit={submitWith(() => add.mutate())}>
        <FormAlert error={formError} />
        <Group align="flex-end" mt="sm">
          <TextInput
            label={t.processes.stageName}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            style={{ flex: 1 }}
          />
          <ColorInput
            label={t.processes.color}
            value={color}
            onChange={setColor}
            swatches={SWATCHES}
            format="hex"
            w={170}
            error={errors.color}
          />
          <Button type="submit" variant="light" loading={add.isPending}>
            {t.processes.addStage}
          </Button>
        </Group>
      </form>
    </Section>
  );
}

function FieldsSection({ pipeline }: { pipeline: Pipeline }) {
  const t = useT();
  const refresh = useRefresh();
  const empty = { key: '', label: '', type: 'text' as FieldInput['type'], options: '', required: false };
  const [draft, setDraft] = useState(empty);
  const { errors, formError, formSave } = useServerErrors();
  const add = useMutation({
    mutationFn: () =>
      addField(pipeline.id, {
        key: draft.key,
        label: draft.label,
        type: draft.type,
        required: draft.required,
        options:
          draft.type === 'select'
            ? draft.options
                .split('\n')
                .map((o) => o.trim())
                .filter(Boolean)
                .map((o) => ({ value: o, label: o }))
            : null,
      }),
    ...formSave,
    onSuccess: (p) => {
      setDraft(empty);
      refresh(p);
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => deleteField(id), onSuccess: refresh });
  return (
    <Section title={t.processes.fields} hint={t.processes.fieldsHint}>
      {pipeline.fields.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t.processes.noFields}
        </Text>
      ) : (
        <Table>
          <TableHead labels={[t.processes.fieldLabel, t.processes.fieldKey, t.processes.fieldType, '']} />
          <Table.Tbody>
            {pipeline.fields.map((f) => (
              <Table.Tr key={f.id} data-field={f.key}>
                <Table.Td fz="sm">
                  {f.label}
                  {f.required && (
                    <Badge ml={6} size="xs" variant="light">
                      {t.processes.required}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{f.key}</Code>
                </Table.Td>
                <Table.Td fz="sm">
                  {t.processes.fieldTypes[f.type]}
                  {f.options && (
                    <Text size="xs" c="dimmed">
                      {f.options.map((o) => o.label).join(', ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td w={50}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`${t.processes.deleteField} ${f.label}`}
                    onClick={() => remove.mutate(f.id)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form noValidate onSubmit={submitWith(() => add.mutate())}>
        <Stack mt="sm" gap="xs">
          <FormAlert error={formError} />
          <Group align="flex-start" grow>
            <TextInput
              label={t.processes.fieldLabel}
              value={draft.label}
              onChange={(e) => setDraft({ ...draft, label: e.currentTarget.value })}
              error={errors.label}
            />
            <TextInput
              label={t.processes.fieldKey}
              description={t.processes.fieldKeyHint}
              value={draft.key}
              onChange={(e) => setDraft({ ...draft, key: e.currentTarget.value })}
              error={errors.key}
            />
            <Select
              label={t.processes.fieldType}
              data={FIELD_TYPES.map((v) => ({ value: v, label: t.processes.fieldTypes[v] }))}
              value={draft.type}
              onChange={(v) => setDraft({ ...draft, type: (v ?? 'text') as FieldInput['type'] })}
              allowDeselect={false}
            />
          </Group>
          {draft.type === 'select' && (
            <Textarea
              label={t.processes.options}
              autosize
              minRows={3}
              value={draft.options}
              onChange={(e) => setDraft({ ...draft, options: e.currentTarget.value })}
              error={errors.options}
            />
          )}
          <Group justify="space-between">
            <Checkbox
              label={t.processes.required}
              checked={draft.required}
              onChange={(e) => setDraft({ ...draft, required: e.currentTarget.checked })}
            />
            <Button type="submit" variant="light" loading={add.isPending}>
              {t.processes.addField}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function FormSection({ pipeline }: { pipeline: Pipeline }) {
  const t = useT();
  const refresh = useRefresh();
  const form = pipeline.form;
  const [values, setValues] = useState<FormInput>({
    title: form?.title ?? pipeline.name,
    intro: form?.intro ?? '',
    ask: form?.ask ?? {
      name: 'required',
      email: 'required',
      phone: 'optional',
      document: 'optional',
      message: 'optional',
    },
    fieldKeys: form?.fieldKeys ?? [],
    thanks: form?.thanks ?? 'Obrigado! Recebemos seus dados e entraremos em contato.',
    active: form?.active ?? true,
  });
  const { errors, formError, formSave } = useServerErrors();
  const save = useMutation({
    mutationFn: () => putForm(pipeline.id, { ...values, intro: values.intro || null }),
    ...formSave,
    onSuccess: (p) => {
      notifySuccess(t.processes.saved);
      refresh(p);
    },
  });
  const renew = useMutation({ mutationFn: () => renewFormToken(pipeline.id), onSuccess: refresh });
  const url = form ? `${window.location.origin}${form.path}` : '';
  const embed = form
    ? `<iframe src="${url}" title="${values.title.replace(/"/g, '&quot;')}" style="width:100%;min-height:720px;border:0" loading="lazy"></iframe>`
    : '';
  return (
    <Section title={t.processes.form} hint={t.processes.formHint}>
      <InlineForm
        onSubmit={() => save.mutate()}
        error={formError}
        saving={save.isPending}
        submitLabel={t.processes.saveForm}
      >
        <TextInput
          label={t.processes.formTitle}
          required
          value={values.title}
          onChange={(e) => setValues({ ...values, title: e.currentTarget.value })}
          error={errors.title}
        />
        <Textarea
          label={t.processes.intro}
          autosize
          minRows={2}
          value={values.intro ?? ''}
          onChange={(e) => setValues({ ...values, intro: e.currentTarget.value })}
          error={errors.intro}
        />
        <Text size="sm" fw={500}>
          {t.processes.ask}
        </Text>
        {ASK_KEYS.map((k) => (
          <Group key={k} justify="space-between" wrap="nowrap">
            <Text size="sm">{t.processes.submissionKeys[k]}</Text>
            <SegmentedControl
              size="xs"
              aria-label={t.processes.submissionKeys[k]}
              value={values.ask[k]}
              onChange={(v) =>
                setValues({ ...values, ask: { ...values.ask, [k]: v as (typeof ASK_LEVELS)[number] } })
              }
              data={ASK_LEVELS.map((l) => ({ value: l, label: t.processes.askLevels[l] }))}
            />
          </Group>
        ))}
        <MultiSelect
          label={t.processes.formFields}
          data={pipeline.fields.map((f) => ({ value: f.key, label: f.label }))}
          value={values.fieldKeys}
          onChange={(v) => setValues({ ...values, fieldKeys: v })}
          error={errors.fieldKeys}
        />
        <Textarea
          label={t.processes.thanks}
          required
          autosize
          minRows={2}
          value={values.thanks}
          onChange={(e) => setValues({ ...values, thanks: e.currentTarget.value })}
          error={errors.thanks}
        />
        <Switch
          label={t.processes.formActive}
          checked={values.active}
          onChange={(e) => setValues({ ...values, active: e.currentTarget.checked })}
        />
      </InlineForm>
      {form && (
        <Stack mt="md" gap="xs">
          <Text size="sm" fw={500}>
            {t.processes.formLink}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Anchor
              href={form.path}
              target="_blank"
              rel="noopener"
              size="sm"
              data-testid="form-link"
              style={{ wordBreak: 'break-all' }}
            >
              {url}
            </Anchor>
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <IconButton icon={IconCopy} iconSize={12} size="compact-xs" variant="default" onClick={copy}>
                  {copied ? t.processes.copied : t.processes.copy}
                </IconButton>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" fw={500}>
            {t.processes.embedCode}
          </Text>
          <Code block data-testid="embed-code">
            {embed}
          </Code>
          <Group gap="xs">
            <CopyButton value={embed}>
              {({ copied, copy }) => (
                <IconButton icon={IconCopy} iconSize={14} size="xs" variant="default" onClick={copy}>
                  {copied ? t.processes.copied : t.processes.copy}
                </IconButton>
              )}
            </CopyButton>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              title={t.processes.renewTokenHint}
              loading={renew.isPending}
              onClick={() => renew.mutate()}
            >
              {t.processes.renewToken}
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}

/** A pipeline's settings (admins): name and state, stages (colour, order), own fields, the public form. */
export function PipelineSettings({ pipeline }: { pipeline: Pipeline }) {
  return (
    <Stack>
      <PipelineSection pipeline={pipeline} />
      <StagesSection pipeline={pipeline} />
      <FieldsSection pipeline={pipeline} />
      <FormSection key={pipeline.form?.token ?? 'new'} pipeline={pipeline} />
    </Stack>
  );
}
