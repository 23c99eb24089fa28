import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Loader,
  NavLink,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowBackUp, IconDeviceFloppy, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useRef, useState } from 'react';
import { http, isApiError, ok } from '../../api/client.js';
import type {
  MessageChannel,
  MessageTemplate,
  TemplateChannel,
  TemplateKey,
  TemplateText,
} from '../../api/models.js';
import { keys, useSession, useTemplates } from '../../api/queries.js';
import { ClientSelect } from '../../components/client-select.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { IconButton } from '../../components/icon-button.js';
import { QueryError } from '../../components/query-error.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { errorMessage, notifyError, notifySuccess } from '../../lib/notify.js';
import { type ListParamChanges, useListParams } from '../../lib/use-list-params.js';

type FieldName = 'subject' | 'body';

/** Template source in a monospace font; an error marks the border and keeps the text readable. */
const CODE_INPUT = {
  input: {
    fontFamily: 'var(--mantine-font-family-monospace)',
    fontSize: 13,
    color: 'var(--mantine-color-text)',
  },
};

/** The client a preview renders with; none: example values. */
interface PreviewClient {
  id: string;
  name: string | null;
}

/**
 * Renders one field of a draft with example values, or with a real client's values when `clientId` is
 * given; the server names the line of any error.
 */
