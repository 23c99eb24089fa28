/**
 * Honorários: the client's fee contract (amount, due rule, first competência, anniversary and yearly
 * adjustment rule), its
 * invoices (status, PDF, copy PIX, baixa, cancel), "Gerar cobrança", and — for administrators — the
 * office's PIX settings.
 */
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconPencil, IconPlus, IconReceipt, IconSettings } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { feeContractBody } from '../../../shared/schemas/fee-contract.js';
import {
  type DueRule,
  type FeeContract,
  type FeeContractInput,
  formatPeriod,
  type PaymentMethod,
  parsePeriodInput,
  useBillingSummary,
  useInvoices,
} from '../../api/billing.js';
import { http, ok } from '../../api/client.js';
import type { Body } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { DateTextInput } from '../../components/date-text-input.js';
import { Field } from '../../components/detail-shell.js';
import { FormAlert, FormModal } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { Pager } from '../../components/pager.js';
import { PeriodInput } from '../../components/period-input.js';
import { QueryError } from '../../components/query-error.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useLang, useT } from '../../i18n/index.js';
import { type FieldErrors, schemaErrors } from '../../lib/form-errors.js';
import { formatIsoDate, formatMoney, parseBrDate, todayIn } from '../../lib/format.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import {
  InvoicesTable,
  MoneyInput,
  PixSettingsModal,
  toCents,
  useBillingSaved,
} from '../billing/invoice-parts.js';
import {
  AdjustmentFields,
  adjustmentBody,
  adjustmentFieldKey,
  adjustmentState,
  useAdjustmentWords,
} from './fee-adjustment-fields.js';

const PAGE_SIZE = 12;

function ContractModal({
  clientId,
  contract,
  onClose,
}: {
  clientId: string;
  contract: FeeContract | null;
  onClose: () => void;
}) {
  const t = useT();
  const { office } = useSession();
  const saved = useBillingSaved(t.billing.contractSaved, onClose);
  const form = useFormState(() => ({
    amountCents: (contract ? contract.amountCents / 100 : '') as number | string,
    dueRule: contract?.dueRule ?? ('day' as DueRule),
    dueDay: String(contract?.dueDay ?? 10),
    startPeriod: formatPeriod(contract?.startPeriod ?? todayIn(office.timeZone).slice(0, 7)),
    readjustmentDate: contract?.readjustmentDate ? formatIsoDate(contract.readjustmentDate) : '',
    readjustmentNote: contract?.readjustmentNote ?? '',
    active: contract?.active ?? true,
    paymentMethod: contract?.paymentMethod ?? ('pix' as PaymentMethod),
  }));
  const { values: v, errors, setErrors, formError, setFormError, formSave, showServerError } = form;
  const [lang] = useLang();
  const [adjustment, setAdjustment] = useState(() => adjustmentState(contract?.adjustment, lang));

  const save = useMutation({
    mutationFn: (body: FeeContractInput) =>
      ok(http.PUT('/api/clients/{id}/fee-contract', { params: { path: { id: clientId } }, body })),
    ...formSave,
    onError: (error) => showServerError(error, adjustmentFieldKey),
    onSuccess: saved,
  });

  const submit = submitWith(() => {
    const found: FieldErrors = {};
    const cents = toCents(v.amountCents);
    if (!cents) found.amountCents = t.billing.invalidAmount;
    const day = Number(v.dueDay);
    const maxDay = v.dueRule === 'day' ? 31 : 15;
    if (!Number.isInteger(day) || day < 1 || day > maxDay) found.dueDay = t.billing.invalidDay;
    const startPeriod = parsePeriodInput(v.startPeriod);
    if (!startPeriod) found.startPeriod = t.billing.invalidPeriod;
    const readjustmentDate = parseBrDate(v.readjustmentDate);
    if (readjustmentDate === undefined) found.readjustmentDate = t.validation.date;
    setFormError(null);
    const body: FeeContractInput = {
      amountCents: cents ?? 0,
      dueRule: v.dueRule,
      dueDay: day,
      startPeriod: startPeriod ?? v.startPeriod,
      readjustmentDate: readjustmentDate ?? null,
      readjustmentNote: v.readjustmentNote.trim() || null,
      adjustment: adjustmentBody(adjustment),
      paymentMethod: v.paymentMethod,
      active: v.active,
    };
    // The shared schema's sentences for what this form does not check itself (the adjustment rule, its
    // anniversary); the form's own messages first.
    const all = { ...schemaErrors(feeContractBody, body, adjustmentFieldKey), ...found };
    setErrors(all);
    if (Object.keys(all).length) return;
    save.mutate(body);
  });

  return (
    <FormModal
      onClose={onClose}
      title={contract ? t.billing.contractEdit : t.billing.contractAdd}
      size="lg"
      onSubmit={submit}
      error={formError}
      saving={save.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MoneyInput label={t.billing.amount} required {...form.input('amountCents')} />
        <PeriodInput
          label={t.billing.startPeriod}
          required
          placeholder={t.billing.periodPlaceholder}
          {...form.text('startPeriod')}
          onChange={(value) => form.set('startPeriod', value)}
        />
      </SimpleGrid>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t.billing.dueRule}
        </Text>
        <SegmentedControl
          value={v.dueRule}
          onChange={(value) => form.set('dueRule', value as DueRule)}
          data={[
            { value: 'day', label: t.billing.dueRuleDay },
            { value: 'business_day', label: t.billing.dueRuleBusinessDay },
          ]}
        />
        <TextInput
          label={t.billing.dueDay}
          description={v.dueRule === 'day' ? t.billing.dueDayHint : t.billing.businessDayHint}
          required
          inputMode="numeric"
          w={260}
          {...form.text('dueDay')}
          onChange={(e) => form.set('dueDay', e.currentTarget.value.replace(/\D/g, '').slice(0, 2))}
        />
      </Stack>
      <Stack gap={6}>
        <Text size="sm" fw={500} id="payment-method-label">
          {t.boletos.paymentMethod}
        </Text>
        <SegmentedControl
          aria-labelledby="payment-method-label"
          value={v.paymentMethod}
          onChange={(value) => form.set('paymentMethod', value as PaymentMethod)}
          data={(['pix', 'boleto', 'both'] as const).map((m) => ({
            value: m,
            label: t.boletos.paymentMethods2[m],
          }))}
        />
        <Text size="xs" c={errors.paymentMethod ? 'red' : 'dimmed'}>
          {errors.paymentMethod ?? t.boletos.paymentMethodHint}
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateTextInput
          label={t.billing.readjustmentDate}
          description={t.billing.readjustmentDateHint}
          {...form.input('readjustmentDate')}
        />
        <TextInput
          label={t.billing.readjustmentNote}
          placeholder={t.billing.readjustmentNotePlaceholder}
          {...form.text('readjustmentNote')}
        />
      </SimpleGrid>
      <AdjustmentFields value={adjustment} onChange={setAdjustment} errors={errors} />
      <Switch label={t.billing.active} description={t.billing.activeHint} {...form.checkbox('active')} />
    </FormModal>
  );
}

