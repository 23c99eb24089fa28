import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../../api/queries.js';
import { useRoutineRuns } from '../../api/routines.js';
import { RunStateBadge } from '../../components/run-state-badge.js';
import { SmallTable } from '../../components/small-table.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

const summaryOf = (result: unknown): string | null =>
  result && typeof result === 'object' && 'summary' in result
    ? String((result as { summary: unknown }).summary)
    : null;

/** The routine's recent runs, with links to each run's page (Execuções). Live while one is running. */
export function RoutineRuns({ kind }: { kind: string }) {
  const t = useT();
  const { office } = useSession();
  const runs = useRoutineRuns(kind);
  const rows = runs.data ?? [];
  return (
    <Paper withBorder p="md" mt="md">
      <Title order={2} size="h4" mb="sm">
        {t.routines.recentRuns}
      </Title>
      <SmallTable
        empty={runs.isSuccess && rows.length === 0}
        emptyText={t.routines.noRuns}
        label={t.routines.recentRuns}
        minWidth={720}
        labels={[t.routines.colWhen, t.routines.colStatus, t.routines.colRequester, t.routines.colResult]}
      >
        {rows.map((run) => {
          const when = formatDateTime(run.finishedAt ?? run.runAt, office.timeZone);
          return (
            <Table.Tr key={run.id} data-run-id={run.id}>
              <Table.Td className="nowrap">
                <Anchor
                  component={Link}
                  to={`/runs/${run.id}`}
                  size="sm"
                  aria-label={t.routines.openRun(when)}
                >
                  {when}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <RunStateBadge state={run.state} size="sm" />
              </Table.Td>
              <Table.Td fz="sm">
                {run.requestedByName ?? (run.scheduleId ? t.routines.bySchedule : '—')}
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {run.error ?? summaryOf(run.result) ?? run.progressMessage ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </SmallTable>
    </Paper>
  );
}
