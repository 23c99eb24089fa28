import { IconInbox, IconMailForward, IconPlugConnected, IconTemplate } from '@tabler/icons-react';
import { useTemplates } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { type PathTab, PathTabsPage } from '../../components/tab-panels.js';
import { useT } from '../../i18n/index.js';
import { ChannelsTab } from './channels-tab.js';
import { MailboxTab } from './mailbox-tab.js';
import { OutboxTab } from './outbox-tab.js';
import { TemplatesTab } from './templates-tab.js';

/** The outbox is `/messages`; the other tabs a segment after it. */
const TABS: PathTab[] = [
  { value: 'outbox', label: (t) => t.messages.tabOutbox, icon: IconMailForward, Component: OutboxTab },
  { value: 'mailbox', label: (t) => t.messages.tabMailbox, icon: IconInbox, Component: MailboxTab },
  { value: 'templates', label: (t) => t.messages.tabTemplates, icon: IconTemplate, Component: TemplatesTab },
  {
    value: 'channels',
    label: (t) => t.messages.tabChannels,
    icon: IconPlugConnected,
    adminOnly: true,
    Component: ChannelsTab,
  },
];

/** Mensagens: the outbox (`/messages`), the local mailbox, the templates and (admins) the channels. */
export function MessagesPage() {
  const t = useT();
  // The outbox and the message drawer name templates by their description.
  useTemplates();
  return (
    <PathTabsPage
      header={<PageHeader title={t.messages.title} subtitle={t.messages.subtitle} />}
      tabs={TABS}
      base="/messages"
      indexTab="outbox"
    />
  );
}
