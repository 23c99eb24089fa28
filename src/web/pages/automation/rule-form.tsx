import {
  Alert,
  Button,
  Divider,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { ruleDefinition } from '../../../shared/schemas/automation.js';
import {
  type ActionInfo,
  automationKeys,
  currentDefinition,
  type Pipeline,
  type Rule,
  type RuleInput,
} from '../../api/automation.js';
import { http, ok } from '../../api/client.js';
import { FormAlert } from '../../components/form-footer.js';
import { useLang, useT } from '../../i18n/index.js';
import { type FieldErrors, focusFirstError, schemaErrors } from '../../lib/form-errors.js';
import { notifySuccess } from '../../lib/notify.js';
import { usePhone } from '../../lib/use-phone.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { ConditionEditor } from './condition-editor.js';
import { type ConditionGroup, emptyGroup, firstIncomplete, fromLogic, toLogic } from './condition-logic.js';
import { DelayEditor } from './delay-editor.js';
import { delayErrors, delayToForm, formToDelay } from './delay-form.js';
import { conditionErrorText } from './rule-words.js';
import { SchemaFields } from './schema-fields.js';
import { defaultsOf, fieldsOf, initialValues, type JsonSchema, toInput } from './schema-form.js';

/** The Liquid variables a rule's texts may use on this pipeline. */
export function liquidVariables(pipeline: Pipeline): string[] {
  return [
    'item.title',
    ...pipeline.fields.map((f) => `item.${f.key}`),
    'client.name',
    'client.document',
    'office.name',
    'vars.document.link',
    'vars.invoice.link',
    'vars.invoice.pixCode',
  ];
}

/** A server path (`input.subject`, `delay.offsetDays`) → the form's key. */
export function ruleErrorKey(path: readonly string[]): string | null {
  const [head, ...rest] = path;
  if (head === 'delay') {
    const key = rest[0] === 'offsetDays' ? 'days' : (rest[0] ?? 'kind');
    return `delay.${key}`;
  }
  if (head === 'input') return rest.length ? `input.${rest.join('.')}` : 'input';
  if (head === 'name' || head === 'mode' || head === 'condition') return head;
  return null;
}

/**
 * A rule's form (new or existing): its name, the action's fields (generated from the action's JSON
 * Schema), sequence or parallel, the delay and the condition. "Salvar rascunho" keeps a draft;
 * "Publicar" saves and publishes it as the next version (runs already waiting keep theirs).
 */
export function RuleForm({
  pipeline,
  stageId,
  action,
  rule,
  onClose,
}: {
  pipeline: Pipeline;
  stageId: string;
  action: ActionInfo;
  rule: Rule | null;
  onClose: () => void;
}) {
  const t = useT();
  const a = t.automation;
  const [lang] = useLang();
  const phone = usePhone();
  const queryClient = useQueryClient();
  const def = rule ? currentDefinition(rule) : null;
  const schema = action.inputSchema as JsonSchema;
  const specs = useMemo(() => fieldsOf(schema, t.automation.knownLabels), [schema, t]);
  const fields = pipeline.fields;
  const [name, setName] = useState(def?.name ?? '');
  const [values, setValues] = useState(() => initialValues(specs, def?.input ?? {}, defaultsOf(schema)));
  const [mode, setMode] = useState<'sequence' | 'parallel'>(def?.mode ?? 'sequence');
  const [delay, setDelay] = useState(() => delayToForm(def?.delay));
  const loaded = useMemo(() => fromLogic(def?.condition ?? null, fields), [def, fields]);
  const [tree, setTree] = useState<ConditionGroup>(() => (loaded.ok ? loaded.tree : emptyGroup()));
  // A stored condition the editor cannot show stays as it is until the user clears it.
  const [kept, setKept] = useState<unknown>(loaded.ok ? undefined : def?.condition);
  const [badRow, setBadRow] = useState<string | null>(null);
  const { errors, setErrors, formError, setFormError, showSaveError } = useServerErrors();

  const stageName = pipeline.stages.find((s) => s.id === stageId)?.name ?? stageId;

  const invalidate = () =>
    void queryClient.invalidateQueries({ queryKey: automationKeys.rules(pipeline.id) });

  const save = useMutation({
    meta: { silent: true },
    mutationFn: async ({ body, publish }: { body: RuleInput; publish: boolean }) => {
      const saved = rule
        ? await ok(http.PUT('/api/automation/rules/{id}', { params: { path: { id: rule.id } }, body }))
        : await ok(
            http.POST('/api/automation/pipelines/{pipelineId}/stages/{stageId}/rules', {
              params: { path: { pipelineId: pipeline.id, stageId } },
              body,
            }),
          );
      if (publish)
        return ok(http.POST('/api/automation/rules/{id}/publish', { params: { path: { id: saved.id } } }));
      return saved;
    },
    onSuccess: (_saved, { publish }) => {
      invalidate();
      notifySuccess(publish ? a.form.publishedNow : a.form.draftSaved);
      onClose();
    },
    onError: (error) => {
      // A new rule whose publish failed was saved as a draft: the board should show it.
      invalidate();
      showSaveError(error, ruleErrorKey);
    },
  });

  const submit = (publish: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    setFormError(null);
    const found: FieldErrors = {};
    const input = toInput(specs, values);
    if (!input.ok) found[`input.${input.path}`] = a.invalidJson;
    for (const [k, v] of Object.entries(delayErrors(delay))) found[`delay.${k}`] = v;
    const incomplete = kept === undefined ? firstIncomplete(tree) : null;
    setBadRow(incomplete);
    const body = {
      name: name.trim() || null,
      action: action.kind,
      input: input.ok ? input.input : {},
      mode,
      delay: formToDelay(delay),
      condition: kept !== undefined ? kept : toLogic(tree, fields),
    };
    if (Object.keys(found).length === 0)
      Object.assign(found, schemaErrors(ruleDefinition, body, ruleErrorKey));
    setErrors(found);
    if (incomplete || Object.keys(found).length > 0) {
      focusFirstError();
      return;
    }
    save.mutate({ body: body as RuleInput, publish });
  };

  const delayErrs: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) if (k.startsWith('delay.')) delayErrs[k.slice(6)] = v;
  const inputErrors = Object.entries(errors).filter(([k]) => k === 'input');

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      fullScreen={phone}
      title={
        <Stack gap={0}>
          <Title order={3}>{rule ? a.form.editTitle : a.form.newTitle}</Title>
          <Text size="sm" c="dimmed">
            {a.form.subtitle(action.name, stageName)}
          </Text>
        </Stack>
      }
    >
      <form onSubmit={submit(false)} noValidate>
        <Stack>
          <FormAlert error={formError} />
          <Text size="sm" c="dimmed">
            {action.description}
          </Text>
          <TextInput
            label={a.form.name}
            description={a.form.nameHint}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={120}
            error={errors.name}
          />
          {inputErrors.map(([k, v]) => (
            <Alert key={k} color="red" variant="light">
              {v}
            </Alert>
          ))}
          <SchemaFields
            fields={specs}
            values={values}
            onChange={setValues}
            errors={errors}
            prefix="input."
            itemFields={fields}
            variables={liquidVariables(pipeline)}
            stages={pipeline.stages.filter((s) => s.id !== stageId)}
          />
          <Divider label={a.form.when} labelPosition="left" />
          <SegmentedControl
            aria-label={a.form.mode}
            value={mode}
            onChange={(m) => setMode(m as 'sequence' | 'parallel')}
            data={[
              { value: 'sequence', label: a.form.sequence },
              { value: 'parallel', label: a.form.parallel },
            ]}
            styles={{ label: { whiteSpace: 'normal' } }}
          />
          <Text size="xs" c="dimmed" mt={-8}>
            {mode === 'sequence' ? a.form.sequenceHint : a.form.parallelHint}
          </Text>
          <DelayEditor value={delay} onChange={setDelay} fields={fields} errors={delayErrs} />
          <Divider label={a.condition} labelPosition="left" />
          <Text size="xs" c="dimmed" mt={-8}>
            {a.conditionHint}
          </Text>
          {kept !== undefined && !loaded.ok ? (
            <Alert color="yellow" variant="light">
              <Stack gap="xs">
                <Text size="sm">{conditionErrorText(loaded.error, lang)}</Text>
                <Group>
                  <Button
                    size="compact-sm"
                    variant="light"
                    color="red"
                    onClick={() => {
                      setKept(undefined);
                      setTree(emptyGroup());
                    }}
                  >
                    {a.clearCondition}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : (
            <ConditionEditor tree={tree} fields={fields} onChange={setTree} errorRow={badRow} />
          )}
          {errors.condition && (
            <Text size="sm" c="red" role="alert">
              {errors.condition}
            </Text>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t.common.cancel}
            </Button>
            <Button type="submit" variant="light" loading={save.isPending && !save.variables?.publish}>
              {a.form.saveDraft}
            </Button>
            <Button onClick={() => submit(true)()} loading={save.isPending && save.variables?.publish}>
              {a.form.publish}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
