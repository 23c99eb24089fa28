import { Alert, Anchor, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { MessageChannel } from '../../api/models.js';
import { useT } from '../../i18n/index.js';

/**
 * Warns when a routine tells clients on a channel that does not reach them: WhatsApp or SMS without their
 * provider (nothing is sent), e-mail without an SMTP server (it stays in the local mailbox). `compact`: an
 * icon with the message as its tooltip, for the routines grid.
 */
export function ChannelWarning({
  channels,
  configured,
  compact = false,
}: {
  channels: readonly MessageChannel[];
  configured: readonly MessageChannel[];
  compact?: boolean;
}) {
  const t = useT();
  const missing = channels.filter((c) => !configured.includes(c));
  if (missing.length === 0) return null;
  const providers = missing.filter((c) => c !== 'email');
  const names = providers.map((c) => t.routines.channels[c]).join(', ');
  const lines = [
    ...(providers.length ? [t.routines.channelNotConfigured(names)] : []),
    ...(missing.includes('email') ? [t.routines.emailMailboxOnly] : []),
  ];
  if (compact) {
    const short = t.routines.channelNotConfiguredShort(missing.map((c) => t.routines.channels[c]).join(', '));
    return (
      <Tooltip label={lines.join(' ')} multiline w={280} withArrow>
        <Text component="span" c="orange.7" lh={1} data-testid="channel-warning" aria-label={short}>
          <IconAlertTriangle size={16} aria-hidden />
        </Text>
      </Tooltip>
    );
  }
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      data-testid="channel-warning"
    >
      {lines.map((line) => (
        <Text key={line} size="sm">
          {line}
        </Text>
      ))}
      <Anchor component={Link} to="/messages/channels" size="sm">
        {t.routines.configureChannels}
      </Anchor>
    </Alert>
  );
}
