import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  CopyButton,
  Group,
  type MantineColor,
  Paper,
  PasswordInput,
  Skeleton,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconCircleCheck,
  IconCopy,
  IconInfoCircle,
  IconSend,
} from '@tabler/icons-react';
import { type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ComponentType, type FormEvent, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { http, ok } from '../../api/client.js';
import type { MessageStatus, SendResult } from '../../api/models.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { FormAlert } from '../../components/form-footer.js';
import { MessageStatusBadge } from '../../components/message-status-badge.js';
import { QueryError } from '../../components/query-error.js';
import { useLang, useT } from '../../i18n/index.js';
import { focusFirstError } from '../../lib/form-errors.js';
import { maskPhoneInput, phoneToE164 } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import {
  channelKeys,
  type PhoneChannel,
  type SmsChannelInput,
  type SmsChannelSettings,
  type WhatsAppChannelInput,
  type WhatsAppChannelSettings,
} from './channel-types.js';

/** A card's title row: icon, title, and whether the channel is configured. */
export function ChannelHeader({
  id,
  icon: Icon,
  title,
  configured,
}: {
  id: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  title: string;
  configured?: boolean;
}) {
  const t = useT();
  return (
    <Group gap="sm" mb="md">
      <ThemeIcon variant="light" size={36} radius="xl" aria-hidden>
        <Icon size={20} stroke={1.6} />
      </ThemeIcon>
      <Title order={3} size="h4" id={id}>
        {title}
      </Title>
      {configured !== undefined && (
        <Badge color={configured ? 'teal' : 'gray'} variant="light" ml="auto" data-testid={`${id}-state`}>
          {configured ? t.messagesChannels.configured : t.messagesChannels.notConfigured}
        </Badge>
      )}
    </Group>
  );
}

/**
 * A provider channel's card: its title row with the configured badge, an introduction, and — once the
 * settings have loaded — `children(settings)`; a skeleton while loading, the error with a retry if not.
 */
export function ChannelCard<S extends { configured: boolean }>({
  id,
  icon,
  title,
  intro,
  settings,
  skeletonHeight,
  children,
}: {
  id: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  title: string;
  intro: string;
  settings: UseQueryResult<S>;
  skeletonHeight: number;
  children: (settings: S) => ReactNode;
}) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={id}>
      <ChannelHeader
        id={id}
        icon={icon}
        title={title}
        configured={settings.data ? settings.data.configured : undefined}
      />
      <Text size="sm" c="dimmed" mb="md">
        {intro}
      </Text>
      {settings.isPending && <Skeleton h={skeletonHeight} />}
      {settings.isError && <QueryError error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.data && children(settings.data)}
    </Paper>
  );
}

/**
 * A provider channel's settings form state: its errors, the save (`PUT /api/channels/:channel`, the
 * answer becoming the cached settings) and the removal (`DELETE`, behind a confirmation).
 */
export function useProviderSettings<Input extends SmsChannelInput | WhatsAppChannelInput>(
  channel: PhoneChannel,
  done: { saved: string; removed: string },
) {
  const queryClient = useQueryClient();
  const form = useServerErrors();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const save = useMutation({
    mutationFn: (input: Input): Promise<SmsChannelSettings | WhatsAppChannelSettings> =>
      channel === 'sms'
        ? ok(http.PUT('/api/channels/sms', { body: input as SmsChannelInput }))
        : ok(http.PUT('/api/channels/whatsapp', { body: input as WhatsAppChannelInput })),
    meta: { silent: true },
    onSuccess: (next) => {
      queryClient.setQueryData(channelKeys[channel], next);
      notifySuccess(done.saved);
    },
    onError: (error) => form.showSaveError(error),
  });
  const remove = useMutation({
    mutationFn: () => ok(http.DELETE(channel === 'sms' ? '/api/channels/sms' : '/api/channels/whatsapp')),
    onSuccess: () => {
      setConfirmRemove(false);
      queryClient.setQueryData(channelKeys[channel], { configured: false });
      notifySuccess(done.removed);
    },
    onError: () => setConfirmRemove(false),
  });
  return { ...form, save, remove, confirmRemove, setConfirmRemove };
}

