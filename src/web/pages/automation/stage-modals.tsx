/**
 * The two checks a stage offers before anything goes out: "Aplicar aos itens já neste estágio" (a dry run
 * first: how many items, and each one's condition result; then, confirmed, the runs are created) and
 * "Testar" (one item of the stage through the stage's rules in test mode: outcomes and message previews,
 * nothing sent).
 */
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type ApplyExisting, automationKeys, type Pipeline, type Rule } from '../../api/automation.js';
import { http, ok } from '../../api/client.js';
import { formatCompetencia, type RequestStatus } from '../../api/collection.js';
import type { TicketStatus } from '../../api/tickets.js';
import { QueryError } from '../../components/query-error.js';
import { useServerSearch } from '../../components/server-search.js';
import { TableHead } from '../../components/table-head.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { usePhone } from '../../lib/use-phone.js';
import { RunStatusBadge } from './automation-history.js';

export function ApplyExistingModal({
  pipeline,
  rule,
  title,
  onClose,
}: {
  pipeline: Pipeline;
  rule: Rule;
  title: string;
  onClose: () => void;
}) {
  const t = useT();
  const a = t.automation.apply;
  const queryClient = useQueryClient();
  const [result, setResult] = useState<ApplyExisting | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      ok(
        http.POST('/api/automation/rules/{id}/apply-existing', {
          params: { path: { id: rule.id } },
          body: { dryRun },
        }),
      ),
    onSuccess: (answer) => {
      if (answer.dryRun) {
        setResult(answer);
        return;
      }
      notifySuccess(a.created(answer.created));
      void queryClient.invalidateQueries({ queryKey: automationKeys.all });
      onClose();
    },
  });
  const { mutate } = run;
  // The dry run goes first, as soon as the modal opens.
  useEffect(() => mutate(true), [mutate]);
  const stageName = pipeline.stages.find((s) => s.id === rule.stageId)?.name ?? rule.stageId;
  return (
    <Modal opened onClose={onClose} title={a.title(title)} size="lg">
      <Stack>
        {run.isPending && !result && (
          <Group gap="xs">
            <Loader size="sm" />
            <Text size="sm">{a.checking}</Text>
          </Group>
        )}
        {run.isError && !result && <QueryError error={run.error} onRetry={() => mutate(true)} />}
        {result && (
          <>
            <Text size="sm" data-testid="apply-summary">
              {a.summary(result.count, result.matching, stageName)}
            </Text>
            {result.items.length > 0 && (
              <Table.ScrollContainer minWidth={360}>
                <Table striped>
                  <TableHead labels={[a.item, a.condition]} />
                  <Table.Tbody>
                    {result.items.map((item) => (
                      <Table.Tr key={item.itemId}>
                        <Table.Td>{item.title}</Table.Td>
                        <Table.Td>
                          <Badge size="sm" variant="light" color={item.passes ? 'teal' : 'gray'}>
                            {item.passes ? a.passes : a.fails}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {result.items.length < result.count && (
              <Text size="xs" c="dimmed">
                {a.firstOnly(result.items.length)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button
                onClick={() => mutate(false)}
                loading={run.isPending}
                disabled={result.matching === 0}
                data-testid="apply-confirm"
              >
                {a.confirm(result.matching)}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** A Processos pipeline's automation id: `process:<uuid>`. */
const PROCESS_PREFIX = 'process:';

/** The items of a stage to test with, searched through the pipeline's own list (tickets, programações, cards). */
function useStageItems(pipelineId: string, stageId: string, q: string) {
  return useQuery({
    queryKey: ['automation', 'stage-items', pipelineId, stageId, q],
    queryFn: async ({ signal }): Promise<{ value: string; label: string }[]> => {
      if (pipelineId === 'tickets') {
        const query = { status: stageId as TicketStatus, q: q || undefined, page: 1, pageSize: 20 };
        const data = await ok(http.GET('/api/tickets', { params: { query }, signal }));
        return data.items.map((x) => ({ value: x.id, label: `#${x.number} ${x.subject}` }));
      }
      if (pipelineId === 'collection') {
        const query = { status: stageId as RequestStatus, q: q || undefined, page: 1, pageSize: 20 };
        const data = await ok(http.GET('/api/collection/requests', { params: { query }, signal }));
        return data.items.map((x) => ({
          value: x.id,
          label: `${x.client.name} — ${x.template.name} ${formatCompetencia(x.competencia)}`,
        }));
      }
      if (pipelineId.startsWith(PROCESS_PREFIX)) {
        // A Processos pipeline: its open cards in the stage (the items rules run on).
        const query = {
          pipelineId: pipelineId.slice(PROCESS_PREFIX.length),
          stageId,
          state: 'open' as const,
          q: q || undefined,
          page: 1,
          pageSize: 20,
        };
        const data = await ok(http.GET('/api/processes/cards', { params: { query }, signal }));
        return data.items.map((x) => ({
          value: x.id,
          label: x.clientName ? `${x.title} — ${x.clientName}` : x.title,
        }));
      }
      return [];
    },
    placeholderData: keepPreviousData,
  });
}

export function StageTestModal({
  pipeline,
  stageId,
  onClose,
}: {
  pipeline: Pipeline;
  stageId: string;
  onClose: () => void;
}) {
  const t = useT();
  const a = t.automation.test;
  const phone = usePhone();
  const { q, props: searchProps } = useServerSearch();
  const [itemId, setItemId] = useState<string | null>(null);
  const [typedId, setTypedId] = useState('');
  const items = useStageItems(pipeline.id, stageId, q);
  const listed =
    pipeline.id === 'tickets' || pipeline.id === 'collection' || pipeline.id.startsWith(PROCESS_PREFIX);
  const test = useMutation({
    mutationFn: (id: string) =>
      ok(
        http.POST('/api/automation/pipelines/{pipelineId}/stages/{stageId}/test', {
          params: { path: { pipelineId: pipeline.id, stageId } },
          body: { itemId: id },
        }),
      ),
  });
  const stageName = pipeline.stages.find((s) => s.id === stageId)?.name ?? stageId;
  const chosen = listed ? itemId : typedId.trim() || null;
  return (
    <Modal opened onClose={onClose} title={a.title(stageName)} size="xl" fullScreen={phone}>
      <Stack>
        <Text size="sm" c="dimmed">
          {a.intro}
        </Text>
        <Group align="flex-end" gap="xs">
          {listed ? (
            <Select
              label={a.item}
              placeholder={a.itemPlaceholder}
              data={items.data ?? []}
              value={itemId}
              onChange={setItemId}
              {...searchProps}
              nothingFoundMessage={items.isFetching ? t.common.loading : a.noItems}
              style={{ flex: 1, minWidth: 220 }}
              data-testid="test-item"
            />
          ) : (
            <TextInput
              label={a.itemId}
              value={typedId}
              onChange={(e) => setTypedId(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
            />
          )}
          <Button onClick={() => chosen && test.mutate(chosen)} disabled={!chosen} loading={test.isPending}>
            {a.run}
          </Button>
        </Group>
        {test.isError && <QueryError error={test.error} />}
        {test.data && (
          <Stack gap="xs" data-testid="test-result">
            <Alert color="blue" variant="light">
              {a.nothingSent(test.data.item.title)}
            </Alert>
            {test.data.runs.length === 0 && (
              <Text size="sm" c="dimmed">
                {a.noRules}
              </Text>
            )}
            {test.data.runs.map((run) => (
              <Paper key={run.ruleId} withBorder p="sm" radius="sm">
                <Group gap="xs" mb={4}>
                  <Text size="sm" fw={600}>
                    {run.description}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {run.draft ? a.draft : run.version !== null ? `v${run.version}` : ''}
                  </Text>
                  <RunStatusBadge status={run.status} />
                </Group>
                {run.conditionValues && Object.keys(run.conditionValues).length > 0 && (
                  <Text size="xs" c="dimmed">
                    {t.automation.history.conditionValues}{' '}
                    {Object.entries(run.conditionValues)
                      .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
                      .join(', ')}
                  </Text>
                )}
                {run.outcome && <Text size="sm">{run.outcome.summary}</Text>}
                {run.error && (
                  <Text size="sm" c="red">
                    {run.error}
                  </Text>
                )}
                {run.outcome?.preview?.map((p, i) => (
                  <Paper
                    // biome-ignore lint/suspicious/noArrayIndexKey: previews have no id; the list never changes
                    key={i}
                    bg="var(--mantine-color-gray-0)"
                    p="xs"
                    mt="xs"
                    radius="sm"
                    data-testid="test-preview"
                  >
                    <Text size="xs" c="dimmed">
                      {a.preview(p.channel, p.to)}
                    </Text>
                    {p.subject && (
                      <Text size="sm" fw={600}>
                        {p.subject}
                      </Text>
                    )}
                    <Code block style={{ whiteSpace: 'pre-wrap' }}>
                      {p.body}
                    </Code>
                  </Paper>
                ))}
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
