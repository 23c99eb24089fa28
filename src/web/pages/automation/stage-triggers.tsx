/**
 * The triggers (gatilhos) at the top of a stage's column: what moves an item into the stage — an invoice
 * paid, the client's reply, a form, an incoming webhook, a field changed, no movement for N business days…
 * Each can be added, edited (its configuration form generated from the kind's JSON Schema, "permitir voltar
 * a um estágio anterior", on/off) and deleted.
 */
import {
  ActionIcon,
  Badge,
  Code,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { triggerDefinition } from '../../../shared/schemas/automation.js';
import {
  automationKeys,
  type Catalog,
  type Pipeline,
  type Trigger,
  type TriggerInput,
  type TriggerKindInfo,
} from '../../api/automation.js';
import { http, ok } from '../../api/client.js';
import { ConfirmTarget } from '../../components/confirm-target.js';
import { CopyIconButton } from '../../components/copy-icon-button.js';
import { FormAlert, FormFooter } from '../../components/form-footer.js';
import { useT } from '../../i18n/index.js';
import { type FieldErrors, focusFirstError, schemaErrors } from '../../lib/form-errors.js';
import { notifySuccess } from '../../lib/notify.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { KindMenu, KindMenuItem } from './kind-menu.js';
import { SchemaFields } from './schema-fields.js';
import { defaultsOf, fieldsOf, initialValues, type JsonSchema, toInput } from './schema-form.js';

/** A server path (`config.days`, `allowBack`) → the form's key. */
const triggerErrorKey = (path: readonly string[]): string | null => {
  const [head, ...rest] = path;
  if (head === 'config') return rest.length ? `config.${rest.join('.')}` : 'config';
  if (head === 'allowBack' || head === 'enabled') return head;
  return null;
};

function TriggerForm({
  pipeline,
  stageId,
  kind,
  trigger,
  onClose,
}: {
  pipeline: Pipeline;
  stageId: string;
  kind: TriggerKindInfo;
  trigger: Trigger | null;
  onClose: () => void;
}) {
  const t = useT();
  const a = t.automation.triggers;
  const queryClient = useQueryClient();
  const schema = kind.configSchema as JsonSchema;
  const specs = useMemo(() => fieldsOf(schema, t.automation.knownLabels), [schema, t]);
  const [values, setValues] = useState(() => initialValues(specs, trigger?.config ?? {}, defaultsOf(schema)));
  const [allowBack, setAllowBack] = useState(trigger?.allowBack ?? false);
  const [enabled, setEnabled] = useState(trigger?.enabled ?? true);
  const { errors, setErrors, formError, showSaveError } = useServerErrors();
  const save = useMutation({
    meta: { silent: true },
    mutationFn: (body: TriggerInput) =>
      trigger
        ? ok(http.PUT('/api/automation/triggers/{id}', { params: { path: { id: trigger.id } }, body }))
        : ok(
            http.POST('/api/automation/pipelines/{pipelineId}/triggers', {
              params: { path: { pipelineId: pipeline.id } },
              body,
            }),
          ),
    onSuccess: () => {
      notifySuccess(a.saved);
      void queryClient.invalidateQueries({ queryKey: automationKeys.triggers(pipeline.id) });
      onClose();
    },
    onError: (error) => showSaveError(error, triggerErrorKey),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const config = toInput(specs, values);
    const found: FieldErrors = {};
    if (!config.ok) found[`config.${config.path}`] = t.automation.invalidJson;
    // The kind was picked from the server's own catalog (GET /api/automation/catalog).
    const body = {
      kind: kind.kind as TriggerInput['kind'],
      config: config.ok ? config.input : {},
      allowBack,
      enabled,
      stageId,
    };
    if (config.ok) Object.assign(found, schemaErrors(triggerDefinition, body, triggerErrorKey));
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstError();
    save.mutate(body);
  };
  const stageName = pipeline.stages.find((s) => s.id === stageId)?.name ?? stageId;
  return (
    <Modal opened onClose={onClose} title={a.formTitle(kind.name, stageName)} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert error={formError} />
          <Text size="sm" c="dimmed">
            {kind.description}
          </Text>
          <SchemaFields
            fields={specs}
            values={values}
            onChange={setValues}
            errors={errors}
            prefix="config."
            itemFields={pipeline.fields}
            variables={[]}
            stages={pipeline.stages}
          />
          {trigger?.webhookUrl && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {a.webhookUrl}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <Code style={{ overflowWrap: 'anywhere', flex: 1 }}>
                  {new URL(trigger.webhookUrl, window.location.origin).toString()}
                </Code>
                <CopyIconButton
                  value={new URL(trigger.webhookUrl, window.location.origin).toString()}
                  label={t.common.copy}
                  variant="light"
                  iconSize={14}
                />
              </Group>
              <Text size="xs" c="dimmed">
                {a.webhookHint}
              </Text>
            </Stack>
          )}
          <Switch
            label={a.allowBack}
            description={a.allowBackHint}
            checked={allowBack}
            onChange={(e) => setAllowBack(e.currentTarget.checked)}
            error={errors.allowBack}
          />
          <Switch label={a.enabled} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <FormFooter onCancel={onClose} saving={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

type Editing = { kind: TriggerKindInfo; trigger: Trigger | null };

export function StageTriggers({
  pipeline,
  stageId,
  triggers,
  catalog,
}: {
  pipeline: Pipeline;
  stageId: string;
  triggers: Trigger[];
  catalog: Catalog | undefined;
}) {
  const t = useT();
  const a = t.automation.triggers;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Trigger | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) =>
      ok(http.DELETE('/api/automation/triggers/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(a.deleted);
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: automationKeys.triggers(pipeline.id) });
    },
  });
  const kindOf = (kind: string) => catalog?.triggers.find((k) => k.kind === kind);
  return (
    <Stack gap={4} px="xs" pb={6} data-testid="stage-triggers">
      {triggers.map((trigger) => (
        <Paper key={trigger.id} p={6} radius="sm" withBorder bg="var(--mantine-color-yellow-0)">
          <Group gap={4} wrap="nowrap" align="flex-start">
            <UnstyledButton
              style={{ flex: 1, minWidth: 0 }}
              onClick={() => {
                const kind = kindOf(trigger.kind);
                if (kind) setEditing({ kind, trigger });
              }}
              aria-label={a.edit(trigger.name)}
            >
              <Text size="xs" fw={600}>
                {a.prefix} {trigger.name}
              </Text>
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {trigger.description}
              </Text>
              <Group gap={4} mt={2}>
                {trigger.allowBack && (
                  <Badge size="xs" variant="outline" color="gray">
                    {a.allowBackBadge}
                  </Badge>
                )}
                {!trigger.enabled && (
                  <Badge size="xs" variant="light" color="gray">
                    {a.off}
                  </Badge>
                )}
              </Group>
            </UnstyledButton>
            <Tooltip label={t.common.delete}>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                aria-label={a.delete(trigger.name)}
                onClick={() => setDeleting(trigger)}
              >
                <IconTrash size={12} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Paper>
      ))}
      <KindMenu
        label={a.add}
        disabled={!catalog || catalog.triggers.length === 0}
        button={{ iconSize: 12, size: 'compact-xs', color: 'yellow.8' }}
      >
        {catalog?.triggers.map((kind) => (
          <KindMenuItem key={kind.kind} kind={kind} onPick={() => setEditing({ kind, trigger: null })} />
        ))}
      </KindMenu>
      {editing && (
        <TriggerForm
          pipeline={pipeline}
          stageId={stageId}
          kind={editing.kind}
          trigger={editing.trigger}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmTarget
        target={deleting}
        message={(rule) => a.deleteConfirm(rule.name)}
        loading={remove.isPending}
        onConfirm={(rule) => remove.mutate(rule.id)}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
