import {
  Alert,
  Anchor,
  Badge,
  Card,
  Code,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconInfoCircle,
  IconPlayerStop,
  IconRefresh,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { getQuery, http, ok } from '../../api/client.js';
import type { Run, RunLogLevel } from '../../api/models.js';
import { keys, useKindTitle, useSession } from '../../api/queries.js';
import { RetryCancelConfirm } from '../../components/confirm-modal.js';
import { BackLink, DetailFallback, Field } from '../../components/detail-shell.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { isLive, RunStateBadge } from '../../components/run-state-badge.js';
import { TechnicalDetails } from '../../components/technical-details.js';
import { TitledCard } from '../../components/titled-card.js';
import { useLang, useT } from '../../i18n/index.js';
import type { Dictionary } from '../../i18n/pt-BR.js';
import { formatDateTime, formatDateTimeSeconds, formatDuration, formatIsoDate } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { runTitle } from '../../lib/run-title.js';
import { RunProgress, requesterOf, runDuration } from './runs-tab.js';

const LEVEL_COLORS: Record<RunLogLevel, string> = { info: 'blue', warn: 'orange', error: 'red' };

/**
 * The figures of a result people read (a routine run's records, messages and errors, its reference date),
 * as label and value; the raw result stays under "Detalhes técnicos".
 */
function readableCounts(rest: unknown, t: Dictionary): [string, string][] {
  if (!rest || typeof rest !== 'object' || Array.isArray(rest)) return [];
  const r = rest as Record<string, unknown>;
  const messages = (r.messages && typeof r.messages === 'object' ? r.messages : {}) as Record<
    string,
    unknown
  >;
  const out: [string, string][] = [];
  const num = (label: string, v: unknown) => {
    if (typeof v === 'number') out.push([label, v.toLocaleString('pt-BR')]);
  };
  if (typeof r.date === 'string') out.push([t.runs.referenceDate, formatIsoDate(r.date)]);
  num(t.runs.countRecords, r.records);
  num(t.runs.countQueued, messages.queued);
  num(t.runs.countSkipped, messages.skipped);
  num(t.runs.countDuplicates, messages.duplicates);
  if (typeof r.failed === 'number' && r.failed > 0) num(t.runs.countFailed, r.failed);
  return out;
}

/** `result.summary` when the job gave one, and the rest of the result. */
function splitResult(result: unknown): { summary: string | null; rest: unknown } {
  if (result && typeof result === 'object' && !Array.isArray(result) && 'summary' in result) {
    const { summary, ...rest } = result as Record<string, unknown>;
    return { summary: typeof summary === 'string' ? summary : String(summary), rest };
  }
  return { summary: null, rest: result };
}

const hasContent = (value: unknown) =>
  value !== null &&
  value !== undefined &&
  !(typeof value === 'object' && Object.keys(value as object).length === 0);

export function RunPage() {
  const t = useT();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const { timeZone } = office;
  const kindTitle = useKindTitle();
  const [lang] = useLang();
  const [confirm, setConfirm] = useState<'cancel' | 'retry' | null>(null);

  const run = useQuery({
    ...getQuery(keys.run(id), '/api/runs/{id}', { params: { path: { id } } }),
    refetchInterval: (q) => (q.state.data && isLive(q.state.data.state) ? 1_500 : false),
    staleTime: 0,
  });

  // When the run ends, its requester has a new notification and the grid is out of date.
  const lastState = useRef<string | null>(null);
  useEffect(() => {
    const state = run.data?.state;
    if (!state) return;
    if (lastState.current && isLive(lastState.current as Run['state']) && !isLive(state)) {
      void queryClient.invalidateQueries({ queryKey: keys.notifications });
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
    }
    lastState.current = state;
  }, [run.data?.state, queryClient]);

  const act = useMutation({
    mutationFn: (action: 'cancel' | 'retry') =>
      ok(
        action === 'cancel'
          ? http.POST('/api/runs/{id}/cancel', { params: { path: { id } } })
          : http.POST('/api/runs/{id}/retry', { params: { path: { id } } }),
      ),
    onSuccess: (updated, action) => {
      notifySuccess(
        action === 'retry'
          ? t.runs.retriedDone
          : updated.state === 'cancelled'
            ? t.runs.cancelledDone
            : t.runs.cancelRequestedDone,
      );
      void queryClient.invalidateQueries({ queryKey: keys.run(id) });
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
    },
    onSettled: () => {
      setConfirm(null);
      void queryClient.invalidateQueries({ queryKey: keys.run(id) });
    },
  });

  const back = <BackLink to="/runs" label={t.runs.backToList} />;

  if (run.isPending || run.isError) {
    return <DetailFallback query={run} back={back} title={t.runs.title} />;
  }

  const r = run.data;
  const title = runTitle(r, kindTitle, lang);
  const { summary, rest } = splitResult(r.result);
  const counts = readableCounts(rest, t);
  const canCancel = isLive(r.state) && !r.cancelRequested;
  const canRetry = r.state === 'failed' || r.state === 'dead' || r.state === 'cancelled';

  return (
    <>
      <PageHeader
        above={back}
        title={title}
        subtitle={
          <Group gap="xs" component="span">
            <RunStateBadge state={r.state} size="lg" />
            {r.cancelRequested && isLive(r.state) && (
              <Badge color="orange" variant="outline">
                {t.runs.cancelRequested}
              </Badge>
            )}
            <Text span size="sm" c="dimmed">
              {formatDateTime(r.createdAt, timeZone)} · {requesterOf(r, t)}
            </Text>
          </Group>
        }
        actions={
          <>
            {canCancel && (
              <IconButton
                icon={IconPlayerStop}
                color="red"
                variant="light"
                onClick={() => setConfirm('cancel')}
              >
                {t.runs.cancel}
              </IconButton>
            )}
            {canRetry && (
              <IconButton icon={IconRefresh} onClick={() => setConfirm('retry')}>
                {t.runs.retry}
              </IconButton>
            )}
          </>
        }
      />

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {isLive(r.state) && (
              <Card>
                <Title order={3} mb="sm">
                  {t.runs.progress}
                </Title>
                <RunProgress run={r} timeZone={timeZone} />
              </Card>
            )}
            {(summary || (r.state === 'succeeded' && !hasContent(rest))) && (
              <Alert
                color={r.state === 'succeeded' ? 'teal' : 'gray'}
                variant="light"
                title={t.runs.summary}
                icon={
                  r.state === 'succeeded' ? <IconCircleCheck aria-hidden /> : <IconInfoCircle aria-hidden />
                }
                data-testid="run-summary"
              >
                <Text size="lg" fw={500}>
                  {summary ?? t.runs.noResult}
                </Text>
              </Alert>
            )}
            {r.error && !(r.state === 'cancelled' && r.error === 'cancelled') && (
              <Alert
                color="red"
                variant="light"
                title={t.runs.error}
                icon={<IconAlertTriangle aria-hidden />}
              >
                <Code block className="json-block" bg="transparent" p={0}>
                  {r.error}
                </Code>
              </Alert>
            )}
            {counts.length > 0 && (
              <Card>
                <Title order={3} mb="sm">
                  {t.runs.counts}
                </Title>
                <SimpleGrid cols={{ base: 2, sm: 3 }} data-testid="run-counts">
                  {counts.map(([label, value]) => (
                    <Field key={label} label={label}>
                      {value}
                    </Field>
                  ))}
                </SimpleGrid>
              </Card>
            )}
            <Card>
              <Group justify="space-between" mb="sm">
                <Title order={3}>{t.runs.logs}</Title>
                <Text size="xs" c="dimmed">
                  {r.logs.length}
                </Text>
              </Group>
              {r.logs.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t.runs.noLogs}
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={520} mah={480}>
                  <Table aria-label={t.runs.logs} verticalSpacing={6} horizontalSpacing="sm" stickyHeader>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={180}>{t.runs.logAt}</Table.Th>
                        <Table.Th w={110}>{t.runs.level}</Table.Th>
                        <Table.Th>{t.runs.message}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.logs.map((line, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no id and never reorder
                        <Table.Tr key={i} data-level={line.level}>
                          <Table.Td fz="xs" ff="monospace" className="nowrap" c="dimmed">
                            {formatDateTimeSeconds(line.at, timeZone)}
                          </Table.Td>
                          <Table.Td>
                            <Badge
                              size="sm"
                              color={LEVEL_COLORS[line.level]}
                              variant="light"
                              styles={{ label: { overflow: 'visible' } }}
                            >
                              {t.runs.levels[line.level]}
                            </Badge>
                          </Table.Td>
                          <Table.Td
                            fz="sm"
                            className="log-message"
                            c={
                              line.level === 'error'
                                ? 'red.8'
                                : line.level === 'warn'
                                  ? 'orange.9'
                                  : undefined
                            }
                          >
                            {line.message}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Card>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 4 }}>
          <TitledCard title={t.runs.details}>
            <Stack gap="md">
              <Field label={t.runs.colKind}>{kindTitle(r.kind)}</Field>
              <SimpleGrid cols={2}>
                <Field label={t.runs.colPool}>
                  <Text span ff="monospace" size="sm">
                    {r.pool}
                  </Text>
                </Field>
                <Field label={t.runs.requestedBy}>{requesterOf(r, t)}</Field>
              </SimpleGrid>
              {r.scheduleId && (
                <Field label={t.runs.schedule}>
                  <Anchor component={Link} to={`/runs/schedules/${r.scheduleId}`} size="sm">
                    {t.runs.viewSchedule}
                  </Anchor>
                </Field>
              )}
              <SimpleGrid cols={2}>
                <Field label={t.runs.createdAt}>{formatDateTime(r.createdAt, timeZone)}</Field>
                <Field label={t.runs.runAt}>{formatDateTime(r.runAt, timeZone)}</Field>
                <Field label={t.runs.colStart}>{formatDateTime(r.startedAt, timeZone)}</Field>
                <Field label={t.runs.colEnd}>{formatDateTime(r.finishedAt, timeZone)}</Field>
                <Field label={t.runs.colDuration}>{formatDuration(runDuration(r))}</Field>
                <Field label={t.runs.attempts}>{t.runs.attemptsOf(r.attempts, r.maxAttempts)}</Field>
              </SimpleGrid>
              <Field label={t.runs.progress}>
                {r.progressMessage ? `${r.progress}% · ${r.progressMessage}` : `${r.progress}%`}
              </Field>
              <TechnicalDetails label={t.runs.technicalDetails}>
                <Field label={t.runs.technicalKind}>
                  <Text span ff="monospace" size="xs">
                    {r.kind}
                  </Text>
                </Field>
                <Field label={t.runs.priority}>{String(r.priority)}</Field>
                <Field label={t.runs.id}>
                  <Text span ff="monospace" size="xs">
                    {r.id}
                  </Text>
                </Field>
                {hasContent(rest) && (
                  <Field label={t.runs.rawResult}>
                    <Code block className="json-block" component="pre">
                      {JSON.stringify(rest, null, 2)}
                    </Code>
                  </Field>
                )}
              </TechnicalDetails>
            </Stack>
          </TitledCard>
        </Grid.Col>
      </Grid>

      <RetryCancelConfirm
        action={confirm}
        texts={t.runs}
        loading={act.isPending}
        onConfirm={(action) => act.mutate(action)}
        onClose={() => setConfirm(null)}
      />
    </>
  );
}
