import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconChecklist, IconEye, IconMail, IconSettings } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  collectionKeys,
  DEFAULT_REMINDER_OFFSETS,
  saveTemplate,
  type Template,
  type TemplateInput,
  useTemplate,
} from '../../api/collection.js';
import { useProfessions } from '../../api/queries.js';
import { useServiceCatalog } from '../../api/tickets.js';
import { BackLink, DetailFallback } from '../../components/detail-shell.js';
import { FormAlert } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { focusFirstError, mapServerErrors } from '../../lib/form-errors.js';
import { notifySuccess } from '../../lib/notify.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { ChecklistEditor, type DraftItem, draftItem, itemInput } from './checklist-editor.js';
import { TemplatePreviewModal } from './template-preview-modal.js';

const TABS = ['general', 'checklist', 'communication'] as const;
type Tab = (typeof TABS)[number];
const COMMUNICATION_FIELDS = [
  'requestSubject',
  'requestBody',
  'reminderSubject',
  'reminderBody',
  'receiptSubject',
  'receiptBody',
] as const;

/** The tab a field's error path belongs to (`items.2.name` → checklist). */
export function tabOfPath(path: string): Tab {
  if (path === 'items' || path.startsWith('items.')) return 'checklist';
  if (path.startsWith('communication')) return 'communication';
  return 'general';
}