function GenerateModal({ clientId, onClose }: { clientId: string; onClose: () => void }) {
  const t = useT();
  const { office } = useSession();
  const saved = useBillingSaved(t.billing.generated, onClose);
  const form = useFormState(() => ({
    period: formatPeriod(todayIn(office.timeZone).slice(0, 7)),
    amountCents: '' as number | string,
    dueDate: '',
  }));
  const { values: v, setErrors, formError, setFormError, formSave } = form;
  const generate = useMutation({
    mutationFn: (body: Body<'/api/clients/{id}/invoices', 'post'>) =>
      ok(http.POST('/api/clients/{id}/invoices', { params: { path: { id: clientId } }, body })),
    ...formSave,
    onSuccess: saved,
  });
  const submit = submitWith(() => {
    const found: FieldErrors = {};
    const p = parsePeriodInput(v.period);
    if (!p) found.period = t.billing.invalidPeriod;
    const cents = toCents(v.amountCents);
    if (cents === undefined) found.amountCents = t.billing.invalidAmount;
    const due = parseBrDate(v.dueDate);
    if (due === undefined) found.dueDate = t.validation.date;
    setErrors(found);
    setFormError(null);
    if (!p || Object.keys(found).length) return;
    generate.mutate({
      period: p,
      ...(cents ? { amountCents: cents } : {}),
      ...(due ? { dueDate: due } : {}),
    });
  });
  return (
    <FormModal
      onClose={onClose}
      title={t.billing.generateTitle}
      onSubmit={submit}
      saving={generate.isPending}
      submitLabel={t.billing.generate}
    >
      <Text size="sm" c="dimmed">
        {t.billing.generateHint}
      </Text>
      <FormAlert error={formError} />
      <PeriodInput
        label={t.billing.period}
        required
        placeholder={t.billing.periodPlaceholder}
        {...form.text('period')}
        onChange={(value) => form.set('period', value)}
        data-autofocus
      />
      <MoneyInput label={t.billing.amountOptional} {...form.input('amountCents')} />
      <DateTextInput label={t.billing.dueDateOptional} {...form.input('dueDate')} />
    </FormModal>
  );
}

