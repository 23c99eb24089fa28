import {
  Alert,
  Anchor,
  Badge,
  Checkbox,
  Divider,
  Grid,
  Group,
  Paper,
  PasswordInput,
  Radio,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCircleCheck, IconInfoCircle, IconMail, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { emailSettingsInput } from '../../../shared/schemas/channels.js';
import { http, ok } from '../../api/client.js';
import type { EmailChannelInput, EmailChannelSettings, SmtpSecurity } from '../../api/models.js';
import { keys, useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { FormAlert } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { QueryError } from '../../components/query-error.js';
import { SubmitRow } from '../../components/submit-row.js';
import { useLang, useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import { ChannelHeader } from './channel-parts.js';
import { SmsCard } from './sms-card.js';
import { WhatsAppCard } from './whatsapp-card.js';

const DEFAULT_PORTS: Record<SmtpSecurity, number> = { tls: 465, starttls: 587, none: 25 };

type Mode = 'mailbox' | 'smtp';

function EmailForm({ settings }: { settings: EmailChannelSettings }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const smtp = settings.mode === 'smtp' ? settings : null;
  const [mode, setMode] = useState<Mode>(settings.mode);
  const [port, setPort] = useState(String(smtp?.port ?? DEFAULT_PORTS.starttls));
  const [security, setSecurity] = useState<SmtpSecurity>(smtp?.security ?? 'starttls');
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const form = useFormState(() => ({
    host: smtp?.host ?? '',
    user: smtp?.user ?? '',
    fromName: smtp?.fromName ?? office.name,
    fromAddress: smtp?.fromAddress ?? '',
    replyTo: smtp?.replyTo ?? '',
  }));
  const { values: v, errors, setErrors, formError, setFormError, showSaveError, checkWith } = form;
  const [confirmMailbox, setConfirmMailbox] = useState(false);

  const onSaved = (next: EmailChannelSettings, message: string) => {
    queryClient.setQueryData(keys.emailChannel, next);
    setPassword('');
    setClearPassword(false);
    setErrors({});
    setFormError(null);
    notifySuccess(message);
  };

  const save = useMutation({
    mutationFn: (input: EmailChannelInput) => ok(http.PUT('/api/channels/email', { body: input })),
    meta: { silent: true },
    onSuccess: (next) => onSaved(next, t.messages.channelSaved),
    onError: (error) => showSaveError(error),
  });
  const toMailbox = useMutation({
    mutationFn: () => ok(http.DELETE('/api/channels/email')),
    onSuccess: () => {
      setConfirmMailbox(false);
      onSaved({ mode: 'mailbox' }, t.messages.mailboxRestored);
    },
    onError: () => setConfirmMailbox(false),
  });

  const changeSecurity = (next: SmtpSecurity) => {
    // Follow the usual port of the chosen security unless the office typed its own.
    if (Number(port) === DEFAULT_PORTS[security] || port.trim() === '') setPort(String(DEFAULT_PORTS[next]));
    setSecurity(next);
  };

  const submit = submitWith(() => {
    setFormError(null);
    if (mode === 'mailbox') {
      if (settings.mode === 'smtp') setConfirmMailbox(true);
      return;
    }
    const body = {
      host: v.host,
      // Empty is "Campo obrigatório."; anything else the schema checks as a port.
      port: port.trim() ? Number(port) : undefined,
      security,
      user: v.user.trim() || null,
      // Blank keeps the saved password; '' clears it.
      password: clearPassword ? '' : password === '' ? null : password,
      fromName: v.fromName,
      fromAddress: v.fromAddress,
      replyTo: v.replyTo.trim() || null,
    };
    // The same schema the server checks: each field gets the sentence the server would answer.
    // Sent as parsed: trimmed, the addresses in lower case.
    if (checkWith(emailSettingsInput, body)) save.mutate(emailSettingsInput.parse(body));
  });

  const nothingToSave = mode === 'mailbox' && settings.mode === 'mailbox';

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert error={formError} />
        <Radio.Group value={mode} onChange={(v) => setMode(v as Mode)} aria-label={t.messages.emailTitle}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {(['mailbox', 'smtp'] as const).map((value) => (
              <Radio.Card key={value} value={value} p="md" radius="md">
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator />
                  <div>
                    <Group gap={6}>
                      <Text fw={600} size="sm">
                        {value === 'mailbox' ? t.messages.modeMailbox : t.messages.modeSmtp}
                      </Text>
                      {settings.mode === value && (
                        <Badge size="xs" color="teal" variant="light">
                          {t.messages.inUse}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" mt={2}>
                      {value === 'mailbox' ? t.messages.modeMailboxHint : t.messages.modeSmtpHint}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </SimpleGrid>
        </Radio.Group>

        {mode === 'smtp' && (
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <LimitedTextInput
                field={emailSettingsInput.shape.host}
                label={t.messages.host}
                placeholder={t.messages.hostPlaceholder}
                required
                {...form.text('host')}
                autoComplete="off"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 5, sm: 2 }}>
              <TextInput
                label={t.messages.port}
                required
                inputMode="numeric"
                value={port}
                onChange={(e) => setPort(e.currentTarget.value.replace(/\D/g, '').slice(0, 5))}
                error={errors.port}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 7, sm: 4 }}>
              <Select
                label={t.messages.security}
                data={(['tls', 'starttls', 'none'] as const).map((s) => ({
                  value: s,
                  label: t.messages.securities[s],
                }))}
                value={security}
                allowDeselect={false}
                onChange={(v) => v && changeSecurity(v as SmtpSecurity)}
                error={errors.security}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <LimitedTextInput
                field={emailSettingsInput.shape.user}
                label={t.messages.user}
                {...form.text('user')}
                autoComplete="off"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PasswordInput
                label={t.messages.password}
                placeholder={smtp?.hasPassword && !clearPassword ? t.messages.passwordKept : undefined}
                description={smtp?.hasPassword ? t.messages.passwordKeptHint : undefined}
                value={password}
                disabled={clearPassword}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={errors.password}
                // Mantine's PasswordInput marks errors with data-invalid only: say it to assistive tech too.
                aria-invalid={!!errors.password || undefined}
                autoComplete="new-password"
              />
              {smtp?.hasPassword && (
                <Checkbox
                  mt="xs"
                  size="xs"
                  label={t.messages.clearPassword}
                  checked={clearPassword}
                  onChange={(e) => {
                    setClearPassword(e.currentTarget.checked);
                    setPassword('');
                  }}
                />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <LimitedTextInput
                field={emailSettingsInput.shape.fromName}
                label={t.messages.fromName}
                required
                {...form.text('fromName')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <LimitedTextInput
                field={emailSettingsInput.shape.fromAddress}
                label={t.messages.fromAddress}
                required
                type="email"
                {...form.text('fromAddress')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <LimitedTextInput
                field={emailSettingsInput.shape.replyTo}
                label={t.messages.replyTo}
                description={t.messages.replyToHint}
                type="email"
                {...form.text('replyTo')}
              />
            </Grid.Col>
          </Grid>
        )}

        <SubmitRow saving={save.isPending || toMailbox.isPending} disabled={nothingToSave} />
      </Stack>

      <ConfirmModal
        opened={confirmMailbox}
        title={t.messages.switchToMailboxTitle}
        message={t.messages.switchToMailboxConfirm}
        confirmLabel={t.messages.switchToMailbox}
        loading={toMailbox.isPending}
        onConfirm={() => toMailbox.mutate()}
        onClose={() => setConfirmMailbox(false)}
      />
    </form>
  );
}

function TestSend({ mode }: { mode: Mode }) {
  const t = useT();
  const [lang] = useLang();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const test = useMutation({
    mutationFn: () => ok(http.POST('/api/channels/email/test')),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['messages'] });
      void queryClient.invalidateQueries({ queryKey: ['mailbox'] });
    },
  });
  const result = test.data;

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          {t.messages.sendTestHint(user.email)}
        </Text>
        <IconButton variant="light" icon={IconSend} loading={test.isPending} onClick={() => test.mutate()}>
          {t.messages.sendTest}
        </IconButton>
      </Group>
      {result?.status === 'queued' && (
        <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} data-testid="test-result">
          <Text size="sm">
            {mode === 'mailbox' ? t.messages.testQueuedMailbox : t.messages.testQueuedSmtp}
          </Text>
          <Group gap="md" mt={6}>
            {mode === 'mailbox' && (
              <Anchor component={Link} to="/messages/mailbox" size="sm">
                {t.messages.openMailbox}
              </Anchor>
            )}
            <Anchor component={Link} to={`/messages?message=${result.messageId}`} size="sm">
              {t.messages.openOutbox}
            </Anchor>
          </Group>
        </Alert>
      )}
      {result?.status === 'skipped' && (
        <Alert color="orange" variant="light" icon={<IconInfoCircle aria-hidden />} data-testid="test-result">
          {t.messages.testSkipped(result.reason?.[lang] ?? result.reason?.['pt-BR'] ?? '—')}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * Canais: where e-mail goes (the local mailbox or the office's SMTP server), WhatsApp (Cloud API) and SMS
 * (an HTTP provider), each with its settings and a test send.
 */
export function ChannelsTab() {
  const t = useT();
  const settings = useQuery({
    queryKey: keys.emailChannel,
    queryFn: ({ signal }) => ok(http.GET('/api/channels/email', { signal })),
  });

  return (
    <Stack gap="lg" maw={960}>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="channel-email">
        <ChannelHeader id="channel-email" icon={IconMail} title={t.messages.emailTitle} />
        {settings.isPending && <Skeleton h={120} />}
        {settings.isError && <QueryError error={settings.error} onRetry={() => void settings.refetch()} />}
        {settings.data && (
          <>
            <EmailForm key={JSON.stringify(settings.data)} settings={settings.data} />
            <Divider my="lg" />
            <TestSend mode={settings.data.mode} />
          </>
        )}
      </Paper>
      <WhatsAppCard />
      <SmsCard />
    </Stack>
  );
}
