import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
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
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconBrandWhatsapp,
  IconCircleCheck,
  IconInfoCircle,
  IconMessage2,
  IconSend,
} from '@tabler/icons-react';
import { type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ComponentType, type FormEvent, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import type { ZodObject, ZodType } from 'zod';
import { http, ok } from '../../api/client.js';
import type { MessageStatus, SendResult } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { CopyIconButton } from '../../components/copy-icon-button.js';
import { FormAlert } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { MessageStatusBadge } from '../../components/message-status-badge.js';
import { QueryError } from '../../components/query-error.js';
import { useLang, useT } from '../../i18n/index.js';
import { type FieldErrors, focusFirstError } from '../../lib/form-errors.js';
import { maskPhoneInput, phoneToE164 } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import {
  channelKeys,
  type PhoneChannel,
  type SmsChannelInput,
  type SmsChannelSettings,
  type WhatsAppChannelInput,
  type WhatsAppChannelSettings,
  webhookUrl,
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

interface PhoneSettings {
  sms: SmsChannelSettings;
  whatsapp: WhatsAppChannelSettings;
}

/**
 * A phone channel's card (WhatsApp, SMS), its settings loaded here: the settings form (remounted when the
 * saved settings change), then where the provider calls Expediente back (`callback`, given the URL), then
 * a test send.
 */
export function PhoneChannelCard<C extends PhoneChannel>({
  channel,
  form: Form,
  callback: Callback,
}: {
  channel: C;
  form: ComponentType<{ settings: PhoneSettings[C] }>;
  callback: ComponentType<{ url: string; settings: PhoneSettings[C] }>;
}) {
  const t = useT();
  const { office } = useSession();
  const settings = useQuery({
    queryKey: channelKeys[channel],
    queryFn: ({ signal }) =>
      (channel === 'sms'
        ? ok(http.GET('/api/channels/sms', { signal }))
        : ok(http.GET('/api/channels/whatsapp', { signal }))) as Promise<PhoneSettings[C]>,
  });
  const sms = channel === 'sms';
  return (
    <ChannelCard
      id={`channel-${channel}`}
      icon={sms ? IconMessage2 : IconBrandWhatsapp}
      title={sms ? t.messages.smsTitle : t.messages.whatsappTitle}
      intro={sms ? t.messagesChannels.smsIntro : t.messagesChannels.whatsappIntro}
      settings={settings}
      skeletonHeight={sms ? 120 : 160}
    >
      {(data) => (
        <Stack gap="lg">
          <Form key={JSON.stringify(data)} settings={data} />
          <Divider />
          <Callback url={webhookUrl(channel, office.id)} settings={data} />
          <Divider />
          <PhoneTestSend channel={channel} configured={data.configured} />
        </Stack>
      )}
    </ChannelCard>
  );
}

/**
 * A provider channel's settings form: its values (`text(field)` binds an input), the check before sending
 * with the same schema the server uses, the save (`PUT /api/channels/:channel`, the answer becoming the
 * cached settings) and the removal (`DELETE`, behind a confirmation). `secrets` are write-only: blank keeps
 * the saved one, so each is required only the first time.
 */
export function useProviderSettings<
  Values extends Record<string, string>,
  Input extends SmsChannelInput | WhatsAppChannelInput,
>(
  channel: PhoneChannel,
  options: {
    schema: ZodObject & ZodType<Input>;
    initial: () => Values;
    secrets: (keyof Values & string)[];
    saved: boolean;
    done: { saved: string; removed: string };
  },
) {
  const t = useT();
  const queryClient = useQueryClient();
  const form = useFormState(options.initial);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const save = useMutation({
    mutationFn: (input: Input): Promise<SmsChannelSettings | WhatsAppChannelSettings> =>
      channel === 'sms'
        ? ok(http.PUT('/api/channels/sms', { body: input as SmsChannelInput }))
        : ok(http.PUT('/api/channels/whatsapp', { body: input as WhatsAppChannelInput })),
    meta: { silent: true },
    onSuccess: (next) => {
      queryClient.setQueryData(channelKeys[channel], next);
      notifySuccess(options.done.saved);
    },
    onError: (error) => form.showSaveError(error),
  });
  const remove = useMutation({
    mutationFn: () => ok(http.DELETE(channel === 'sms' ? '/api/channels/sms' : '/api/channels/whatsapp')),
    onSuccess: () => {
      setConfirmRemove(false);
      queryClient.setQueryData(channelKeys[channel], { configured: false });
      notifySuccess(options.done.removed);
    },
    onError: () => setConfirmRemove(false),
  });
  const submit = submitWith(() => {
    form.setFormError(null);
    const secrets: string[] = options.secrets;
    const body = Object.fromEntries(
      Object.entries(form.values).filter(([field, value]) => value !== '' || !secrets.includes(field)),
    );
    // The same schema the server checks: each field gets the sentence the server would answer.
    const own: FieldErrors = {};
    for (const field of secrets)
      if (!options.saved && !form.values[field]) own[field] = t.validation.required;
    // Sent as parsed: trimmed, the defaults filled in.
    if (form.checkWith(options.schema, body, own)) save.mutate(options.schema.parse(body));
  });
  /** A required text input's binding: its schema (for the limit), value, change and error. */
  const input = (field: keyof Values & string) => ({
    field: options.schema.shape[field] as ZodType,
    required: true,
    autoComplete: 'off',
    ...form.text(field),
  });
  return { ...form, input, save, remove, confirmRemove, setConfirmRemove, submit, saved: options.saved };
}

/**
 * The frame of a provider channel's settings form: the form's own error above its fields, then
 * "Remover" (once saved, behind a confirmation) and "Salvar".
 */
export function ProviderSettingsForm({
  state,
  removeTitle,
  removeConfirm,
  children,
}: {
  state: {
    saved: boolean;
    submit: (event: FormEvent) => void;
    formError: string | null;
    save: { isPending: boolean };
    remove: { isPending: boolean; mutate: () => void };
    confirmRemove: boolean;
    setConfirmRemove: (open: boolean) => void;
  };
  removeTitle: string;
  removeConfirm: string;
  children: ReactNode;
}) {
  const t = useT();
  const tc = t.messagesChannels;
  return (
    <form onSubmit={state.submit} noValidate>
      <Stack gap="md">
        {state.formError && (
          <Alert color="red" variant="light">
            {state.formError}
          </Alert>
        )}
        {children}
        <Group justify="flex-end">
          {state.saved && (
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
  /** As `useFormState`'s `text(field)` binds it. */
  value: string;
  onChange: (event: { currentTarget: { value: string } }) => void;
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
      onChange={onChange}
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
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      rightSectionWidth={42}
      rightSection={<CopyIconButton value={value} label={t.messagesChannels.copyValue(label)} color="gray" />}
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
          <IconButton
            type="submit"
            variant="light"
            mt={{ base: 0, xs: 25 }}
            icon={IconSend}
            loading={test.isPending}
            disabled={!configured}
          >
            {t.messages.sendTest}
          </IconButton>
        </Group>
        {test.data && <TestOutcome key={test.data.messageId} channel={channel} result={test.data} />}
      </Stack>
    </form>
  );
}
