import { Grid } from '@mantine/core';
import { smsSettingsInput } from '../../../shared/schemas/channels.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { useT } from '../../i18n/index.js';
import {
  CopyField,
  PhoneChannelCard,
  ProviderSettingsForm,
  SecretInput,
  useProviderSettings,
} from './channel-parts.js';
import type { SmsChannelSettings } from './channel-types.js';

function SmsForm({ settings }: { settings: SmsChannelSettings }) {
  const tc = useT().messagesChannels;
  const saved = settings.configured ? settings : null;
  const form = useProviderSettings('sms', {
    schema: smsSettingsInput,
    initial: () => ({ url: saved?.url ?? '', token: '', sender: saved?.sender ?? '' }),
    secrets: ['token'],
    saved: !!saved,
    done: { saved: tc.smsSaved, removed: tc.smsRemoved },
  });

  return (
    <ProviderSettingsForm state={form} removeTitle={tc.smsRemoveTitle} removeConfirm={tc.smsRemoveConfirm}>
      <Grid>
        <Grid.Col span={12}>
          <LimitedTextInput
            label={tc.smsUrl}
            description={tc.smsUrlHint}
            placeholder="https://api.provedor.com.br/v1/sms"
            {...form.input('url')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SecretInput label={tc.smsToken} hint={tc.smsTokenHint} isSet={!!saved} {...form.text('token')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <LimitedTextInput label={tc.smsSender} description={tc.smsSenderHint} {...form.input('sender')} />
        </Grid.Col>
      </Grid>
    </ProviderSettingsForm>
  );
}

/** Where the provider sends delivery reports. */
function SmsReports({ url }: { url: string }) {
  const tc = useT().messagesChannels;
  return <CopyField label={tc.smsWebhookUrl} description={tc.smsWebhookIntro} value={url} />;
}

/** SMS (one HTTP provider): settings, where delivery reports go, and a test send. */
export const SmsCard = () => <PhoneChannelCard channel="sms" form={SmsForm} callback={SmsReports} />;
