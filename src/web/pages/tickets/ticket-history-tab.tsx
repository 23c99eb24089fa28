import { Skeleton, Stack } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { type Ticket, useTicketHistory } from '../../api/tickets.js';
import { EmptyNote } from '../../components/empty-note.js';
import { HistoryTimeline } from '../../components/history-timeline.js';
import { QueryCard } from '../../components/query-card.js';
import { useT } from '../../i18n/index.js';

/** Aba Histórico: everything that happened to the ticket, in plain words, newest first. */
export function TicketHistoryTab({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const history = useTicketHistory(ticket.id);
  return (
    <QueryCard
      title={t.tickets.tabHistory}
      query={history}
      loading={
        <Stack gap="sm">
          <Skeleton h={36} />
          <Skeleton h={36} />
          <Skeleton h={36} />
        </Stack>
      }
      empty={
        history.data?.length === 0 && (
          <EmptyNote icon={IconHistory} py="xl">
            {t.tickets.historyEmpty}
          </EmptyNote>
        )
      }
    >
      <HistoryTimeline
        entries={(history.data ?? []).map((e) => ({ at: e.at, text: e.text, actor: e.actorName }))}
        label={t.tickets.historyLabel}
        testId="ticket-history"
        systemLabel={t.tickets.system}
      />
    </QueryCard>
  );
}
