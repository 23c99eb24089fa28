/**
 * Pieces the client's Honorários tab and the Honorários page share: the invoice status badge, the invoices
 * table with its actions (PDF, copy PIX, baixa, cancel), and the office's PIX settings modal.
 */
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { IconBarcode, IconDots, IconFileTypePdf, IconReceipt, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { pixSettingsBody } from '../../../shared/schemas/billing.js';
import {
  billingInvalidations,
  billingKeys,
  formatPeriod,
  type Invoice,
  type InvoiceStatus,
  invoicePdfUrl,
  PIX_KEY_KINDS,
  type PixKeyKind,
  usePixSettings,
} from '../../api/billing.js';
import { http, ok } from '../../api/client.js';
import type { Body as ApiBody } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { CopyIconButton } from '../../components/copy-icon-button.js';
import { DateTextInput } from '../../components/date-text-input.js';
import { FormAlert, FormModal } from '../../components/form-footer.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { moneyInputProps } from '../../components/money-input-props.js';
import { useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { formatDate, formatIsoDate, formatMoney, parseBrDate, todayIn } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { InvoiceBoletoModal } from './invoice-boleto.js';

type PixSettingsBody = ApiBody<'/api/billing/settings', 'put'>;

const STATUS_COLOR: Record<InvoiceStatus, string> = {
  open: 'blue',
  overdue: 'red',
  paid: 'teal',
  cancelled: 'gray',
};

export function InvoiceStatusBadge({ invoice }: { invoice: Invoice }) {
  const t = useT();
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color={STATUS_COLOR[invoice.status]} variant="light" tt="none">
        {t.billing.statuses[invoice.status]}
      </Badge>
      {invoice.status === 'overdue' && (
        <Text size="xs" c="red">
          {t.billing.daysOverdue(invoice.daysOverdue)}
        </Text>
      )}
      {invoice.status === 'paid' && invoice.paidOn && (
        <Text size="xs" c="dimmed">
          {t.billing.paidOn(formatIsoDate(invoice.paidOn))}
        </Text>
      )}
      {invoice.paymentFlag && (
        <Badge color={invoice.paymentFlag === 'partial' ? 'yellow' : 'orange'} variant="outline" tt="none">
          {t.billing.paymentFlags[invoice.paymentFlag](formatMoney(invoice.paidAmountCents ?? 0))}
        </Badge>
      )}
    </Group>
  );
}

/**
 * What follows a billing change (an invoice, a contract, a payment) saved from a modal: the `done` toast,
 * every billing list and summary refreshed, the modal closed — a mutation's `onSuccess`.
 */
export function useBillingSaved(done: string, onClose: () => void) {
  const queryClient = useQueryClient();
  return () => {
    notifySuccess(done);
    for (const key of billingInvalidations) void queryClient.invalidateQueries({ queryKey: key });
    onClose();
  };
}

/** The money field of the forms: R$ with Brazilian separators; the value in reais. */
export function MoneyInput(props: {
  label: string;
  value: number | string;
  onChange: (v: number | string) => void;
  error?: string | undefined;
  description?: string;
  required?: boolean;
}) {
  return <NumberInput {...moneyInputProps} {...props} />;
}

/** Reais (the field's value) to cents; null when empty, undefined when not above zero. */
export function toCents(value: number | string): number | null | undefined {
  if (value === '' || value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(/\./g, '').replace(',', '.'));
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.round(n * 100);
}

function PayModal({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const t = useT();
  const saved = useBillingSaved(t.billing.paidDone, onClose);
  const { office } = useSession();
  const [paidOn, setPaidOn] = useState(formatIsoDate(todayIn(office.timeZone)));
  const [amount, setAmount] = useState<number | string>('');
  const [note, setNote] = useState('');
  const { errors, setErrors, formError, formSave } = useServerErrors();
  const pay = useMutation({
    mutationFn: (body: object) =>
      ok(http.POST('/api/invoices/{id}/pay', { params: { path: { id: invoice.id } }, body })),
    ...formSave,
    onSuccess: saved,
  });
  const submit = submitWith(() => {
    const found: FieldErrors = {};
    const date = parseBrDate(paidOn);
    if (!date) found.paidOn = t.validation.date;
    const cents = toCents(amount);
    if (cents === undefined) found.amountCents = t.billing.invalidAmount;
    setErrors(found);
    if (Object.keys(found).length) return;
    pay.mutate({ paidOn: date, ...(cents ? { amountCents: cents } : {}), note: note.trim() || null });
  });
  return (
    <FormModal
      onClose={onClose}
      title={`${t.billing.payTitle} ${formatPeriod(invoice.period)}`}
      onSubmit={submit}
      error={formError}
      saving={pay.isPending}
      submitLabel={t.billing.pay}
    >
      <Text size="sm">
        {invoice.clientName} — {formatMoney(invoice.amountCents)}
      </Text>
      <DateTextInput
        label={t.billing.paidOnLabel}
        required
        value={paidOn}
        onChange={(v) => setPaidOn(v)}
        error={errors.paidOn}
        data-autofocus
      />
      <MoneyInput
        label={t.billing.paidAmount}
        description={t.billing.paidAmountHint}
        value={amount}
        onChange={setAmount}
        error={errors.amountCents}
      />
      <Textarea
        label={t.billing.note}
        autosize
        minRows={2}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
      />
    </FormModal>
  );
}

function CancelModal({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const t = useT();
  const saved = useBillingSaved(t.billing.cancelled, onClose);
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      ok(
        http.POST('/api/invoices/{id}/cancel', {
          params: { path: { id: invoice.id } },
          body: { reason: reason.trim() || null },
        }),
      ),
    onSuccess: saved,
  });
  return (
    <Modal opened onClose={onClose} title={t.billing.cancelTitle}>
      <Stack>
        <Text size="sm">{t.billing.cancelText(formatPeriod(invoice.period))}</Text>
        <Textarea
          label={t.billing.cancelReason}
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t.common.back}
          </Button>
          <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
            {t.billing.cancel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** PDF, copy PIX, and — while open — baixa and cancel. */
function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const [modal, setModal] = useState<'pay' | 'cancel' | 'boleto' | null>(null);
  const period = formatPeriod(invoice.period);
  const live = invoice.status === 'open' || invoice.status === 'overdue';
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Tooltip label={t.billing.openPdf(period)}>
        <ActionIcon
          component="a"
          href={invoicePdfUrl(invoice.id)}
          target="_blank"
          rel="noreferrer"
          variant="subtle"
          aria-label={t.billing.openPdf(period)}
        >
          <IconFileTypePdf size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t.boletos.openBoleto(period)}>
        <ActionIcon
          variant="subtle"
          aria-label={t.boletos.openBoleto(period)}
          onClick={() => setModal('boleto')}
        >
          <IconBarcode size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      {invoice.pixCode && live && (
        <CopyIconButton
          value={invoice.pixCode}
          label={t.billing.copyPix}
          copiedLabel={t.billing.pixCopied}
          iconSize={18}
        />
      )}
      {live && (
        <Menu position="bottom-end" shadow="md">
          <Menu.Target>
            <ActionIcon variant="subtle" aria-label={t.billing.actionsFor(period)}>
              <IconDots size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconReceipt size={16} aria-hidden />} onClick={() => setModal('pay')}>
              {t.billing.pay}
            </Menu.Item>
            <Menu.Item
              color="red"
              leftSection={<IconX size={16} aria-hidden />}
              onClick={() => setModal('cancel')}
            >
              {t.billing.cancel}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      {modal === 'pay' && <PayModal invoice={invoice} onClose={() => setModal(null)} />}
      {modal === 'cancel' && <CancelModal invoice={invoice} onClose={() => setModal(null)} />}
      {modal === 'boleto' && <InvoiceBoletoModal invoice={invoice} onClose={() => setModal(null)} />}
    </Group>
  );
}

/** The invoices table; `showClient` adds the client column (the Honorários page). */
export function InvoicesTable({
  invoices,
  showClient = false,
  timeZone,
}: {
  invoices: Invoice[];
  showClient?: boolean;
  timeZone: string;
}) {
  const t = useT();
  return (
    <Table.ScrollContainer minWidth={showClient ? 820 : 640}>
      <Table highlightOnHover aria-label={t.billing.invoicesTitle}>
        <Table.Thead>
          <Table.Tr>
            {showClient && <Table.Th>{t.billing.client}</Table.Th>}
            <Table.Th>{t.billing.period}</Table.Th>
            <Table.Th>{t.billing.dueDate}</Table.Th>
            <Table.Th ta="right">{t.billing.amountColumn}</Table.Th>
            <Table.Th>{t.billing.status}</Table.Th>
            <Table.Th>{t.billing.sent}</Table.Th>
            <Table.Th ta="right">{t.common.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((inv) => (
            <Table.Tr key={inv.id}>
              {showClient && (
                <Table.Td>
                  <Anchor component={Link} to={`/clients/${inv.clientId}?tab=fees`} size="sm">
                    {inv.clientName}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td fw={500}>{formatPeriod(inv.period)}</Table.Td>
              <Table.Td>{formatIsoDate(inv.dueDate)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatMoney(inv.amountCents)}
              </Table.Td>
              <Table.Td>
                <InvoiceStatusBadge invoice={inv} />
              </Table.Td>
              <Table.Td c={inv.sentAt ? undefined : 'dimmed'} fz="sm">
                {inv.sentAt ? formatDate(inv.sentAt, timeZone) : t.billing.notSent}
              </Table.Td>
              <Table.Td>
                <InvoiceActions invoice={inv} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The office's PIX key, name and city (administrators only). */
export function PixSettingsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const current = usePixSettings(opened);
  const form = useFormState(() => ({
    keyKind: 'cnpj' as PixKeyKind,
    key: '',
    merchantName: '',
    merchantCity: '',
  }));
  const { values, formError, formSave, checkWith, set } = form;

  useEffect(() => {
    const s = current.data?.settings;
    if (!opened || !s) return;
    set('keyKind', s.keyKind);
    set('key', s.key);
    set('merchantName', s.merchantName);
    set('merchantCity', s.merchantCity);
  }, [opened, current.data, set]);

  const save = useMutation({
    mutationFn: (body: PixSettingsBody) => ok(http.PUT('/api/billing/settings', { body })),
    ...formSave,
    onSuccess: (saved) => {
      notifySuccess(t.billing.pixSaved);
      queryClient.setQueryData(billingKeys.settings, { settings: saved });
      void queryClient.invalidateQueries({ queryKey: ['billing-summary'] });
      onClose();
    },
  });

  const submit = submitWith(() => {
    // The same schema the server checks: each field gets the sentence the server would answer.
    if (checkWith(pixSettingsBody, values)) save.mutate(pixSettingsBody.parse(values));
  });

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t.billing.pixSettingsTitle}
      size="lg"
      onSubmit={submit}
      saving={save.isPending}
    >
      <Text size="sm" c="dimmed">
        {t.billing.pixSettingsHint}
      </Text>
      <FormAlert error={formError} />
      <Group grow align="flex-start">
        <Select
          label={t.billing.keyKind}
          data={PIX_KEY_KINDS.map((k) => ({ value: k, label: t.billing.keyKinds[k] }))}
          value={values.keyKind}
          onChange={(v) => v && set('keyKind', v as PixKeyKind)}
          allowDeselect={false}
          style={{ flex: '0 0 180px' }}
        />
        <LimitedTextInput
          field={pixSettingsBody.shape.key}
          label={t.billing.key}
          required
          placeholder={t.billing.keyPlaceholders[values.keyKind]}
          {...form.text('key')}
          data-autofocus
        />
      </Group>
      <LimitedTextInput
        field={pixSettingsBody.shape.merchantName}
        label={t.billing.merchantName}
        description={t.billing.merchantNameHint}
        required
        {...form.text('merchantName')}
      />
      <LimitedTextInput
        field={pixSettingsBody.shape.merchantCity}
        label={t.billing.merchantCity}
        description={t.billing.merchantCityHint}
        required
        {...form.text('merchantCity')}
      />
    </FormModal>
  );
}