/** `-3, -1, 0, 2, 5` → numbers; null when any part is not a whole number from -30 to 60. */
export function parseOffsets(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const numbers = parts.map((s) => (/^[+-]?\d+$/.test(s) ? Number(s) : Number.NaN));
  if (numbers.some((n) => Number.isNaN(n) || n < -30 || n > 60)) return null;
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** The form's state: the model as the inputs hold it (the day as typed, the ladder as text, sizes in MB). */
interface Form {
  name: string;
  serviceId: string | null;
  professionId: string | null;
  description: string;
  autoClose: boolean;
  due: Omit<Template['due'], 'day'> & { day: number | string };
  reminderText: string;
  communication: Template['communication'];
  items: DraftItem[];
}

function initialForm(template: Template | undefined, t: ReturnType<typeof useT>): Form {
  if (template) {
    return {
      name: template.name,
      serviceId: template.serviceId,
      professionId: template.professionId,
      description: template.description ?? '',
      autoClose: template.autoClose,
      due: template.due,
      reminderText: template.reminderOffsets.join(', '),
      communication: template.communication,
      items: template.items.map((i) => draftItem(i)),
    };
  }
  return {
    name: '',
    serviceId: null,
    professionId: null,
    description: '',
    autoClose: false,
    due: { day: 10, businessDays: false, monthOffset: 1, adjust: 'anticipate' },
    reminderText: DEFAULT_REMINDER_OFFSETS.join(', '),
    communication: { ...t.collection.defaultCommunication },
    items: [draftItem()],
  };
}

function TemplateForm({ template }: { template?: Template }) {
  const t = useT();
  const c = t.collection;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const services = useServiceCatalog();
  const professions = useProfessions();
  const [form, setForm] = useState<Form>(() => initialForm(template, t));
  const [tab, setTab] = useState<Tab>('general');
  const [previewOpen, setPreviewOpen] = useState(false);
  const { errors, setErrors, formError, setFormError, showSaveError } = useServerErrors();

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setDue = (change: Partial<Form['due']>) => setForm((f) => ({ ...f, due: { ...f.due, ...change } }));
  const setText = (key: (typeof COMMUNICATION_FIELDS)[number], value: string) =>
    setForm((f) => ({ ...f, communication: { ...f.communication, [key]: value } }));

  const tabErrors = (which: Tab) => Object.keys(errors).some((path) => tabOfPath(path) === which);

  const validate = (): { errors: Record<string, string>; body: TemplateInput | null } => {
    const found: Record<string, string> = {};
    if (form.name.trim().length < 2) found.name = c.nameTooShort;
    const day = Number(form.due.day);
    if (!Number.isInteger(day) || day < 1 || day > 31) found['due.day'] = c.dayInvalid;
    const offsets = parseOffsets(form.reminderText);
    if (offsets === null) found.reminderOffsets = c.reminderOffsetsInvalid;
    if (form.items.length === 0) found.items = c.checklistEmpty;
    form.items.forEach((item, i) => {
      if (!item.name.trim()) found[`items.${i}.name`] = c.required;
      const mb = Number(item.maxMb);
      if (item.kind === 'file' && (!Number.isInteger(mb) || mb < 1 || mb > 2048)) {
        found[`items.${i}.maxBytes`] = c.itemMaxInvalid;
      }
    });
    for (const key of COMMUNICATION_FIELDS) {
      if (!form.communication[key].trim()) found[`communication.${key}`] = c.required;
    }
    if (Object.keys(found).length > 0 || offsets === null) return { errors: found, body: null };
    return {
      errors: found,
      body: {
        name: form.name.trim(),
        serviceId: form.serviceId,
        professionId: form.professionId,
        description: form.description.trim() || null,
        autoClose: form.autoClose,
        due: { ...form.due, day },
        reminderOffsets: offsets,
        communication: form.communication,
        items: form.items.map((i) => ({ ...itemInput(i), name: i.name.trim() })),
      },
    };
  };

  const showErrors = (found: Record<string, string>) => {
    setErrors(found);
    const first = TABS.find((x) => Object.keys(found).some((path) => tabOfPath(path) === x));
    if (first) setTab(first);
    focusFirstError();
  };

  const save = useMutation({
    mutationFn: (body: TemplateInput) => saveTemplate(template?.id ?? null, body),
    meta: { silent: true },
    onSuccess: () => {
      notifySuccess(template ? c.templateSaved : c.templateCreated);
      void queryClient.invalidateQueries({ queryKey: collectionKeys.all });
      navigate('/collection/templates');
    },
    onError: (error) => {
      const resolve = (path: string[]) => path.join('.');
      const paths = Object.keys(mapServerErrors(error, resolve).fields);
      const first = TABS.find((x) => paths.some((path) => tabOfPath(path) === x));
      if (first) setTab(first);
      showSaveError(error, resolve);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const { errors: found, body } = validate();
    if (!body) {
      showErrors(found);
      setFormError(c.fixErrors);
      return;
    }
    setErrors({});
    save.mutate(body);
  };

  const tabLabel = (which: Tab, label: string) =>
    tabErrors(which) ? (
      <Group gap={6} wrap="nowrap">
        <span>{label}</span>
        <IconAlertCircle size={14} color="var(--mantine-color-red-6)" aria-label={c.tabHasErrors} />
      </Group>
    ) : (
      label
    );

  const offsets = parseOffsets(form.reminderText);
  const back = <BackLink to="/collection/templates" label={c.backToTemplates} />;
  return (
    <form onSubmit={submit} noValidate>
      <PageHeader
        above={back}
        title={template ? c.editTemplateTitle(template.name) : c.newTemplateTitle}
        subtitle={template ? c.version(template.version) : undefined}
        actions={
          <>
            {template && (
              <IconButton icon={IconEye} variant="default" onClick={() => setPreviewOpen(true)}>
                {c.preview}
              </IconButton>
            )}
            <Button variant="default" onClick={() => navigate('/collection/templates')}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t.common.save}
            </Button>
          </>
        }
      />
      <Stack>
        <FormAlert error={formError} />
        <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab
              value="general"
              leftSection={<IconSettings size={16} aria-hidden />}
              color={tabErrors('general') ? 'red' : undefined}
              data-error={tabErrors('general') || undefined}
            >
              {tabLabel('general', c.tabGeneral)}
            </Tabs.Tab>
            <Tabs.Tab
              value="checklist"
              leftSection={<IconChecklist size={16} aria-hidden />}
              color={tabErrors('checklist') ? 'red' : undefined}
              data-error={tabErrors('checklist') || undefined}
              rightSection={
                <Badge size="xs" variant="light" circle>
                  {form.items.length}
                </Badge>
              }
            >
              {tabLabel('checklist', c.tabChecklist)}
            </Tabs.Tab>
            <Tabs.Tab
              value="communication"
              leftSection={<IconMail size={16} aria-hidden />}
              color={tabErrors('communication') ? 'red' : undefined}
              data-error={tabErrors('communication') || undefined}
            >
              {tabLabel('communication', c.tabCommunication)}
            </Tabs.Tab>
          </Tabs.List>

          <Tabs.Panel value="general">
            <Stack>
              <Card>
                <Grid gap="md">
                  <Grid.Col span={{ base: 12, md: 7 }}>
                    <TextInput
                      label={c.name}
                      placeholder={c.namePlaceholder}
                      required
                      value={form.name}
                      onChange={(e) => set('name', e.currentTarget.value)}
                      error={errors.name}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 5 }}>
                    <Select
                      label={c.service}
                      placeholder={c.servicePlaceholder}
                      data={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                      value={form.serviceId}
                      onChange={(v) => set('serviceId', v)}
                      searchable
                      clearable
                      error={errors.serviceId}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 7 }}>
                    <Select
                      label={c.templateProfession}
                      description={c.templateProfessionHint}
                      placeholder={c.templateProfessionPlaceholder}
                      data={(professions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                      value={form.professionId}
                      onChange={(v) => set('professionId', v)}
                      clearable
                      error={errors.professionId}
                    />
                  </Grid.Col>
                  <Grid.Col span={12}>
                    <Textarea
                      label={c.description}
                      autosize
                      minRows={2}
                      value={form.description}
                      onChange={(e) => set('description', e.currentTarget.value)}
                      error={errors.description}
                    />
                  </Grid.Col>
                </Grid>
              </Card>
              <Card>
                <Title order={3}>{c.dueTitle}</Title>
                <Text size="sm" c="dimmed" mb="sm">
                  {c.dueHint}
                </Text>
                <Grid gap="md" align="flex-end">
                  <Grid.Col span={{ base: 4, md: 2 }}>
                    <NumberInput
                      label={c.dueDay}
                      min={1}
                      max={31}
                      allowDecimal={false}
                      value={form.due.day}
                      onChange={(v) => setDue({ day: v })}
                      error={errors['due.day']}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 8, md: 4 }}>
                    <Select
                      label={c.dueMonthOffset}
                      data={c.dueMonthOffsets.map((label, i) => ({ value: String(i), label }))}
                      value={String(form.due.monthOffset)}
                      onChange={(v) => v && setDue({ monthOffset: Number(v) })}
                      allowDeselect={false}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 6 }}>
                    <Text size="sm" fw={500} mb={4}>
                      {c.dueAdjust}
                    </Text>
                    <SegmentedControl
                      aria-label={c.dueAdjust}
                      value={form.due.adjust}
                      onChange={(v) => setDue({ adjust: v as Form['due']['adjust'] })}
                      data={[
                        { value: 'anticipate', label: c.dueAdjusts.anticipate },
                        { value: 'postpone', label: c.dueAdjusts.postpone },
                      ]}
                    />
                  </Grid.Col>
                  <Grid.Col span={12}>
                    <Switch
                      label={c.dueBusinessDays}
                      checked={form.due.businessDays}
                      onChange={(e) => setDue({ businessDays: e.currentTarget.checked })}
                    />
                    <Text size="sm" c="dimmed" mt="xs" data-testid="due-text">
                      {c.dueText(Number(form.due.day) || 0, form.due.businessDays, form.due.monthOffset)}
                    </Text>
                  </Grid.Col>
                </Grid>
              </Card>
              <Card>
                <Title order={3}>{c.remindersTitle}</Title>
                <Text size="sm" c="dimmed" mb="sm">
                  {c.remindersHint}
                </Text>
                <TextInput
                  label={c.reminderOffsets}
                  placeholder={c.reminderOffsetsPlaceholder}
                  value={form.reminderText}
                  onChange={(e) => set('reminderText', e.currentTarget.value)}
                  error={errors.reminderOffsets}
                  maw={360}
                />
                {offsets && offsets.length > 0 && (
                  <Group gap={6} mt="xs">
                    {offsets.map((o) => (
                      <Badge key={o} variant="light" tt="none">
                        {c.reminderText(o)}
                      </Badge>
                    ))}
                  </Group>
                )}
                <Switch
                  mt="md"
                  label={c.autoClose}
                  description={c.autoCloseHint}
                  checked={form.autoClose}
                  onChange={(e) => set('autoClose', e.currentTarget.checked)}
                />
              </Card>
            </Stack>
          </Tabs.Panel>

          <Tabs.Panel value="checklist">
            <ChecklistEditor items={form.items} onChange={(items) => set('items', items)} errors={errors} />
          </Tabs.Panel>

          <Tabs.Panel value="communication">
            <Card>
              <Alert variant="light" mb="md">
                {c.communicationHint}
                {template && template.variables.length > 0 && (
                  <Text size="xs" ff="monospace" mt={6}>
                    {template.variables.map((v) => `{{ ${v} }}`).join('  ')}
                  </Text>
                )}
              </Alert>
              <Stack>
                {(['request', 'reminder', 'receipt'] as const).map((kind) => {
                  const subject = `${kind}Subject` as const;
                  const body = `${kind}Body` as const;
                  return (
                    <Stack key={kind} gap="xs">
                      <TextInput
                        label={c[subject]}
                        required
                        value={form.communication[subject]}
                        onChange={(e) => setText(subject, e.currentTarget.value)}
                        error={errors[`communication.${subject}`]}
                      />
                      <Textarea
                        label={c[body]}
                        required
                        autosize
                        minRows={4}
                        maxRows={14}
                        value={form.communication[body]}
                        onChange={(e) => setText(body, e.currentTarget.value)}
                        error={errors[`communication.${body}`]}
                        styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
                      />
                    </Stack>
                  );
                })}
              </Stack>
            </Card>
          </Tabs.Panel>
        </Tabs>
      </Stack>
      {previewOpen && template && (
        <TemplatePreviewModal
          templateId={template.id}
          name={template.name}
          onClose={() => setPreviewOpen(false)}
        />
      )}
    </form>
  );
}

/** Novo / editar Processo Modelo: Geral, Checklist and Comunicação, each tab marked when it has errors. */
export function TemplateFormPage() {
  const t = useT();
  const { id } = useParams();
  const template = useTemplate(id);
  if (!id) return <TemplateForm />;
  if (template.isPending || template.isError) {
    return (
      <DetailFallback
        query={template}
        back={<BackLink to="/collection/templates" label={t.collection.backToTemplates} />}
      />
    );
  }
  return <TemplateForm key={`${template.data.id}-${template.data.version}`} template={template.data} />;
}
