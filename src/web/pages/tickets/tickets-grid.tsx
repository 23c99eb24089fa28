import { ActionIcon, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowsExchange, IconHeadset, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSession } from '../../api/queries.js';
import { cleanFilters, type TicketFilters, type TicketSortField, useTicketList } from '../../api/tickets.js';
import { DataTable, DateTimeCell } from '../../components/data-table.js';
import { IconButton } from '../../components/icon-button.js';
import { TitleLink } from '../../components/link-row.js';
import { SortableTh } from '../../components/sortable-th.js';
import { TicketOverdueFlag, TicketStatusBadge } from '../../components/ticket-status-badge.js';
import { ValueCell } from '../../components/value-cell.js';
import { useT } from '../../i18n/index.js';
import { formatMoney } from '../../lib/format.js';
import type { ListParams } from '../../lib/use-list-params.js';
import { type TicketActions, TicketOptionsMenu } from './ticket-actions.js';
import { ticketAmountCents } from './ticket-rules.js';

const COLUMNS = 9;

/**
 * The Atendimentos grid with the seed's columns — Opções, Solicitante, Assunto, Responsável, Data de
 * Abertura, Atualizado, Valor, Serviço, Status — paged and sorted on the server. The button left of the
 * status opens Movimentar.
 */
export function TicketsGrid({
  filters,
  filtering,
  mine,
  list,
  actions,
}: {
  filters: TicketFilters;
  filtering: boolean;
  mine: boolean;
  list: ListParams<TicketSortField>;
  actions: TicketActions;
}) {
  const t = useT();
  const { office } = useSession();
  const { timeZone } = office;
  const { page, pageSize, sort, order } = list;
  const tickets = useTicketList({ ...cleanFilters(filters), page, pageSize, sort, order });
  const th = { sort, order, onSort: list.onSort };

  return (
    <DataTable
      query={tickets}
      paging={list}
      label={t.tickets.title}
      minWidth={1000}
      columns={COLUMNS}
      filtering={filtering}
      head={
        <>
          <Table.Th w={64}>{t.tickets.colOptions}</Table.Th>
          <SortableTh label={t.tickets.colRequester} field="requester" minWidth={150} {...th} />
          <SortableTh label={t.tickets.colSubject} field="subject" minWidth={190} {...th} />
          <SortableTh label={t.tickets.colResponsible} field="responsible" {...th} />
          <SortableTh label={t.tickets.colOpenedAt} field="openedAt" {...th} />
          <SortableTh label={t.tickets.colUpdatedAt} field="updatedAt" {...th} />
          <SortableTh label={t.tickets.colValue} field="value" {...th} />
          <SortableTh label={t.tickets.colService} field="service" {...th} />
          <SortableTh label={t.tickets.colStatus} field="status" minWidth={150} {...th} />
        </>
      }
      row={(ticket) => (
        <Table.Tr key={ticket.id} data-ticket={ticket.number}>
          <Table.Td>
            <TicketOptionsMenu ticket={ticket} actions={actions} />
          </Table.Td>
          <Table.Td>
            <Text size="sm" fw={500} lineClamp={2}>
              {ticket.clientName}
            </Text>
            {ticket.contactName && (
              <Text size="xs" c="dimmed" lineClamp={1}>
                {ticket.contactName}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <TitleLink
              to={`/tickets/${ticket.id}`}
              aria-label={t.tickets.openTicket(ticket.number, ticket.subject)}
            >
              <Text span c="dimmed" size="sm" fw={500} mr={6}>
                {t.tickets.number(ticket.number)}
              </Text>
              {ticket.subject}
            </TitleLink>
            {ticket.kind === 'debt_collection' && (
              <Badge size="xs" variant="outline" color="grape" ml={6} tt="none">
                {t.tickets.kinds.debt_collection}
              </Badge>
            )}
          </Table.Td>
          <ValueCell value={ticket.responsibleName} none={t.tickets.noResponsible} />
          <DateTimeCell iso={ticket.openedAt} timeZone={timeZone} />
          <DateTimeCell iso={ticket.updatedAt} timeZone={timeZone} />
          <Table.Td fz="sm" className="nowrap">
            {formatMoney(ticketAmountCents(ticket))}
          </Table.Td>
          <ValueCell value={ticket.serviceName} />
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <Tooltip label={t.tickets.move}>
                <ActionIcon
                  size="sm"
                  aria-label={t.tickets.moveFor(ticket.number)}
                  onClick={() => actions.move(ticket)}
                  disabled={ticket.allowedMoves.length === 0}
                >
                  <IconArrowsExchange size={16} />
                </ActionIcon>
              </Tooltip>
              <Stack gap={4} align="flex-start">
                <TicketStatusBadge status={ticket.status} />
                <TicketOverdueFlag ticket={ticket} timeZone={timeZone} size="xs" />
              </Stack>
            </Group>
          </Table.Td>
        </Table.Tr>
      )}
      empty={{
        icon: IconHeadset,
        title: mine ? t.tickets.emptyMine : t.tickets.empty,
        hint: t.tickets.emptyHint,
        actions: (
          <IconButton icon={IconPlus} component={Link} to="/tickets/new" mt="sm">
            {t.tickets.add}
          </IconButton>
        ),
      }}
    />
  );
}
