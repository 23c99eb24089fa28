import { ActionIcon, Code, Divider, Grid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconBrandWhatsapp, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { whatsappSettingsInput } from '../../../shared/schemas/channels.js';
import { http, ok } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { useLang, useT } from '../../i18n/index.js';
import { focusFirstError, schemaErrors } from '../../lib/form-errors.js';
import {
  ChannelCard,
  CopyField,
  PhoneTestSend,
  ProviderSettingsForm,
  SecretInput,
  useProviderSettings,
} from './channel-parts.js';
import {
  channelKeys,
  type WhatsAppChannelInput,
  type WhatsAppChannelSettings,
  webhookUrl,
} from './channel-types.js';

const DEFAULTS = { baseUrl: 'https://graph.facebook.com', apiVersion: 'v21.0', language: 'pt_BR' };

/** A verify token to suggest: 24 random characters, for the admin to paste in Meta's dashboard. */
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

function WhatsAppForm({ settings }: { settings: WhatsAppChannelSettings }) {
  const t = useT();
  const tc = t.messagesChannels;
  const saved = settings.configured ? settings : null;
  const [phoneNumberId, setPhoneNumberId] = useState(saved?.phoneNumberId ?? '');
  const [accessToken, setAccessToken] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [verifyToken, setVerifyToken] = useState(saved?.verifyToken ?? randomToken);
  const [language, setLanguage] = useState(saved?.language ?? DEFAULTS.language);
  const [baseUrl, setBaseUrl] = useState(saved?.baseUrl ?? DEFAULTS.baseUrl);
  const [apiVersion, setApiVersion] = useState(saved?.apiVersion ?? DEFAULTS.apiVersion);
  const state = useProviderSettings<WhatsAppChannelInput>('whatsapp', {
    saved: tc.whatsappSaved,
    removed: tc.whatsappRemoved,
  });
  const { errors } = state;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    state.setFormError(null);
    const body = {
      baseUrl,
      apiVersion,
      phoneNumberId,
      ...(accessToken ? { accessToken } : {}),
      ...(appSecret ? { appSecret } : {}),
      verifyToken,
      language,
    };
    // The same schema the server checks: each field gets the sentence the server would answer.
    const found = schemaErrors(whatsappSettingsInput, body);
    // Secrets are write-only: blank keeps the saved one, so they are required only the first time.
    if (!saved && !accessToken) found.accessToken = t.validation.required;
    if (!saved && !appSecret) found.appSecret = t.validation.required;
    state.setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError();
      return;
    }
    // Sent as parsed: trimmed, the defaults filled in.
    state.save.mutate(whatsappSettingsInput.parse(body));
  };

  return (
    <ProviderSettingsForm
      state={state}
      saved={!!saved}
      removeTitle={tc.whatsappRemoveTitle}
      removeConfirm={tc.whatsappRemoveConfirm}
      onSubmit={submit}
    >
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <LimitedTextInput
            field={whatsappSettingsInput.shape.phoneNumberId}
            label={tc.phoneNumberId}
            description={tc.phoneNumberIdHint}
            required
            inputMode="numeric"
            value={phoneNumberId}
            onChange={(e) => setPhoneNumberId(e.currentTarget.value.replace(/\s/g, ''))}
            error={errors.phoneNumberId}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <LimitedTextInput
            field={whatsappSettingsInput.shape.language}
            label={tc.language}
            description={tc.languageHint}
            required
            value={language}
            onChange={(e) => setLanguage(e.currentTarget.value)}
            error={errors.language}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SecretInput
            label={tc.accessToken}
            hint={tc.accessTokenHint}
            isSet={!!saved}
            value={accessToken}
            onChange={setAccessToken}
            error={errors.accessToken}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SecretInput
            label={tc.appSecret}
            hint={tc.appSecretHint}
            isSet={!!saved}
            value={appSecret}
            onChange={setAppSecret}
            error={errors.appSecret}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <LimitedTextInput
            field={whatsappSettingsInput.shape.verifyToken}
            label={tc.verifyToken}
            description={tc.verifyTokenHint}
            required
            value={verifyToken}
            onChange={(e) => setVerifyToken(e.currentTarget.value)}
            error={errors.verifyToken}
            autoComplete="off"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            rightSection={
              <Tooltip label={tc.newVerifyToken} withinPortal>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => setVerifyToken(randomToken())}
                  aria-label={tc.newVerifyToken}
                >
                  <IconRefresh size={16} />
                </ActionIcon>
              </Tooltip>
            }
          />
        </Grid.Col>
        <Grid.Col span={{ base: 7, sm: 4 }}>
          <LimitedTextInput
            field={whatsappSettingsInput.shape.baseUrl}
            label={tc.baseUrl}
            description={tc.baseUrlHint}
            required
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value)}
            error={errors.baseUrl}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 5, sm: 2 }}>
          <LimitedTextInput
            field={whatsappSettingsInput.shape.apiVersion}
            label={tc.apiVersion}
            description=" "
            required
            value={apiVersion}
            onChange={(e) => setApiVersion(e.currentTarget.value)}
            error={errors.apiVersion}
            autoComplete="off"
          />
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
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tc.templateName}</Table.Th>
              <Table.Th>{tc.templateLanguage}</Table.Th>
              <Table.Th>{tc.templateParamsColumn}</Table.Th>
              <Table.Th>{tc.templateUse}</Table.Th>
            </Table.Tr>
          </Table.Thead>
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

/** WhatsApp (Cloud API): settings, the webhook to give Meta, the approved templates and a test send. */
export function WhatsAppCard() {
  const t = useT();
  const tc = t.messagesChannels;
  const { office } = useSession();
  const settings = useQuery({
    queryKey: channelKeys.whatsapp,
    queryFn: ({ signal }) => ok(http.GET('/api/channels/whatsapp', { signal })),
  });
  return (
    <ChannelCard
      id="channel-whatsapp"
      icon={IconBrandWhatsapp}
      title={t.messages.whatsappTitle}
      intro={tc.whatsappIntro}
      settings={settings}
      skeletonHeight={160}
    >
      {(data) => (
        <Stack gap="lg">
          <WhatsAppForm key={JSON.stringify(data)} settings={data} />
          <Divider />
          <Stack gap="xs">
            <Title order={4} size="h5">
              {tc.webhookTitle}
            </Title>
            <Text size="sm" c="dimmed">
              {tc.webhookIntro}
            </Text>
            <CopyField label={tc.webhookUrl} value={webhookUrl('whatsapp', office.id)} />
          </Stack>
          <ApprovedTemplates language={data.configured ? data.language : 'pt_BR'} />
          <Divider />
          <PhoneTestSend channel="whatsapp" configured={data.configured} />
        </Stack>
      )}
    </ChannelCard>
  );
}
