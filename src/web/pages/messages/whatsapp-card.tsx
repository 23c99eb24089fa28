import { ActionIcon, Code, Grid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { whatsappSettingsInput } from '../../../shared/schemas/channels.js';
import { http, ok } from '../../api/client.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { TableHead } from '../../components/table-head.js';
import { useLang, useT } from '../../i18n/index.js';
import {
  CopyField,
  PhoneChannelCard,
  ProviderSettingsForm,
  SecretInput,
  useProviderSettings,
} from './channel-parts.js';
import { channelKeys, type WhatsAppChannelSettings } from './channel-types.js';

const DEFAULTS = { baseUrl: 'https://graph.facebook.com', apiVersion: 'v21.0', language: 'pt_BR' };

/** A verify token to suggest: 24 random characters, for the admin to paste in Meta's dashboard. */
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

function WhatsAppForm({ settings }: { settings: WhatsAppChannelSettings }) {
  const tc = useT().messagesChannels;
  const saved = settings.configured ? settings : null;
  const form = useProviderSettings('whatsapp', {
    schema: whatsappSettingsInput,
    initial: () => ({
      baseUrl: saved?.baseUrl ?? DEFAULTS.baseUrl,
      apiVersion: saved?.apiVersion ?? DEFAULTS.apiVersion,
      phoneNumberId: saved?.phoneNumberId ?? '',
      accessToken: '',
      appSecret: '',
      verifyToken: saved?.verifyToken ?? randomToken(),
      language: saved?.language ?? DEFAULTS.language,
    }),
    secrets: ['accessToken', 'appSecret'],
    saved: !!saved,
    done: { saved: tc.whatsappSaved, removed: tc.whatsappRemoved },
  });

  return (
    <ProviderSettingsForm
      state={form}
      removeTitle={tc.whatsappRemoveTitle}
      removeConfirm={tc.whatsappRemoveConfirm}
    >
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <LimitedTextInput
            label={tc.phoneNumberId}
            description={tc.phoneNumberIdHint}
            inputMode="numeric"
            {...form.input('phoneNumberId')}
            onChange={(e) => form.set('phoneNumberId', e.currentTarget.value.replace(/\s/g, ''))}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <LimitedTextInput label={tc.language} description={tc.languageHint} {...form.input('language')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SecretInput
            label={tc.accessToken}
            hint={tc.accessTokenHint}
            isSet={!!saved}
            {...form.text('accessToken')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SecretInput
            label={tc.appSecret}
            hint={tc.appSecretHint}
            isSet={!!saved}
            {...form.text('appSecret')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <LimitedTextInput
            label={tc.verifyToken}
            description={tc.verifyTokenHint}
            {...form.input('verifyToken')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            rightSection={
              <Tooltip label={tc.newVerifyToken} withinPortal>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => form.set('verifyToken', randomToken())}
                  aria-label={tc.newVerifyToken}
                >
                  <IconRefresh size={16} />
                </ActionIcon>
              </Tooltip>
            }
          />
        </Grid.Col>
        <Grid.Col span={{ base: 7, sm: 4 }}>
          <LimitedTextInput label={tc.baseUrl} description={tc.baseUrlHint} {...form.input('baseUrl')} />
        </Grid.Col>
        <Grid.Col span={{ base: 5, sm: 2 }}>
          <LimitedTextInput label={tc.apiVersion} description=" " {...form.input('apiVersion')} />
        </Grid.Col>
      </Grid>
    </ProviderSettingsForm>
  );
}

/** The templates Meta must have approved (names, language, parameters), when the server lists them. */
function ApprovedTemplates({ language }: { language: string }) {
  const t = useT();
  const [lang] = useLang();
  const tc = t.messagesChannels;
  const templates = useQuery({
    queryKey: channelKeys.whatsappTemplates,
    queryFn: ({ signal }) => ok(http.GET('/api/channels/whatsapp/templates', { signal })),
    staleTime: 5 * 60_000,
    // Optional: without the endpoint the list is simply not shown.
    retry: false,
  });
  const items = templates.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        {tc.templatesTitle}
      </Title>
      <Text size="sm" c="dimmed">
        {tc.templatesIntro}
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing={6} fz="sm" aria-label={tc.templatesTitle} data-testid="approved-templates">
          <TableHead
            labels={[tc.templateName, tc.templateLanguage, tc.templateParamsColumn, tc.templateUse]}
          />
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.name}>
                <Table.Td>
                  <Code>{item.name}</Code>
                </Table.Td>
                <Table.Td>{language}</Table.Td>
                <Table.Td>
                  {item.params.length === 0 ? (
                    tc.templateParams(0)
                  ) : (
                    <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-line' }}>
                      {item.params.map((p, i) => `{{${i + 1}}} = ${p}`).join('\n')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{item.description[lang]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** The webhook to give Meta, and the templates it must have approved. */
function WhatsAppWebhook({ url, settings }: { url: string; settings: WhatsAppChannelSettings }) {
  const tc = useT().messagesChannels;
  return (
    <>
      <Stack gap="xs">
        <Title order={4} size="h5">
          {tc.webhookTitle}
        </Title>
        <Text size="sm" c="dimmed">
          {tc.webhookIntro}
        </Text>
        <CopyField label={tc.webhookUrl} value={url} />
      </Stack>
      <ApprovedTemplates language={settings.configured ? settings.language : 'pt_BR'} />
    </>
  );
}

/** WhatsApp (Cloud API): settings, the webhook to give Meta, the approved templates and a test send. */
export const WhatsAppCard = () => (
  <PhoneChannelCard channel="whatsapp" form={WhatsAppForm} callback={WhatsAppWebhook} />
);
