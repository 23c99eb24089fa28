import { Anchor, Badge, Button, Group, Menu, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import {
  IconArrowLeft,
  IconArrowsExchange,
  IconBell,
  IconChevronDown,
  IconFileDescription,
  IconHistory,
  IconMessages,
  IconPaperclip,
  IconRotateClockwise,
} from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useSession } from '../../api/queries.js';
import { useTicket } from '../../api/tickets.js';
import { FullPageLoader } from '../../components/full-page-loader.js';
import { QueryError } from '../../components/query-error.js';
import { TicketOverdueFlag, TicketStatusBadge } from '../../components/ticket-status-badge.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useTicketActions } from './ticket-actions.js';
import { TicketChatTab } from './ticket-chat-tab.js';
import { TicketDetailsTab } from './ticket-details-tab.js';
import { TicketFilesTab } from './ticket-files-tab.js';
import { TicketHistoryTab } from './ticket-history-tab.js';

const TABS = ['ticket', 'chat', 'files', 'history'] as const;
type Tab = (typeof TABS)[number];

/** One ticket: Atendimento (form, SLA, movements), Chat, Arquivos and Histórico. */
export function TicketPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { office } = useSession();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : 'ticket';
  const ticket = useTicket(id);
  const actions = useTicketActions();

  const back = (
    <Anchor component={Link} to="/tickets" size="sm" w="fit-content">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        {t.tickets.backToList}
      </Group>
    </Anchor>
  );

  if (ticket.isPending) return <FullPageLoader />;
  if (ticket.isError) {
    return (
      <Stack>
        {back}
        <QueryError error={ticket.error} onRetry={() => void ticket.refetch()} />
      </Stack>
    );
  }

  const tk = ticket.data;
  const canNotify = tk.movementCount === 0;
  return (
    <>
      <Stack gap={6} mb="lg">
        {back}
        <Group justify="space-between" align="flex-start" gap="md">
          <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
            <Group gap="sm" align="center">
              <Title order={1}>
                <Text span inherit c="dimmed" mr={8}>
                  {t.tickets.number(tk.number)}
                </Text>
                {tk.subject}
              </Title>
              <span data-testid="ticket-status">
                <TicketStatusBadge status={tk.status} size="lg" />
              </span>
              <TicketOverdueFlag ticket={tk} timeZone={office.timeZone} size="md" />
              {tk.kind === 'debt_collection' && (
                <Badge variant="outline" color="grape" tt="none">
                  {t.tickets.kinds.debt_collection}
                </Badge>
              )}
            </Group>
            <Text size="sm" fw={500}>
              {tk.contactName ? `${tk.clientName} · ${tk.contactName}` : tk.clientName}
            </Text>
            <Text size="xs" c="dimmed">
              {t.tickets.openedAt(formatDateTime(tk.openedAt, office.timeZone))} ·{' '}
              {t.tickets.updatedAt(formatDateTime(tk.updatedAt, office.timeZone))}
            </Text>
          </Stack>
          <Group gap="sm">
            {tk.closed && (
              <Button
                variant="default"
                leftSection={<IconRotateClockwise size={16} aria-hidden />}
                onClick={() => actions.reopen(tk)}
              >
                {t.tickets.reopen}
              </Button>
            )}
            <Button
              leftSection={<IconArrowsExchange size={16} aria-hidden />}
              onClick={() => actions.move(tk)}
              disabled={tk.allowedMoves.length === 0}
            >
              {t.tickets.move}
            </Button>
            <Menu position="bottom-end" shadow="md" width={240}>
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={14} aria-hidden />}>
                  {t.common.moreActions}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Tooltip
                  label={canNotify ? t.tickets.notifyHint : t.tickets.notifyDisabled}
                  position="left"
                  multiline
                  maw={260}
                >
                  <div>
                    <Menu.Item
                      leftSection={<IconBell size={16} aria-hidden />}
                      disabled={!canNotify || actions.notifying === tk.id}
                      onClick={() => actions.notify(tk)}
                    >
                      {t.tickets.notify}
                    </Menu.Item>
                  </div>
                </Tooltip>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </Stack>

      <Tabs
        value={tab}
        onChange={(value) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              if (!value || value === 'ticket') next.delete('tab');
              else next.set('tab', value);
              return next;
            },
            { replace: true },
          )
        }
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="ticket" leftSection={<IconFileDescription size={16} aria-hidden />}>
            {t.tickets.tabTicket}
          </Tabs.Tab>
          <Tabs.Tab value="chat" leftSection={<IconMessages size={16} aria-hidden />}>
            {t.tickets.tabChat}
          </Tabs.Tab>
          <Tabs.Tab value="files" leftSection={<IconPaperclip size={16} aria-hidden />}>
            {t.tickets.tabFiles}
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
            {t.tickets.tabHistory}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="ticket">{tab === 'ticket' && <TicketDetailsTab ticket={tk} />}</Tabs.Panel>
        <Tabs.Panel value="chat">{tab === 'chat' && <TicketChatTab ticket={tk} />}</Tabs.Panel>
        <Tabs.Panel value="files">{tab === 'files' && <TicketFilesTab ticket={tk} />}</Tabs.Panel>
        <Tabs.Panel value="history">{tab === 'history' && <TicketHistoryTab ticket={tk} />}</Tabs.Panel>
      </Tabs>

      {actions.modals}
    </>
  );
}
