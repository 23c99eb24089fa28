import { Badge, type MantineColor, Tooltip } from '@mantine/core';
import { IconBrandWhatsapp, IconMail, IconMessage2 } from '@tabler/icons-react';
import type { MessageChannel, MessageStatus } from '../api/models.js';
import { useT } from '../i18n/index.js';

export const MESSAGE_CHANNELS: MessageChannel[] = ['email', 'whatsapp', 'sms'];

export const MESSAGE_STATUS_COLORS: Record<MessageStatus, MantineColor> = {
  queued: 'gray',
  sending: 'blue',
  sent: 'teal',
  delivered: 'green',
  read: 'green',
  failed: 'red',
  bounced: 'red',
  skipped: 'orange',
  cancelled: 'gray',
};

/** Every status, in the order the colours are listed (the record's type makes that list complete). */
export const MESSAGE_STATUSES = Object.keys(MESSAGE_STATUS_COLORS) as MessageStatus[];

/** Still on its way: the screen keeps polling while one of these is shown. */
export const isMessageLive = (status: MessageStatus) => status === 'queued' || status === 'sending';

/** Na fila, Enviando, Enviada, Entregue, Lida, Falhou, Devolvida, Não enviada, Cancelada — each in its colour. */
export function MessageStatusBadge({ status, size = 'md' }: { status: MessageStatus; size?: 'sm' | 'md' }) {
  const t = useT();
  return (
    <Badge
      size={size}
      color={MESSAGE_STATUS_COLORS[status]}
      variant={status === 'read' || status === 'bounced' ? 'filled' : 'light'}
      styles={{ label: { overflow: 'visible' } }}
      data-status={status}
    >
      {t.messageStatuses[status]}
    </Badge>
  );
}

const CHANNEL_ICONS = { email: IconMail, whatsapp: IconBrandWhatsapp, sms: IconMessage2 } as const;

/** The channel as an icon with its name in a tooltip (and for screen readers). */
export function ChannelIcon({ channel, size = 18 }: { channel: MessageChannel; size?: number }) {
  const t = useT();
  const Icon = CHANNEL_ICONS[channel];
  const label = t.messageChannels[channel];
  return (
    <Tooltip label={label} withinPortal>
      <span style={{ display: 'inline-flex' }} role="img" aria-label={label}>
        <Icon size={size} stroke={1.6} aria-hidden />
      </span>
    </Tooltip>
  );
}
