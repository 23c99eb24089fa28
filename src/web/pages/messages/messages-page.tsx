import { Tabs } from '@mantine/core';
import { IconInbox, IconMailForward, IconPlugConnected, IconTemplate } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useSession, useTemplates } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { ChannelsTab } from './channels-tab.js';
import { MailboxTab } from './mailbox-tab.js';
import { OutboxTab } from './outbox-tab.js';
import { TemplatesTab } from './templates-tab.js';

interface MessagesTab {
  /** The path segment after /messages (`''` for the outbox). */
  value: string;
  label: 'tabOutbox' | 'tabMailbox' | 'tabTemplates' | 'tabChannels';
  icon: ComponentType<{ size?: number }>;
  adminOnly: boolean;
  Component: ComponentType;
}

const TABS: MessagesTab[] = [
  { value: 'outbox', label: 'tabOutbox', icon: IconMailForward, adminOnly: false, Component: OutboxTab },
  { value: 'mailbox', label: 'tabMailbox', icon: IconInbox, adminOnly: false, Component: MailboxTab },
  {
    value: 'templates',
    label: 'tabTemplates',
    icon: IconTemplate,
    adminOnly: false,
    Component: TemplatesTab,
  },
  {
    value: 'channels',
    label: 'tabChannels',
    icon: IconPlugConnected,
    adminOnly: true,
    Component: ChannelsTab,
  },
];

/** Mensagens: the outbox (`/messages`), the local mailbox, the templates and (admins) the channels. */
export function MessagesPage() {
  const t = useT();
  const navigate = useNavigate();
  const { tab = 'outbox' } = useParams();
  const { isAdmin } = useSession();
  // The outbox and the message drawer name templates by their description.
  useTemplates();
  const visible = TABS.filter((x) => isAdmin || !x.adminOnly);
  const current = visible.find((x) => x.value === tab);
  if (!current) return <Navigate to="/messages" replace />;

  return (
    <>
      <PageHeader title={t.messages.title} subtitle={t.messages.subtitle} />
      <Tabs
        value={current.value}
        onChange={(value) => value && navigate(value === 'outbox' ? '/messages' : `/messages/${value}`)}
      >
        <Tabs.List mb="lg">
          {visible.map((x) => (
            <Tabs.Tab key={x.value} value={x.value} leftSection={<x.icon size={16} />}>
              {t.messages[x.label]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {visible.map((x) => (
          <Tabs.Panel key={x.value} value={x.value}>
            {x.value === current.value && <x.Component />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