/**
 * The frame of a provider channel's settings form: the form's own error above its fields, then
 * "Remover" (once saved, behind a confirmation) and "Salvar".
 */
export function ProviderSettingsForm({
  state,
  saved,
  removeTitle,
  removeConfirm,
  onSubmit,
  children,
}: {
  state: {
    formError: string | null;
    save: { isPending: boolean };
    remove: { isPending: boolean; mutate: () => void };
    confirmRemove: boolean;
    setConfirmRemove: (open: boolean) => void;
  };
  saved: boolean;
  removeTitle: string;
  removeConfirm: string;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const t = useT();
  const tc = t.messagesChannels;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {state.formError && (
          <Alert color="red" variant="light">
            {state.formError}
          </Alert>
        )}
        {children}
        <Group justify="flex-end">
          {saved && (
            <Button variant="subtle" color="red" onClick={() => state.setConfirmRemove(true)}>
              {tc.remove}
            </Button>
          )}
          <Button type="submit" loading={state.save.isPending}>
            {t.common.save}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={state.confirmRemove}
        title={removeTitle}
        message={removeConfirm}
        confirmLabel={tc.remove}
        loading={state.remove.isPending}
        onConfirm={() => state.remove.mutate()}
        onClose={() => state.setConfirmRemove(false)}
      />
    </form>
  );
}

/**
 * A write-only secret (a token, an app secret): once saved it shows as "••• configurado" and is no
 * longer required, as leaving it blank keeps the saved one.
 */
export function SecretInput({
  label,
  hint,
  isSet,
  value,
  onChange,
  error,
}: {
  label: string;
  hint: string;
  isSet: boolean;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const tc = useT().messagesChannels;
  return (
    <PasswordInput
      label={label}
      description={isSet ? `${hint} ${tc.secretKeptHint}` : hint}
      required={!isSet}
      placeholder={isSet ? tc.secretSet : undefined}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      // Mantine's PasswordInput marks errors with data-invalid only: say it to assistive tech too.
      aria-invalid={!!error || undefined}
      autoComplete="new-password"
    />
  );
}

/** A read-only value to paste elsewhere (a webhook URL), with a copy button. */
export function CopyField({
  label,
  value,
  description,
}: {
  label: string;
  value: string;
  description?: ReactNode;
}) {
  const t = useT();
  const copyLabel = t.messagesChannels.copyValue(label);
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      rightSectionWidth={42}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t.common.copied : copyLabel} withinPortal>
              <ActionIcon
                variant={copied ? 'filled' : 'subtle'}
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={copyLabel}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

const FINAL: MessageStatus[] = ['delivered', 'read', 'failed', 'bounced', 'skipped', 'cancelled'];

/** The test message as it travels: polled until the provider (or its webhook) says how it ended. */
function TestOutcome({ channel, result }: { channel: PhoneChannel; result: SendResult }) {
  const t = useT();
  const [lang] = useLang();
  const tc = t.messagesChannels;
  const message = useQuery({
    queryKey: ['messages', result.messageId],
    queryFn: ({ signal }) =>
      ok(http.GET('/api/messages/{id}', { params: { path: { id: result.messageId } }, signal })),
    enabled: result.status === 'queued',
    // Quickly while queued or sending; then slower, waiting for the delivery report.
    refetchInterval: (q) => {
      const status = q.state.data?.status;
      if (status && FINAL.includes(status)) return false;
      return status === 'sent' ? 3000 : 1000;
    },
  });

  if (result.status === 'skipped') {
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<IconInfoCircle aria-hidden />}
        data-testid={`${channel}-test-result`}
      >
        {tc.testSkipped(result.reason?.[lang] ?? result.reason?.['pt-BR'] ?? '—')}
      </Alert>
    );
  }

  const m = message.data;
  const status: MessageStatus = m?.status ?? 'queued';
  let color: MantineColor = 'blue';
  let text: string = tc.testPending;
  let icon = <IconSend aria-hidden />;
  if (status === 'sent') {
    color = 'teal';
    text = channel === 'whatsapp' ? tc.testSentWhatsapp : tc.testSentSms;
    icon = <IconCircleCheck aria-hidden />;
  } else if (status === 'delivered' || status === 'read') {
    color = 'green';
    text = status === 'read' ? tc.testRead : tc.testDelivered;
    icon = <IconCircleCheck aria-hidden />;
  } else if (status === 'failed' || status === 'bounced') {
    color = 'red';
    text = tc.testFailed(m?.error ?? '—');
    icon = <IconAlertTriangle aria-hidden />;
  } else if (status === 'cancelled') {
    color = 'gray';
    text = tc.testCancelled;
  } else if (status === 'skipped') {
    color = 'orange';
    text = tc.testSkipped(m?.skipReason ?? '—');
    icon = <IconInfoCircle aria-hidden />;
  } else if (status === 'queued' && m?.error) {
    // Waiting to try again (a provider's 429, a network error): say why.
    text = `${tc.testPending} ${m.error}`;
  }

  return (
    <Alert
      color={color}
      variant="light"
      icon={icon}
      data-testid={`${channel}-test-result`}
      data-status={status}
      aria-live="polite"
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Text size="sm" style={{ flex: 1 }}>
          {text}
        </Text>
        <MessageStatusBadge status={status} size="sm" />
      </Group>
      <Anchor component={Link} to={`/messages?message=${result.messageId}`} size="sm" mt={6} display="block">
        {t.messages.openOutbox}
      </Anchor>
    </Alert>
  );
}

