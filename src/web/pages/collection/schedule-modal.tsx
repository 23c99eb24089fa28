import {
  Alert,
  Button,
  Group,
  Input,
  Modal,
  NumberInput,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCalendarPlus, IconEye, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { parsePeriodInput } from '../../api/billing.js';
import { getQuery } from '../../api/client.js';
import {
  collectionKeys,
  createSchedule,
  formatCompetencia,
  previewSchedule,
  type ScheduleInput,
  useTemplates,
} from '../../api/collection.js';
import { useSession } from '../../api/queries.js';
import { ClientsMultiSelect } from '../../components/clients-multi-select.js';
import { FormAlert } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { PeriodInput } from '../../components/period-input.js';
import { isLive, RunStateBadge } from '../../components/run-state-badge.js';
import { TableHead } from '../../components/table-head.js';
import { useT } from '../../i18n/index.js';
import { formatIsoDate, todayIn } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';

type AudienceKind = ScheduleInput['audience']['kind'];
type Frequency = Extract<ScheduleInput, { mode: 'recurring' }>['recurrence']['frequency'];

/** Next month as `MM/AAAA`, the competência most programações are for. */
function nextPeriod(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const year = m === 12 ? y + 1 : y;
  const month = m === 12 ? 1 : m + 1;
  return `${String(month).padStart(2, '0')}/${year}`;
}

/**
 * Programar: a Processo Modelo for some clients (chosen, a class or a tag), once for a competência or
 * recurring; the server's preview (how many programações each month and the first due dates) comes before
 * the confirmation, and a change to the choices asks for it again.
 */
export function ScheduleModal({
  templateId: initialTemplate,
  clientId,
  onClose,
}: {
  templateId?: string;
  clientId?: string;
  onClose: () => void;
}) {
  const t = useT();
  const c = t.collection;
  const queryClient = useQueryClient();
  const { office } = useSession();
  const templates = useTemplates(true);
  const today = todayIn(office.timeZone);
  const [templateId, setTemplateId] = useState<string | null>(initialTemplate ?? null);
  const [kind, setKind] = useState<AudienceKind>('clients');
  const [clientIds, setClientIds] = useState<string[]>(clientId ? [clientId] : []);
  const [clientClass, setClientClass] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [mode, setMode] = useState<ScheduleInput['mode']>('once');
  const [competencia, setCompetencia] = useState(nextPeriod(today));
  const [frequency, setFrequency] = useState<Frequency>('monthly');
  const [generateDay, setGenerateDay] = useState<number | string>(20);
  const [start, setStart] = useState(nextPeriod(today));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [previewKey, setPreviewKey] = useState<string | null>(null);

  const build = (): { body: ScheduleInput | null; found: Record<string, string> } => {
    const found: Record<string, string> = {};
    if (!templateId) found.templateId = c.required;
    if (kind === 'clients' && clientIds.length === 0) found.audience = c.required;
    if (kind === 'class' && !clientClass) found.audience = c.required;
    if (kind === 'tag' && !tag.trim()) found.audience = c.required;
    const once = parsePeriodInput(competencia);
    const first = parsePeriodInput(start);
    const day = Number(generateDay);
    if (mode === 'once' && !once) found.competencia = c.competenciaInvalid;
    if (mode === 'recurring') {
      if (!first) found.startCompetencia = c.competenciaInvalid;
      if (!Number.isInteger(day) || day < 1 || day > 28) found.generateDay = c.generateDayInvalid;
    }
    if (Object.keys(found).length > 0) return { body: null, found };
    const audience: ScheduleInput['audience'] =
      kind === 'clients'
        ? { kind, clientIds }
        : kind === 'class'
          ? { kind, classId: clientClass ?? '' }
          : { kind, tagId: tag.trim() };
    const input: ScheduleInput =
      mode === 'once'
        ? { templateId: templateId ?? '', audience, mode, competencia: once ?? '' }
        : {
            templateId: templateId ?? '',
            audience,
            mode,
            recurrence: { frequency, generateDay: day, startCompetencia: first ?? '' },
          };
    return { body: input, found };
  };
  const { body, found } = build();
  const bodyKey = body ? JSON.stringify(body) : null;

  const preview = useMutation({
    mutationFn: (input: ScheduleInput) => previewSchedule(input),
    meta: { silent: true },
    onSuccess: (_, input) => setPreviewKey(JSON.stringify(input)),
  });
  const create = useMutation({
    mutationFn: (input: ScheduleInput) => createSchedule(input),
    meta: { silent: true },
    onSuccess: (result) => {
      // A large audience is generated by a run (202): the modal follows it instead of closing.
      if (result.run) {
        setRunId(result.run.id);
        return;
      }
      notifySuccess(result.programId ? c.scheduledRecurring : c.scheduled(result.created));
      void queryClient.invalidateQueries({ queryKey: collectionKeys.all });
      onClose();
    },
  });
  const [runId, setRunId] = useState<string | null>(null);

  const runPreview = () => {
    if (!body) {
      setErrors(found);
      return;
    }
    setErrors({});
    preview.mutate(body);
  };
  const fresh = previewKey !== null && previewKey === bodyKey;
  const failure = preview.error ?? create.error;

  if (runId)
    return (
      <Modal opened onClose={onClose} title={c.scheduleTitle} size="lg">
        <GenerationRun id={runId} onClose={onClose} />
      </Modal>
    );

  return (
    <Modal opened onClose={onClose} title={c.scheduleTitle} size="lg">
      <Stack>
        <FormAlert error={failure ? errorMessage(failure, t) : null} />
        <Select
          label={c.template}
          placeholder={c.templatePlaceholder}
          data={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={templateId}
          onChange={setTemplateId}
          error={errors.templateId}
          searchable
          required
          comboboxProps={{ withinPortal: true }}
        />
        <Input.Wrapper label={c.audience}>
          <div>
            <SegmentedControl
              aria-label={c.audience}
              value={kind}
              onChange={(v) => setKind(v as AudienceKind)}
              data={[
                { value: 'clients', label: c.audienceClients },
                { value: 'class', label: c.audienceClass },
                { value: 'tag', label: c.audienceTag },
              ]}
            />
          </div>
        </Input.Wrapper>
        {kind === 'clients' && (
          <ClientsMultiSelect
            label={t.collection.audienceClientsPick}
            placeholder={clientIds.length === 0 ? t.collection.audienceClientsPlaceholder : undefined}
            activeOnly
            value={clientIds}
            onChange={setClientIds}
            error={errors.audience}
          />
        )}
        {kind === 'class' && (
          <Select
            label={c.audienceClassPick}
            data={office.clientClasses}
            value={clientClass}
            onChange={setClientClass}
            error={errors.audience}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {kind === 'tag' && (
          <TextInput
            label={c.audienceTagPick}
            placeholder={c.audienceTagPlaceholder}
            value={tag}
            onChange={(e) => setTag(e.currentTarget.value)}
            error={errors.audience}
          />
        )}
        <Input.Wrapper label={c.mode}>
          <div>
            <SegmentedControl
              aria-label={c.mode}
              value={mode}
              onChange={(v) => setMode(v as ScheduleInput['mode'])}
              data={[
                { value: 'once', label: c.modeOnce },
                { value: 'recurring', label: c.modeRecurring },
              ]}
            />
          </div>
        </Input.Wrapper>
        {mode === 'once' ? (
          <PeriodInput
            label={c.competencia}
            placeholder={c.competenciaPlaceholder}
            value={competencia}
            onChange={setCompetencia}
            error={errors.competencia}
            w={180}
          />
        ) : (
          <Group align="flex-start" grow>
            <Select
              label={c.frequency}
              data={(['monthly', 'quarterly', 'yearly'] as const).map((f) => ({
                value: f,
                label: c.frequencies[f],
              }))}
              value={frequency}
              onChange={(v) => v && setFrequency(v as Frequency)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <NumberInput
              label={c.generateDay}
              description={c.generateDayHint}
              min={1}
              max={28}
              allowDecimal={false}
              value={generateDay}
              onChange={setGenerateDay}
              error={errors.generateDay}
            />
            <PeriodInput
              label={c.startCompetencia}
              placeholder={c.competenciaPlaceholder}
              value={start}
              onChange={setStart}
              error={errors.startCompetencia}
            />
          </Group>
        )}

        {preview.data && (
          <Stack gap="xs" data-testid="schedule-preview">
            <Text size="sm" fw={600}>
              {c.previewClients(preview.data.clients)}
            </Text>
            {preview.data.months.length > 0 && (
              <Table withTableBorder>
                <TableHead labels={[c.previewMonth, c.previewRequests, c.previewDueDates]} />
                <Table.Tbody>
                  {preview.data.months.map((m) => (
                    <Table.Tr key={m.competencia}>
                      <Table.Td>{formatCompetencia(m.competencia)}</Table.Td>
                      <Table.Td>{m.requests}</Table.Td>
                      <Table.Td>{m.firstDueDates.map(formatIsoDate).join(', ') || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {!fresh && (
              <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />}>
                {c.previewOutdated}
              </Alert>
            )}
          </Stack>
        )}

        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t.common.cancel}
          </Button>
          <IconButton
            icon={IconEye}
            variant={fresh ? 'default' : 'filled'}
            loading={preview.isPending}
            onClick={runPreview}
          >
            {c.previewButton}
          </IconButton>
          <IconButton
            icon={IconCalendarPlus}
            disabled={!fresh || !body}
            title={fresh ? undefined : c.previewNeeded}
            loading={create.isPending}
            onClick={() => body && create.mutate(body)}
          >
            {c.confirmSchedule}
          </IconButton>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * The run that generates a large Programar (`collection.generate-once`): its progress while it runs, then
 * how many programações it created, or that it failed, with a link to the run in Execuções. Closing the
 * modal does not stop it; its requester is notified when it ends.
 */
function GenerationRun({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const c = t.collection;
  const queryClient = useQueryClient();
  const run = useQuery({
    ...getQuery([...collectionKeys.all, 'generation-run', id], '/api/runs/{id}', {
      params: { path: { id } },
    }),
    refetchInterval: (q) => (q.state.data && !isLive(q.state.data.state) ? false : 1_000),
    staleTime: 0,
  });
  const state = run.data?.state ?? 'queued';
  const live = isLive(state);
  const result = run.data?.result as { created?: number } | null | undefined;
  // The grid is out of date once the run has made its programações.
  useEffect(() => {
    if (state === 'succeeded') void queryClient.invalidateQueries({ queryKey: collectionKeys.all });
  }, [state, queryClient]);
  return (
    <Stack data-testid="generation-run" data-state={state}>
      <Group justify="space-between">
        <Text fw={600}>{live ? c.generating : c.generationEnded}</Text>
        <RunStateBadge state={state} />
      </Group>
      <Progress
        value={state === 'succeeded' ? 100 : (run.data?.progress ?? 0)}
        animated={live}
        aria-label={c.generating}
      />
      {live && (
        <Text size="sm" c="dimmed">
          {c.generatingHint}
        </Text>
      )}
      {state === 'succeeded' && (
        <Alert color="teal" variant="light">
          {c.scheduled(result?.created ?? 0)}
        </Alert>
      )}
      {!live && state !== 'succeeded' && (
        <Alert color="red" variant="light">
          {c.generationFailed}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" component={Link} to={`/runs/${id}`}>
          {c.openRun}
        </Button>
        <Button onClick={onClose}>{t.common.close}</Button>
      </Group>
    </Stack>
  );
}
