import { Divider, Grid, Stack } from '@mantine/core';
import { IconMessage2 } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { smsSettingsInput } from '../../../shared/schemas/channels.js';
import { http, ok } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { useT } from '../../i18n/index.js';
import { focusFirstError, schemaErrors } from '../../lib/form-errors.js';
import {
  ChannelCard,
  CopyField,
  PhoneTestSend,
  ProviderSettingsForm,
  SecretInput,
  useProviderSettings,
} from './channel-parts.js';
import { channelKeys, type SmsChannelInput, type SmsChannelSettings, webhookUrl } from './channel-types.js';

function SmsForm({ settings }: { settings: SmsChannelSettings }) {
  const t = useT();
  const tc = t.messagesChannels;
  const saved = settings.configured ? settings : null;
  const [url, setUrl] = useState(saved?.url ?? '');
  const [token, setToken] = useState('');
  const [sender, setSender] = useState(saved?.sender ?? '');
  const state = useProviderSettings<SmsChannelInput>('sms', { saved: tc.smsSaved, removed: tc.smsRemoved });
  const { errors } = state;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    state.setFormError(null);
    const body = { url, ...(token ? { token } : {}), sender };
    // The same schema the server checks: each field gets the sentence the server would answer.
    const found = schemaErrors(smsSettingsInput, body);
    // The token is write-only: blank keeps the saved one, so it is required only the first time.
    if (!saved && !token) found.token = t.validation.required;
    state.setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError();
      return;
    }
    // Sent as parsed: trimmed.
    state.save.mutate(smsSettingsInput.parse(body));
  };

  return (
    <ProviderSettingsForm
      state={state}
      saved={!!saved}
      removeTitle={tc.smsRemoveTitle}
      removeConfirm={tc.smsRemoveConfirm}
      onSubmit={submit}
    >
      <Grid>
        <Grid.Col span={12}>
          <LimitedTextInput
            field={smsSettingsInput.shape.url}
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
          <SecretInput
            label={tc.smsToken}
            hint={tc.smsTokenHint}
            isSet={!!saved}
            value={token}
            onChange={setToken}
            error={errors.token}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <LimitedTextInput
            field={smsSettingsInput.shape.sender}
            label={tc.smsSender}
            description={tc.smsSenderHint}
            required
            value={sender}
            onChange={(e) => setSender(e.currentTarget.value)}
            error={errors.sender}
            autoComplete="off"
          />
        </Grid.Col>
      </Grid>
    </ProviderSettingsForm>
  );
}

/** SMS (one HTTP provider): settings, where delivery reports go, and a test send. */
export function SmsCard() {
  const t = useT();
  const tc = t.messagesChannels;
  const { office } = useSession();
  const settings = useQuery({
    queryKey: channelKeys.sms,
    queryFn: ({ signal }) => ok(http.GET('/api/channels/sms', { signal })),
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
