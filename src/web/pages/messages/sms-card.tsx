import { Alert, Button, Divider, Grid, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconMessage2 } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, isApiError } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { useT } from '../../i18n/index.js';
import { type FieldErrors, focusFirstError } from '../../lib/form-errors.js';
import { notifyError, notifySuccess } from '../../lib/notify.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { ChannelCard, CopyField, PhoneTestSend } from './channel-parts.js';
import {
  channelKeys,
  isHttpUrl,
  type SmsChannelInput,
  type SmsChannelSettings,
  webhookUrl,
} from './channel-types.js';

function SmsForm({ settings }: { settings: SmsChannelSettings }) {
  const t = useT();
  const tc = t.messagesChannels;
  const queryClient = useQueryClient();
  const saved = settings.configured ? settings : null;
  const [url, setUrl] = useState(saved?.url ?? '');
  const [token, setToken] = useState('');
  const [sender, setSender] = useState(saved?.sender ?? '');
  const { errors, setErrors, formError, setFormError, showServerError } = useServerErrors();
  const [confirmRemove, setConfirmRemove] = useState(false);

  const save = useMutation({
    mutationFn: (input: SmsChannelInput) => api.put<SmsChannelSettings>('/api/channels/sms', input),
    meta: { silent: true },
    onSuccess: (next) => {
      queryClient.setQueryData(channelKeys.sms, next);
      notifySuccess(tc.smsSaved);
    },
    onError: (error) => {
      if (!isApiError(error) || error.status >= 500 || error.status === 0) {
        notifyError(error);
        return;
      }
      showServerError(error);
      focusFirstError();
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete('/api/channels/sms'),
    onSuccess: () => {
      setConfirmRemove(false);
      queryClient.setQueryData(channelKeys.sms, { configured: false });
      notifySuccess(tc.smsRemoved);
    },
    onError: () => setConfirmRemove(false),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found: FieldErrors = {};
    if (!url.trim()) found.url = t.validation.required;
    else if (!isHttpUrl(url.trim())) found.url = tc.invalidUrl;
    // The token is write-only: blank keeps the saved one, so it is required only the first time.
    if (!saved && !token) found.token = t.validation.required;
    else if (token && token.length < 8) found.token = t.validation.minLength(8);
    const from = sender.trim();
    if (!from) found.sender = t.validation.required;
    else if (from.length < 2 || from.length > 20) found.sender = tc.smsSenderInvalid;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError();
      return;
    }
    save.mutate({ url: url.trim(), ...(token ? { token } : {}), sender: from });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {formError && (
          <Alert color="red" variant="light">
            {formError}
          </Alert>
        )}
        <Grid>
          <Grid.Col span={12}>
            <TextInput
              label={tc.smsUrl}
              description={tc.smsUrlHint}
              placeholder="https://api.provedor.com.br/v1/sms"
              required
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={errors.url}
              autoComplete="off"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <PasswordInput
              label={tc.smsToken}
              description={saved ? `${tc.smsTokenHint} ${tc.secretKeptHint}` : tc.smsTokenHint}
              required={!saved}
              placeholder={saved ? tc.secretSet : undefined}
              value={token}
              onChange={(e) => setToken(e.currentTarget.value)}
              error={errors.token}
              // Mantine's PasswordInput marks errors with data-invalid only: say it to assistive tech too.
              aria-invalid={!!errors.token || undefined}
              autoComplete="new-password"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={tc.smsSender}
              description={tc.smsSenderHint}
              required
              maxLength={20}
              value={sender}
              onChange={(e) => setSender(e.currentTarget.value)}
              error={errors.sender}
              autoComplete="off"
            />
          </Grid.Col>
        </Grid>
        <Group justify="flex-end">
          {saved && (
            <Button variant="subtle" color="red" onClick={() => setConfirmRemove(true)}>
              {tc.remove}
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            {t.common.save}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirmRemove}
        title={tc.smsRemoveTitle}
        message={tc.smsRemoveConfirm}
        confirmLabel={tc.remove}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirmRemove(false)}
      />
    </form>
  );
}

/** SMS (one HTTP provider): settings, where delivery reports go, and a test send. */
export function SmsCard() {
  const t = useT();
  const tc = t.messagesChannels;
  const { office } = useSession();
  const settings = useQuery({
    queryKey: channelKeys.sms,
    queryFn: ({ signal }) => api.get<SmsChannelSettings>('/api/channels/sms', undefined, signal),
  });
  return (
    <ChannelCard
      id="channel-sms"
      icon={IconMessage2}
      title={t.messages.smsTitle}
      intro={tc.smsIntro}
      settings={settings}
      skeletonHeight={120}
    >
      {(data) => (
        <Stack gap="lg">
          <SmsForm key={JSON.stringify(data)} settings={data} />
          <Divider />
          <CopyField
            label={tc.smsWebhookUrl}
            description={tc.smsWebhookIntro}
            value={webhookUrl('sms', office.id)}
          />
          <Divider />
          <PhoneTestSend channel="sms" configured={data.configured} />
        </Stack>
      )}
    </ChannelCard>
  );
}