/** The client page's Honorários tab. */
export function FeesTab({ clientId }: { clientId: string }) {
  const t = useT();
  const [lang] = useLang();
  const adjustmentWords = useAdjustmentWords();
  const { office, isAdmin } = useSession();
  const [page, setPage] = useState(1);
  const [modal, setModal] = useState<'contract' | 'generate' | 'pix' | null>(null);
  const summary = useBillingSummary(clientId);
  const invoices = useInvoices({ clientId, page, pageSize: PAGE_SIZE, sort: 'period', order: 'desc' });

  if (summary.isPending) return <Skeleton h={240} />;
  if (summary.isError) return <QueryError error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const c = s.contract;
  const rows = invoices.data?.items ?? [];

  return (
    <Stack gap="lg">
      {!s.pixConfigured && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} aria-hidden />}>
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              {t.billing.pixMissing} {!isAdmin && t.billing.pixMissingStaff}
            </Text>
            {isAdmin && (
              <Button size="xs" variant="white" onClick={() => setModal('pix')}>
                {t.billing.pixSettings}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {s.inArrears && (
        <Alert color="red" title={t.billing.inArrears} icon={<IconAlertTriangle size={18} aria-hidden />}>
          {t.billing.inArrearsText(s.overdueCount, formatMoney(s.overdueCents))}
        </Alert>
      )}

      <Card>
        <Group justify="space-between" mb="md">
          <Title order={3}>{t.billing.contractTitle}</Title>
          {c && (
            <IconButton
              variant="light"
              size="xs"
              icon={IconPencil}
              iconSize={14}
              onClick={() => setModal('contract')}
            >
              {t.common.edit}
            </IconButton>
          )}
        </Group>
        {c ? (
          <SimpleGrid cols={{ base: 2, md: 6 }}>
            <Field label={t.billing.amount}>
              <Text fw={600}>{formatMoney(c.amountCents)}</Text>
            </Field>
            <Field label={t.billing.dueRule}>{t.billing.dueText(c.dueRule, c.dueDay)}</Field>
            <Field label={t.billing.nextDue}>{s.nextDueDate ? formatIsoDate(s.nextDueDate) : null}</Field>
            <Field label={t.boletos.paymentMethod}>{t.boletos.paymentMethods2[c.paymentMethod]}</Field>
            <Field label={t.billing.readjustmentDate}>
              {c.readjustmentDate
                ? `${formatIsoDate(c.readjustmentDate)}${c.readjustmentNote ? ` — ${c.readjustmentNote}` : ''}`
                : c.readjustmentNote}
            </Field>
            <Field label={t.billing.adjustmentTitle}>{adjustmentWords(c.adjustment, lang)}</Field>
            <Field label={t.common.status}>
              <Group gap={6}>
                <StatusBadge active={c.active} />
                <Text size="xs" c="dimmed">
                  {t.billing.startPeriod}: {formatPeriod(c.startPeriod)}
                </Text>
              </Group>
            </Field>
          </SimpleGrid>
        ) : (
          <Stack align="flex-start" gap="sm">
            <Text size="sm" c="dimmed">
              {t.billing.contractEmpty}
            </Text>
            <IconButton icon={IconPlus} onClick={() => setModal('contract')}>
              {t.billing.contractAdd}
            </IconButton>
          </Stack>
        )}
      </Card>

      <Card>
        <Group justify="space-between" mb="xs" align="flex-start">
          <div>
            <Title order={3}>{t.billing.invoicesTitle}</Title>
            <Text size="sm" c="dimmed">
              {t.billing.openTotal(s.openCount, formatMoney(s.openCents))}
            </Text>
          </div>
          <Group gap="sm">
            <Anchor component={Link} to="/billing" size="sm">
              {t.billing.allInvoices}
            </Anchor>
            {isAdmin && (
              <IconButton
                variant="default"
                size="xs"
                icon={IconSettings}
                iconSize={14}
                onClick={() => setModal('pix')}
              >
                {t.billing.pixSettings}
              </IconButton>
            )}
            <IconButton
              size="xs"
              icon={IconReceipt}
              iconSize={14}
              onClick={() => setModal('generate')}
              disabled={!s.pixConfigured}
            >
              {t.billing.generate}
            </IconButton>
          </Group>
        </Group>
        {invoices.isError && <QueryError error={invoices.error} onRetry={() => void invoices.refetch()} />}
        {invoices.isSuccess && rows.length === 0 && (
          <Text size="sm" c="dimmed" py="md">
            {t.billing.invoicesEmpty}
          </Text>
        )}
        {rows.length > 0 && <InvoicesTable invoices={rows} timeZone={office.timeZone} />}
        {invoices.data && invoices.data.total > PAGE_SIZE && (
          <Pager page={page} pageSize={PAGE_SIZE} total={invoices.data.total} onPage={setPage} />
        )}
      </Card>

      {modal === 'contract' && (
        <ContractModal clientId={clientId} contract={c} onClose={() => setModal(null)} />
      )}
      {modal === 'generate' && <GenerateModal clientId={clientId} onClose={() => setModal(null)} />}
      <PixSettingsModal opened={modal === 'pix'} onClose={() => setModal(null)} />
    </Stack>
  );
}
