/**
 * An item's automation history (ticket, programação, process card): each entry into a stage with its rule
 * runs — the rule and its version, status, the values its condition read, what it did (with links to the
 * message in the outbox, the task, the document, the invoice, the webhook's answer) — and the steps still
 * waiting, with their due time and a button to cancel them.
 */
import {
  Anchor,
  Badge,
  Code,
  Group,
  type MantineColor,
  Paper,
  Skeleton,
  Stack,
  Text,
  Timeline,
} from '@mantine/core';
import { IconBolt, IconPlayerStop } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import {
  automationKeys,
  type OutcomeLink,
  type RuleRun,
  type RunStatus,
  useItemHistory,
} from '../../api/automation.js';
import { http, ok } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import { EmptyNote } from '../../components/empty-note.js';
import { IconButton } from '../../components/icon-button.js';
import { QueryCard } from '../../components/query-card.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';

export const RUN_STATUS_COLORS: Record<RunStatus, MantineColor> = {
  waiting: 'gray',
  pending: 'blue',
  running: 'blue',
  done: 'teal',
  skipped: 'gray',
  failed: 'red',
  cancelled: 'orange',
  loop: 'red',
};

/** Where a run's link goes in the app; null when the thing has no page of its own. */
export function linkHref(link: OutcomeLink): string | null {
  switch (link.kind) {
    case 'message':
      return `/messages/outbox?message=${encodeURIComponent(link.id)}`;
    case 'task':
      return `/tasks?task=${encodeURIComponent(link.id)}`;
    case 'invoice':
      return `/billing?invoice=${encodeURIComponent(link.id)}`;
    default:
      return null;
  }
}

/** A condition's values as read when it ran: `item.value = 150000`. */
function ConditionValues({ values }: { values: Record<string, unknown> }) {
  const t = useT();
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" component="div">
      {t.automation.history.conditionValues}{' '}
      {entries.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && ', '}
          <Code>
            {k} = {JSON.stringify(v)}
          </Code>
        </span>
      ))}
    </Text>
  );
}

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const t = useT();
  return (
    <Badge size="sm" variant="light" color={RUN_STATUS_COLORS[status]} data-status={status}>
      {t.automation.runStatuses[status]}
    </Badge>
  );
}

function RunRow({ run, onCancel, cancelling }: { run: RuleRun; onCancel: () => void; cancelling: boolean }) {
  const t = useT();
  const h = t.automation.history;
  const { office } = useSession();
  const waiting = run.status === 'pending' || run.status === 'waiting';
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="automation-run" data-status={run.status}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text size="sm" fw={500}>
              {run.description ?? h.deletedRule}
            </Text>
            <Text size="xs" c="dimmed">
              {h.version(run.version)}
            </Text>
            <RunStatusBadge status={run.status} />
          </Group>
          {waiting && (
            <Text size="xs" c="dimmed">
              {run.status === 'waiting'
                ? h.waitingPrevious
                : h.dueAt(formatDateTime(run.dueAt, office.timeZone))}
            </Text>
          )}
          {run.conditionValues && <ConditionValues values={run.conditionValues} />}
          {run.outcome && (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {run.outcome.summary}
            </Text>
          )}
          {run.outcome?.links && run.outcome.links.length > 0 && (
            <Group gap="sm">
              {run.outcome.links.map((link) => {
                const href = linkHref(link);
                const label = link.label ?? h.linkKinds[link.kind];
                return href ? (
                  <Anchor key={`${link.kind}-${link.id}`} component={Link} to={href} size="xs">
                    {label}
                  </Anchor>
                ) : (
                  <Text key={`${link.kind}-${link.id}`} size="xs" c="dimmed">
                    {h.linkKinds[link.kind]}: {link.label ?? link.id}
                  </Text>
                );
              })}
            </Group>
          )}
          {run.error && (
            <Text size="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
              {run.error}
            </Text>
          )}
          {run.finishedAt && (
            <Text size="xs" c="dimmed">
              {formatDateTime(run.finishedAt, office.timeZone)}
            </Text>
          )}
        </Stack>
        {waiting && (
          <IconButton
            icon={IconPlayerStop}
            iconSize={12}
            size="compact-xs"
            variant="light"
            color="orange"
            loading={cancelling}
            onClick={onCancel}
          >
            {h.cancel}
          </IconButton>
        )}
      </Group>
    </Paper>
  );
}

/**
 * The automation history of one item, newest entry first.
 *
 * @example <AutomationHistory pipelineId="tickets" itemId={ticket.id} />
 */
export function AutomationHistory({ pipelineId, itemId }: { pipelineId: string; itemId: string }) {
  const t = useT();
  const h = t.automation.history;
  const { office } = useSession();
  const history = useItemHistory(pipelineId, itemId);
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: (id: string) =>
      ok(http.POST('/api/automation/runs/{id}/cancel', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(h.cancelled);
      void queryClient.invalidateQueries({ queryKey: automationKeys.history(pipelineId, itemId) });
    },
  });
  const entries = [...(history.data?.entries ?? [])].sort((a, b) => b.enteredAt.localeCompare(a.enteredAt));
  return (
    <QueryCard
      title={h.title}
      query={history}
      testId="automation-history"
      loading={
        <Stack gap="sm">
          <Skeleton h={48} />
          <Skeleton h={48} />
        </Stack>
      }
      empty={
        entries.length === 0 && (
          <EmptyNote icon={IconBolt} py="xl">
            {h.empty}
          </EmptyNote>
        )
      }
    >
      {entries.length > 0 && (
        <Timeline bulletSize={16} lineWidth={2} aria-label={h.title}>
          {entries.map((entry) => (
            <Timeline.Item key={entry.id} bullet={<IconBolt size={10} aria-hidden />}>
              <Group gap="xs" mb={4}>
                <Text size="sm" fw={600}>
                  {h.entered(entry.stageName)}
                </Text>
                {entry.status === 'loop' && (
                  <Badge size="sm" color="red">
                    {t.automation.runStatuses.loop}
                  </Badge>
                )}
                {entry.status === 'left' && (
                  <Badge size="sm" color="gray" variant="light">
                    {h.left}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" mb={6}>
                {formatDateTime(entry.enteredAt, office.timeZone)}
                {entry.leftAt ? ` → ${formatDateTime(entry.leftAt, office.timeZone)}` : ''}
                {entry.depth > 0 ? ` · ${h.depth(entry.depth)}` : ''}
              </Text>
              <Stack gap={6}>
                {entry.runs.length === 0 && (
                  <Text size="xs" c="dimmed">
                    {h.noRuns}
                  </Text>
                )}
                {entry.runs.map((run) => (
                  <RunRow
                    key={run.id}
                    run={run}
                    cancelling={cancel.isPending && cancel.variables === run.id}
                    onCancel={() => cancel.mutate(run.id)}
                  />
                ))}
              </Stack>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </QueryCard>
  );
}
