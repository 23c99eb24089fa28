import { Badge, Text } from '@mantine/core';
import {
  IconArrowsExchange,
  IconBolt,
  IconFileDescription,
  IconHistory,
  IconMessages,
  IconPaperclip,
  IconRotateClockwise,
} from '@tabler/icons-react';
import { useParams } from 'react-router';
import { useSession } from '../../api/queries.js';
import { useTicket } from '../../api/tickets.js';
import {
  BackLink,
  DetailFallback,
  DetailHeader,
  MoreActionsMenu,
  useTabParam,
} from '../../components/detail-shell.js';
import { IconButton } from '../../components/icon-button.js';
import { TabPanels } from '../../components/tab-panels.js';
import { TicketOverdueFlag, TicketStatusBadge } from '../../components/ticket-status-badge.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { AutomationHistory } from '../automation/automation-history.js';
import { NotifyMenuItem, useTicketActions } from './ticket-actions.js';
import { TicketChatTab } from './ticket-chat-tab.js';
import { TicketDetailsTab } from './ticket-details-tab.js';
import { TicketFilesTab } from './ticket-files-tab.js';
import { TicketHistoryTab } from './ticket-history-tab.js';

const TABS = ['ticket', 'chat', 'files', 'history', 'automation'] as const;

/** One ticket: Atendimento (form, SLA, movements), Chat, Arquivos, Histórico and Automação. */
export function TicketPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { office } = useSession();
  const [tab, setTab] = useTabParam(TABS);
  const ticket = useTicket(id);
  const actions = useTicketActions();

  const back = <BackLink to="/tickets" label={t.tickets.backToList} />;

  if (ticket.isPending || ticket.isError) return <DetailFallback query={ticket} back={back} />;

  const tk = ticket.data;
  return (
    <>
      <DetailHeader
        back={back}
        title={
          <>
            <Text span inherit c="dimmed" mr={8}>
              {t.tickets.number(tk.number)}
            </Text>
            {tk.subject}
          </>
        }
        badges={
          <>
            <span data-testid="ticket-status">
              <TicketStatusBadge status={tk.status} size="lg" />
            </span>
            <TicketOverdueFlag ticket={tk} timeZone={office.timeZone} size="md" />
            {tk.kind === 'debt_collection' && (
              <Badge variant="outline" color="grape" tt="none">
                {t.tickets.kinds.debt_collection}
              </Badge>
            )}
          </>
        }
        actions={
          <>
            {tk.closed && (
              <IconButton icon={IconRotateClockwise} variant="default" onClick={() => actions.reopen(tk)}>
                {t.tickets.reopen}
              </IconButton>
            )}
            <IconButton
              icon={IconArrowsExchange}
              onClick={() => actions.move(tk)}
              disabled={tk.allowedMoves.length === 0}
            >
              {t.tickets.move}
            </IconButton>
            <MoreActionsMenu width={240}>
              <NotifyMenuItem ticket={tk} actions={actions} position="left" />
            </MoreActionsMenu>
          </>
        }
      >
        <Text size="sm" fw={500}>
          {tk.contactName ? `${tk.clientName} · ${tk.contactName}` : tk.clientName}
        </Text>
        <Text size="xs" c="dimmed">
          {t.tickets.openedAt(formatDateTime(tk.openedAt, office.timeZone))} ·{' '}
          {t.tickets.updatedAt(formatDateTime(tk.updatedAt, office.timeZone))}
        </Text>
      </DetailHeader>

      <TabPanels
        value={tab}
        onChange={setTab}
        tabs={[
          {
            value: 'ticket',
            label: t.tickets.tabTicket,
            icon: IconFileDescription,
            content: <TicketDetailsTab ticket={tk} />,
          },
          {
            value: 'chat',
            label: t.tickets.tabChat,
            icon: IconMessages,
            content: <TicketChatTab ticket={tk} />,
          },
          {
            value: 'files',
            label: t.tickets.tabFiles,
            icon: IconPaperclip,
            content: <TicketFilesTab ticket={tk} />,
          },
          {
            value: 'history',
            label: t.tickets.tabHistory,
            icon: IconHistory,
            content: <TicketHistoryTab ticket={tk} />,
          },
          {
            value: 'automation',
            label: t.automation.history.title,
            icon: IconBolt,
            content: <AutomationHistory pipelineId="tickets" itemId={tk.id} />,
          },
        ]}
      />

      {actions.modals}
    </>
  );
}
