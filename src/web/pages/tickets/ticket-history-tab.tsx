import { Card, Skeleton, Stack, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { type Ticket, useTicketHistory } from '../../api/tickets.js';
import { EmptyNote } from '../../components/empty-note.js';
import { HistoryTimeline } from '../../components/history-timeline.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';

/** Aba Histórico: everything that happened to the ticket, in plain words, newest first. */
export function TicketHistoryTab({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const history = useTicketHistory(ticket.id);
  return (
    <Card>
      <Title order={3} mb="md">
        {t.tickets.tabHistory}
      </Title>
      {history.isError && <QueryError error={history.error} onRetry={() => void history.refetch()} />}
      {history.isPending && (
        <Stack gap="sm">
          <Skeleton h={36} />
          <Skeleton h={36} />
          <Skeleton h={36} />
        </Stack>
      )}
      {history.isSuccess && history.data.length === 0 && (
        <EmptyNote icon={IconHistory} py="xl">
          {t.tickets.historyEmpty}
        </EmptyNote>
      )}
      <HistoryTimeline
        entries={(history.data ?? []).map((e) => ({ at: e.at, text: e.text, actor: e.actorName }))}
        label={t.tickets.historyLabel}
        testId="ticket-history"
        systemLabel={t.tickets.system}
      />
    </Card>
  );
}