/** "Enviar mensagem de teste" to a number the admin types, with the outcome shown as it happens. */
export function PhoneTestSend({ channel, configured }: { channel: PhoneChannel; configured: boolean }) {
  const t = useT();
  const tc = t.messagesChannels;
  const queryClient = useQueryClient();
  const [to, setTo] = useState('');
  const { errors, setErrors, formError, setFormError, showSaveError } = useServerErrors();
  const test = useMutation({
    mutationFn: (to: string) =>
      ok(
        http.POST(channel === 'sms' ? '/api/channels/sms/test' : '/api/channels/whatsapp/test', {
          body: { to },
        }),
      ),
    meta: { silent: true },
    onSuccess: () => {
      setErrors({});
      setFormError(null);
      void queryClient.invalidateQueries({ queryKey: ['messages'], exact: false });
    },
    onError: (error) => showSaveError(error, (path) => (path[0] === 'to' ? 'to' : null)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setFormError(null);
    const e164 = phoneToE164(to);
    if (e164 === null) {
      setErrors({ to: t.validation.required });
      focusFirstError();
      return;
    }
    if (e164 === undefined) {
      setErrors({ to: t.validation.phone });
      focusFirstError();
      return;
    }
    setErrors({});
    test.mutate(e164);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`${tc.testTitle} — ${t.messageChannels[channel]}`}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {configured ? (channel === 'whatsapp' ? tc.testWhatsappHint : tc.testSmsHint) : tc.saveFirst}
        </Text>
        <FormAlert error={formError} />
        <Group align="flex-start" gap="sm">
          <TextInput
            label={tc.testTo}
            placeholder={tc.testToPlaceholder}
            inputMode="tel"
            autoComplete="tel"
            value={to}
            onChange={(e) => setTo(maskPhoneInput(e.currentTarget.value))}
            error={errors.to}
            disabled={!configured}
            w={{ base: '100%', xs: 240 }}
          />
          <Button
            type="submit"
            variant="light"
            mt={{ base: 0, xs: 25 }}
            leftSection={<IconSend size={16} aria-hidden />}
            loading={test.isPending}
            disabled={!configured}
          >
            {t.messages.sendTest}
          </Button>
        </Group>
        {test.data && <TestOutcome key={test.data.messageId} channel={channel} result={test.data} />}
      </Stack>
    </form>
  );
}
