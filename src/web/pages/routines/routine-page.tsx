import {
  Alert,
  Anchor,
  Grid,
  Group,
  Input,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconCalendarTime, IconEye, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { MessageChannel, ScheduleSpec } from '../../api/models.js';
import { useProfessions, useSession } from '../../api/queries.js';
import {
  type Audience,
  type RoutineDetail,
  type RoutineSettings,
  routineKeys,
  routinesApi,
  useRoutine,
} from '../../api/routines.js';
import { ClientsMultiSelect } from '../../components/clients-multi-select.js';
import { FullPageLoader } from '../../components/full-page-loader.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryError } from '../../components/query-error.js';
import { errorsByPath, ScheduleEditor } from '../../components/schedule-editor.js';
import { SubmitRow } from '../../components/submit-row.js';
import { useLang, useT } from '../../i18n/index.js';
import { focusFirstError } from '../../lib/form-errors.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import { PoolSelect } from '../runs/run-modal.js';
import { ChannelWarning } from './channel-warning.js';
import { ConfigForm, configWithDefaults } from './config-form.js';
import { ConfirmRunModal } from './confirm-run-modal.js';
import { PreviewModal } from './preview-modal.js';
import { RoutineRuns } from './routine-runs.js';
import { RoutineStatusBadge } from './routines-page.js';
import { ScheduleRunModal } from './schedule-run-modal.js';

type Communication = 'none' | 'email' | 'whatsapp' | 'both';

const DEFAULT_SPEC: ScheduleSpec = { type: 'daily', times: ['08:00'] };

function communicationOf(channels: MessageChannel[]): Communication {
  const email = channels.includes('email');
  const whatsapp = channels.includes('whatsapp');
  return email && whatsapp ? 'both' : email ? 'email' : whatsapp ? 'whatsapp' : 'none';
}

const channelsOf = (c: Communication): MessageChannel[] =>
  c === 'both' ? ['email', 'whatsapp'] : c === 'none' ? [] : [c];

function AudienceInput({
  value,
  onChange,
  errors,
  disabled,
}: {
  value: Audience;
  onChange: (a: Audience) => void;
  errors: Record<string, string>;
  disabled: boolean;
}) {
  const t = useT();
  const { office } = useSession();
  const kinds = ['all', 'class', 'tag', 'list'] as const;
  const err = (suffix: string) =>
    Object.entries(errors).find(
      ([k]) => k === `settings.audience.${suffix}` || k.startsWith(`settings.audience.${suffix}.`),
    )?.[1];
  return (
    <Stack gap="xs">
      <Input.Wrapper label={t.routines.audience}>
        <div>
          <SegmentedControl
            data={kinds.map((k) => ({ value: k, label: t.routines.audienceKinds[k] }))}
            value={value.kind}
            disabled={disabled}
            onChange={(k) => {
              if (k === 'all') onChange({ kind: 'all' });
              if (k === 'class') onChange({ kind: 'class', classes: [] });
              if (k === 'tag') onChange({ kind: 'tag', tags: [] });
              if (k === 'list') onChange({ kind: 'list', clientIds: [] });
            }}
          />
        </div>
      </Input.Wrapper>
      {value.kind === 'class' && (
        <MultiSelect
          label={t.routines.audienceClasses}
          data={office.clientClasses}
          value={value.classes}
          onChange={(classes) => onChange({ kind: 'class', classes })}
          error={err('classes')}
          disabled={disabled}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {value.kind === 'tag' && (
        <TagsInput
          label={t.routines.audienceTags}
          description={t.routines.audienceTagsHint}
          value={value.tags}
          onChange={(tags) => onChange({ kind: 'tag', tags })}
          error={err('tags')}
          disabled={disabled}
        />
      )}
      {value.kind === 'list' && (
        <ClientsMultiSelect
          label={t.routines.audienceClients}
          placeholder={t.routines.audienceClientsPlaceholder}
          value={value.clientIds}
          onChange={(clientIds) => onChange({ kind: 'list', clientIds })}
          error={err('clientIds')}
          disabled={disabled}
        />
      )}
    </Stack>
  );
}

const templateLink = (key: string, channel?: MessageChannel) =>
  `/messages/templates?template=${encodeURIComponent(key)}${channel ? `&channel=${channel}` : ''}`;

function RoutineForm({ routine }: { routine: RoutineDetail }) {
  const t = useT();
  const [lang] = useLang();
  const queryClient = useQueryClient();
  const { isAdmin } = useSession();
  const professions = useProfessions();
  const title = routine.title[lang] || routine.title['pt-BR'];

  const [active, setActive] = useState(routine.active);
  const [spec, setSpec] = useState<ScheduleSpec>(routine.schedule?.spec ?? DEFAULT_SPEC);
  const [pool, setPool] = useState(routine.schedule?.pool ?? routine.pool);
  const [settings, setSettings] = useState<RoutineSettings>(routine.settings);
  const [config, setConfig] = useState(() => configWithDefaults(routine.configFields, routine.config));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [modal, setModal] = useState<'preview' | 'schedule' | 'run' | null>(null);
  const readOnly = !isAdmin;

  const specErrors = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(errors)
          .filter(([k]) => k.startsWith('schedule'))
          .map(([k, v]) => [k.replace(/^schedule/, 'spec'), v]),
      ),
    [errors],
  );

  const invalidate = () => queryClient.invalidateQueries({ queryKey: routineKeys.all });

  const save = useMutation({
    mutationFn: () =>
      routinesApi.save(routine.kind, {
        active,
        settings,
        config,
        schedule: spec,
        pool,
        version: routine.version,
      }),
    meta: { silent: true },
    onSuccess: (saved) => {
      notifySuccess(
        saved.active === routine.active
          ? t.routines.saved
          : saved.active
            ? t.routines.activated
            : t.routines.deactivated,
      );
      setErrors({});
      setFormError(null);
      queryClient.setQueryData(routineKeys.detail(routine.kind), saved);
      void invalidate();
    },
    onError: (error) => {
      const { fields, unmatched } = errorsByPath(error);
      setErrors(fields);
      const shown = Object.keys(fields).some((k) => /^(schedule|settings|config|pool)/.test(k));
      setFormError(unmatched[0] ?? (shown ? t.routines.fixErrors : errorMessage(error, t)));
      focusFirstError();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  const communication = communicationOf(settings.channels);
  const available = routine.availableChannels;
  const commOptions: Communication[] = [
    'none',
    ...(available.includes('email') ? (['email'] as const) : []),
    ...(available.includes('whatsapp') ? (['whatsapp'] as const) : []),
    ...(available.includes('email') && available.includes('whatsapp') ? (['both'] as const) : []),
  ];
  const setTemplate = (channel: MessageChannel, key: string | null) =>
    setSettings((s) => {
      const { [channel]: _, ...others } = s.templates;
      return { ...s, templates: key ? { ...others, [channel]: key } : others };
    });

  return (
    <>
      <PageHeader
        above={
          <Anchor component={Link} to="/routines" size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} aria-hidden />
              {t.routines.back}
            </Group>
          </Anchor>
        }
        title={
          <Group gap="sm" component="span">
            {title}
            <RoutineStatusBadge active={routine.active} />
          </Group>
        }
        subtitle={routine.description[lang] || routine.description['pt-BR']}
        actions={
          <>
            <IconButton icon={IconEye} variant="default" onClick={() => setModal('preview')}>
              {t.routines.preview}
            </IconButton>
            <IconButton icon={IconCalendarTime} variant="default" onClick={() => setModal('schedule')}>
              {t.routines.scheduleRun}
            </IconButton>
            <IconButton icon={IconPlayerPlay} onClick={() => setModal('run')}>
              {t.routines.runNow}
            </IconButton>
          </>
        }
      />

      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="md">
          {readOnly && (
            <Alert color="gray" variant="light">
              {t.routines.readOnly}
            </Alert>
          )}
          {formError && (
            <Alert color="red" variant="light" data-testid="routine-form-error">
              {formError}
            </Alert>
          )}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Paper withBorder p="md" h="100%">
                <Title order={2} size="h4" mb="sm">
                  {t.routines.sectionWhen}
                </Title>
                <Stack gap="md">
                  <Input.Wrapper label={t.routines.active} description={t.routines.activeHint}>
                    <div>
                      <SegmentedControl
                        mt={4}
                        aria-label={t.routines.active}
                        data={[
                          { value: 'yes', label: t.common.yes },
                          { value: 'no', label: t.common.no },
                        ]}
                        value={active ? 'yes' : 'no'}
                        onChange={(v) => setActive(v === 'yes')}
                        disabled={readOnly}
                      />
                    </div>
                  </Input.Wrapper>
                  <Input.Wrapper label={t.routines.schedule} error={errors.schedule}>
                    <div style={{ marginTop: 6 }}>
                      <ScheduleEditor value={spec} onChange={setSpec} errors={specErrors} allowOnce={false} />
                    </div>
                  </Input.Wrapper>
                  <PoolSelect
                    label={t.routines.pool}
                    description={t.routines.poolHint}
                    value={pool}
                    onChange={setPool}
                    error={errors.pool}
                    disabled={readOnly}
                  />
                </Stack>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Paper withBorder p="md" h="100%">
                <Title order={2} size="h4" mb="sm">
                  {t.routines.sectionWho}
                </Title>
                <Stack gap="md">
                  <Select
                    label={t.routines.profession}
                    description={t.routines.professionHint}
                    data={[
                      { value: '', label: t.routines.professionNone },
                      ...(professions.data ?? []).map((p) => ({ value: p.id, label: p.name })),
                    ]}
                    value={settings.professionId ?? ''}
                    allowDeselect={false}
                    onChange={(v) => setSettings((s) => ({ ...s, professionId: v || null }))}
                    error={errors['settings.professionId']}
                    disabled={readOnly}
                    comboboxProps={{ withinPortal: true }}
                  />
                  {available.length > 0 ? (
                    <Input.Wrapper
                      label={t.routines.communication}
                      description={t.routines.communicationHint}
                      error={Object.entries(errors).find(([k]) => k.startsWith('settings.channels'))?.[1]}
                    >
                      <div>
                        <SegmentedControl
                          mt={4}
                          aria-label={t.routines.communication}
                          data={commOptions.map((c) => ({ value: c, label: t.routines.channels[c] }))}
                          value={communication}
                          onChange={(v) =>
                            setSettings((s) => ({ ...s, channels: channelsOf(v as Communication) }))
                          }
                          disabled={readOnly}
                        />
                      </div>
                    </Input.Wrapper>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t.routines.communicationNone}
                    </Text>
                  )}
                  <ChannelWarning channels={settings.channels} configured={routine.configuredChannels} />
                  {settings.channels.length > 0 && (
                    <SimpleGrid cols={{ base: 1, sm: settings.channels.length }}>
                      {settings.channels.map((channel) => {
                        const key = settings.templates[channel] ?? routine.templates.client ?? null;
                        return (
                          <Stack key={channel} gap={4}>
                            <Select
                              label={t.routines.template(t.routines.channels[channel])}
                              data={(routine.templateOptions[channel] ?? []).map((o) => ({
                                value: o.key,
                                label: o.description[lang] || o.description['pt-BR'],
                              }))}
                              value={key}
                              allowDeselect={false}
                              onChange={(v) => setTemplate(channel, v)}
                              error={errors[`settings.templates.${channel}`]}
                              disabled={readOnly}
                              comboboxProps={{ withinPortal: true }}
                            />
                            {key && (
                              <Anchor component={Link} to={templateLink(key, channel)} size="xs">
                                {t.routines.editTemplate}
                              </Anchor>
                            )}
                          </Stack>
                        );
                      })}
                    </SimpleGrid>
                  )}
                  {routine.templates.staff && (
                    <Text size="sm">
                      {t.routines.staffTemplate}:{' '}
                      <Anchor component={Link} to={templateLink(routine.templates.staff, 'email')} size="sm">
                        {t.routines.editTemplate}
                      </Anchor>
                    </Text>
                  )}
                  <AudienceInput
                    value={settings.audience}
                    onChange={(audience) => setSettings((s) => ({ ...s, audience }))}
                    errors={errors}
                    disabled={readOnly}
                  />
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>

          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {t.routines.sectionOwn}
            </Title>
            <ConfigForm
              kind={routine.kind}
              fields={routine.configFields}
              values={config}
              onChange={setConfig}
              errors={errors}
              disabled={readOnly}
            />
          </Paper>

          {!readOnly && <SubmitRow saving={save.isPending}>{t.routines.save}</SubmitRow>}
        </Stack>
      </form>

      <RoutineRuns kind={routine.kind} />

      {modal === 'preview' && (
        <PreviewModal routine={routine} settings={settings} config={config} onClose={() => setModal(null)} />
      )}
      {modal === 'run' && (
        <ConfirmRunModal
          kind={routine.kind}
          pool={pool}
          title={title}
          onClose={() => setModal(null)}
          onPreview={() => setModal('preview')}
        />
      )}
      {modal === 'schedule' && (
        <ScheduleRunModal kind={routine.kind} pool={pool} title={title} onClose={() => setModal(null)} />
      )}
    </>
  );
}

/** A routine: its form (Ativo, schedule, profession, communication, audience, own settings) and its runs. */
export function RoutinePage() {
  const { kind = '' } = useParams();
  const routine = useRoutine(kind);
  if (routine.isPending) return <FullPageLoader />;
  if (routine.isError) return <QueryError error={routine.error} onRetry={() => void routine.refetch()} />;
  return <RoutineForm key={`${routine.data.kind}:${routine.data.version}`} routine={routine.data} />;
}