function usePreview(
  key: string,
  channel: MessageChannel,
  field: FieldName,
  source: string,
  clientId: string | null,
) {
  const [debounced] = useDebouncedValue(source, 400);
  const enabled = debounced.trim() !== '';
  // Each field is checked on its own so that an error lands under the field that has it.
  const draft: TemplateText & { clientId?: string } =
    field === 'subject' ? { subject: debounced, body: '-' } : { subject: null, body: debounced };
  if (clientId) draft.clientId = clientId;
  const query = useQuery({
    queryKey: keys.templatePreview(key, channel, `${field}:${clientId ?? ''}:${debounced}`),
    queryFn: ({ signal }) =>
      ok(
        http.POST('/api/templates/{key}/{channel}/preview', {
          // The key comes from the server's own template list.
          params: { path: { key: key as TemplateKey, channel } },
          body: draft,
          signal,
        }),
      ),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
  return {
    text: enabled ? (field === 'subject' ? query.data?.subject : query.data?.body) : '',
    error: enabled && query.isError ? query.error : null,
    pending: debounced !== source || (enabled && query.isFetching),
  };
}

function TemplateEditor({
  template,
  channel,
  canEdit,
  previewClient,
  onPreviewClient,
}: {
  template: MessageTemplate;
  channel: TemplateChannel;
  canEdit: boolean;
  previewClient: PreviewClient | null;
  onPreviewClient: (client: PreviewClient | null) => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const saved: TemplateText = channel.custom ?? channel.default;
  const [subject, setSubject] = useState(saved.subject ?? '');
  const [body, setBody] = useState(saved.body);
  const [saveError, setSaveError] = useState<{ field: FieldName; message: string } | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<FieldName>('body');

  const hasSubject = channel.default.subject !== null;
  const clientId = previewClient?.id ?? null;
  const subjectPreview = usePreview(
    template.key,
    channel.channel,
    'subject',
    hasSubject ? subject : '',
    clientId,
  );
  const bodyPreview = usePreview(template.key, channel.channel, 'body', body, clientId);
  const dirty = subject !== (saved.subject ?? '') || body !== saved.body;

  const fieldError = (field: FieldName): string | undefined => {
    if (field === 'body' && body.trim() === '') return t.validation.required;
    const preview = field === 'subject' ? subjectPreview : bodyPreview;
    if (preview.error && !preview.pending) return errorMessage(preview.error, t);
    if (saveError?.field === field) return saveError.message;
    return undefined;
  };

  const invalidate = () => queryClient.invalidateQueries({ queryKey: keys.templates });
  const path = { key: template.key as TemplateKey, channel: channel.channel };
  const save = useMutation({
    mutationFn: (input: TemplateText) =>
      ok(http.PUT('/api/templates/{key}/{channel}', { params: { path }, body: input })),
    meta: { silent: true },
    onSuccess: async () => {
      setSaveError(null);
      await invalidate();
      notifySuccess(t.messages.templateSaved);
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 400) {
        setSaveError({ field: subjectPreview.error ? 'subject' : 'body', message: errorMessage(error, t) });
      } else {
        notifyError(error);
      }
    },
  });
  const reset = useMutation({
    mutationFn: () => ok(http.DELETE('/api/templates/{key}/{channel}', { params: { path } })),
    onSuccess: async () => {
      setConfirmReset(false);
      setSaveError(null);
      setSubject(channel.default.subject ?? '');
      setBody(channel.default.body);
      await invalidate();
      notifySuccess(t.messages.restoredDone);
    },
    onError: () => setConfirmReset(false),
  });

  const edit = (field: FieldName, value: string) => {
    (field === 'subject' ? setSubject : setBody)(value);
    setSaveError(null);
  };
  /** What the subject and the body editors share: the text, the field the variables go into, the error. */
  const codeField = (field: FieldName) => ({
    value: field === 'subject' ? subject : body,
    readOnly: !canEdit,
    onFocus: () => {
      lastField.current = field;
    },
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => edit(field, e.currentTarget.value),
    error: fieldError(field),
    styles: CODE_INPUT,
  });

  /** Puts `{{ name }}` where the cursor is in the field last used (the body by default). */
  const insert = (name: string) => {
    const field = hasSubject ? lastField.current : 'body';
    const el = field === 'subject' ? subjectRef.current : bodyRef.current;
    const value = field === 'subject' ? subject : body;
    const text = `{{ ${name} }}`;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + text + value.slice(end);
    edit(field, next);
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const submit = () => {
    if (body.trim() === '') return;
    save.mutate({ subject: hasSubject ? subject.trim() || null : null, body });
  };

  return (
    <Stack gap="md">
      <Group gap="xs" wrap="wrap">
        {channel.custom ? (
          <Badge color="brand" variant="light">
            {t.messages.custom}
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            {t.messages.standard}
          </Badge>
        )}
        {template.transactional && (
          <Badge color="gray" variant="outline" title={t.messages.transactionalHint}>
            {t.messages.transactional}
          </Badge>
        )}
        {dirty && canEdit && (
          <Badge color="orange" variant="light">
            {t.messages.unsaved}
          </Badge>
        )}
        <Text size="xs" c="dimmed">
          {channel.custom
            ? t.messages.customSince(formatDateTime(channel.custom.updatedAt, office.timeZone))
            : t.messages.usingDefault}
        </Text>
      </Group>

      <div>
        <Text size="sm" fw={500}>
          {t.messages.variables}
        </Text>
        {canEdit && (
          <Text size="xs" c="dimmed" mb={6}>
            {t.messages.variablesHint}
          </Text>
        )}
        <Group gap={6} mt={canEdit ? 0 : 6}>
          {template.variables.map((name) => (
            <Button
              key={name}
              size="compact-xs"
              variant="light"
              radius="xl"
              ff="monospace"
              fw={500}
              disabled={!canEdit}
              aria-label={t.messages.insertVariable(name)}
              // Keep the cursor where it is: the click must not take the focus from the field.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => insert(name)}
            >
              {name}
            </Button>
          ))}
        </Group>
        <Text size="xs" c="dimmed" mt={6} ff="monospace">
          {t.messages.filtersHint}
        </Text>
      </div>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="sm">
          {hasSubject && (
            <TextInput ref={subjectRef} label={t.messages.templateSubject} {...codeField('subject')} />
          )}
          <Textarea
            ref={bodyRef}
            label={t.messages.templateBody}
            autosize
            minRows={9}
            maxRows={20}
            {...codeField('body')}
          />
        </Stack>

        <Stack gap={4}>
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={500}>
              {t.messages.preview}
            </Text>
            {subjectPreview.pending || bodyPreview.pending ? (
              <Group gap={4} c="dimmed">
                <Loader size={12} />
                <Text size="xs">{t.messages.previewUpdating}</Text>
              </Group>
            ) : (
              <Text size="xs" c="dimmed">
                {clientId ? t.messages.previewHintClient : t.messages.previewHint}
              </Text>
            )}
          </Group>
          <ClientSelect
            size="xs"
            mb={6}
            label={t.messages.previewClient}
            placeholder={t.messages.previewClientPlaceholder}
            clearable
            // Mantine hides the clear button from assistive technology; here it is the way back to the examples.
            clearButtonProps={{
              'aria-label': t.messages.previewClientClear,
              'aria-hidden': false,
              tabIndex: 0,
            }}
            value={clientId}
            selectedName={previewClient?.name ?? null}
            onChange={(id, name) => onPreviewClient(id ? { id, name } : null)}
          />
          <Paper
            withBorder
            p="md"
            bg="var(--mantine-color-gray-0)"
            aria-label={t.messages.preview}
            role="region"
          >
            {hasSubject && (
              <Text
                fw={700}
                size="sm"
                mb="sm"
                data-testid="preview-subject"
                c={subjectPreview.error ? 'dimmed' : undefined}
              >
                {subjectPreview.error ? '—' : (subjectPreview.text ?? '…')}
              </Text>
            )}
            <Text
              size="sm"
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              data-testid="preview-body"
              c={bodyPreview.error ? 'dimmed' : undefined}
            >
              {bodyPreview.error ? '—' : (bodyPreview.text ?? '…')}
            </Text>
          </Paper>
        </Stack>
      </SimpleGrid>

      {canEdit && (
        <Group justify="flex-end" gap="sm">
          {dirty && (
            <Button
              variant="subtle"
              onClick={() => {
                setSubject(saved.subject ?? '');
                setBody(saved.body);
                setSaveError(null);
              }}
            >
              {t.messages.discard}
            </Button>
          )}
          <IconButton
            variant="default"
            icon={IconArrowBackUp}
            disabled={!channel.custom}
            onClick={() => setConfirmReset(true)}
          >
            {t.messages.restoreDefault}
          </IconButton>
          <IconButton
            icon={IconDeviceFloppy}
            loading={save.isPending}
            disabled={!dirty || body.trim() === ''}
            onClick={submit}
          >
            {t.common.save}
          </IconButton>
        </Group>
      )}

      <ConfirmModal
        opened={confirmReset}
        title={t.messages.restoreTitle}
        message={t.messages.restoreConfirm}
        confirmLabel={t.messages.restoreDefault}
        loading={reset.isPending}
        onConfirm={() => reset.mutate()}
        onClose={() => setConfirmReset(false)}
      />
    </Stack>
  );
}

/** Modelos: the message templates, edited with their variables and a live preview. */
export function TemplatesTab() {
  const t = useT();
  const [lang] = useLang();
  const { isAdmin } = useSession();
  const templates = useTemplates();
  const params = useListParams();
  // Kept across templates and channels: the office compares several messages for the same client.
  const [previewClient, setPreviewClient] = useState<PreviewClient | null>(null);
  const list = templates.data ?? [];
  const selected = list.find((x) => x.key === params.get('template')) ?? list[0];
  const channelParam = params.get('channel');
  const channel = selected?.channels.find((c) => c.channel === channelParam) ?? selected?.channels[0];

  const choose = (changes: ListParamChanges) => params.update(changes, false);

  if (templates.isError)
    return <QueryError error={templates.error} onRetry={() => void templates.refetch()} />;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t.messages.templatesIntro}
      </Text>
      {!isAdmin && (
        <Alert variant="light" color="gray" icon={<IconLock aria-hidden />} py="xs">
          {t.messages.templatesReadOnly}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <Paper withBorder p={4}>
            <nav aria-label={t.messages.templateList}>
              {templates.isPending &&
                Array.from({ length: 3 }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton rows
                  <Skeleton key={i} h={44} m={6} />
                ))}
              {templates.isSuccess && list.length === 0 && (
                <Text size="sm" c="dimmed" p="sm">
                  {t.messages.templatesEmpty}
                </Text>
              )}
              {list.map((tpl) => (
                <NavLink
                  key={tpl.key}
                  component="button"
                  label={tpl.description[lang] || tpl.description['pt-BR']}
                  description={
                    <Group gap={6} component="span" wrap="wrap">
                      <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{tpl.key}</span>
                      {tpl.channels.some((c) => c.custom) && (
                        <Badge size="xs" variant="light" component="span">
                          {t.messages.custom}
                        </Badge>
                      )}
                    </Group>
                  }
                  active={tpl.key === selected?.key}
                  onClick={() => choose({ template: tpl.key, channel: null })}
                  style={{ borderRadius: 6 }}
                />
              ))}
            </nav>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          {selected && channel ? (
            <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
              <Stack gap="md">
                <Group justify="space-between" gap="sm">
                  <div>
                    <Title order={2} size="h3">
                      {selected.description[lang] || selected.description['pt-BR']}
                    </Title>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {selected.key}
                    </Text>
                  </div>
                  {selected.channels.length > 1 && (
                    <SegmentedControl
                      size="xs"
                      value={channel.channel}
                      data={selected.channels.map((c) => ({
                        value: c.channel,
                        label: t.messageChannels[c.channel],
                      }))}
                      onChange={(value) => choose({ channel: value })}
                    />
                  )}
                </Group>
                <TemplateEditor
                  key={`${selected.key}:${channel.channel}:${channel.custom?.updatedAt ?? 'default'}`}
                  template={selected}
                  channel={channel}
                  canEdit={isAdmin}
                  previewClient={previewClient}
                  onPreviewClient={setPreviewClient}
                />
              </Stack>
            </Paper>
          ) : (
            templates.isPending && <Skeleton h={400} />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
