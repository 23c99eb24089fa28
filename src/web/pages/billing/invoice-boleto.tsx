/**
 * The boleto and payments of one invoice (opened from the invoices table on the Honorários page and the
 * client's Honorários tab): Emitir boleto on a bank account, the linha digitável with a copy button, the
 * nosso número and the boleto's status, the PDF, and each payment received — partial, overpaid and paid
 * twice shown as such.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconFileTypePdf } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  billingInvalidations,
  formatPeriod,
  type Invoice,
  invoicePdfUrl,
  useBankAccounts,
} from '../../api/billing.js';
import { http, ok } from '../../api/client.js';
import type { Answer, Item } from '../../api/models.js';
import { QueryError } from '../../components/query-error.js';
import { SmallTable } from '../../components/small-table.js';
import { useT } from '../../i18n/index.js';
import { formatIsoDate, formatMoney } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';

type Boleto = NonNullable<Answer<'/api/invoices/{id}/boleto'>['boleto']>;
type Payment = Item<Answer<'/api/invoices/{id}/payments'>>;

const BOLETO_COLOR: Record<Boleto['status'], string> = {
  registered_pending: 'yellow',
  registered: 'blue',
  rejected: 'red',
  paid: 'teal',
  written_off: 'gray',
  cancelled: 'gray',
};

const KIND_COLOR: Record<Payment['kind'], string> = {
  partial: 'yellow',
  full: 'teal',
  overpaid: 'orange',
  duplicate: 'red',
};

export const boletoKey = (invoiceId: string) => ['invoice-boleto', invoiceId] as const;
const paymentsKey = (invoiceId: string) => ['invoice-payments', invoiceId] as const;

function BoletoView({ boleto }: { boleto: Boleto }) {
  const t = useT();
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {t.boletos.boletoStatus}:
        </Text>
        <Badge color={BOLETO_COLOR[boleto.status]} variant="light" tt="none">
          {t.boletos.boletoStatuses[boleto.status]}
        </Badge>
        <Text size="sm" c="dimmed">
          {boleto.bankCode} — {boleto.bankName}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {t.boletos.linhaDigitavel}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Text ff="monospace" fw={600} data-testid="linha-digitavel" style={{ wordBreak: 'break-all' }}>
          {boleto.linhaDigitavelFormatted}
        </Text>
        <CopyButton value={boleto.linhaDigitavel} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t.boletos.copied : t.boletos.copyLinha}>
              <Button
                size="xs"
                variant="light"
                color={copied ? 'teal' : undefined}
                onClick={copy}
                leftSection={
                  copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                }
              >
                {copied ? t.boletos.copied : t.boletos.copyLinha}
              </Button>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Group gap="xl">
        <Text size="sm">
          {t.boletos.nossoNumero}: <b>{boleto.nossoNumeroFormatted}</b>
        </Text>
        <Text size="sm">
          {formatIsoDate(boleto.dueDate)} · {formatMoney(boleto.amountCents)}
        </Text>
      </Group>
    </Stack>
  );
}

function IssueBoleto({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const queryClient = useQueryClient();
  const accounts = useBankAccounts();
  const active = accounts.data?.items.filter((a) => a.active) ?? [];
  const [accountId, setAccountId] = useState<string | null>(null);
  const chosen = accountId ?? active.find((a) => a.isDefault)?.id ?? active[0]?.id ?? null;
  const issue = useMutation({
    mutationFn: () =>
      ok(
        http.POST('/api/invoices/{id}/boleto', {
          params: { path: { id: invoice.id } },
          body: chosen ? { bankAccountId: chosen } : {},
        }),
      ),
    onSuccess: (boleto) => {
      notifySuccess(t.boletos.issued);
      queryClient.setQueryData(boletoKey(invoice.id), { boleto });
      for (const key of billingInvalidations) void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: ['remessa-candidates'] });
    },
  });
  if (accounts.isSuccess && active.length === 0) {
    return (
      <Alert color="yellow" variant="light">
        {t.boletos.noAccounts}
      </Alert>
    );
  }
  return (
    <Group align="flex-end">
      <Select
        label={t.boletos.issueAccount}
        data={active.map((a) => ({ value: a.id, label: `${a.label} (${a.bankCode})` }))}
        value={chosen}
        onChange={setAccountId}
        allowDeselect={false}
        w={280}
      />
      <Button loading={issue.isPending} disabled={!chosen} onClick={() => issue.mutate()}>
        {t.boletos.issue}
      </Button>
    </Group>
  );
}

function PaymentsTable({ payments }: { payments: Payment[] }) {
  const t = useT();
  return (
    <SmallTable
      empty={payments.length === 0}
      emptyText={t.boletos.noPayments}
      label={t.boletos.payments}
      labels={[
        t.boletos.paidOn,
        { label: t.boletos.amount, ta: 'right' },
        t.boletos.paymentMethod,
        '',
        { label: t.boletos.interestFine, ta: 'right' },
        { label: t.boletos.tariff, ta: 'right' },
      ]}
    >
      {payments.map((p) => (
        <Table.Tr key={p.id}>
          <Table.Td>{formatIsoDate(p.paidOn)}</Table.Td>
          <Table.Td ta="right">{formatMoney(p.amountCents)}</Table.Td>
          <Table.Td fz="sm">
            {t.boletos.paymentMethods[p.method]} · {t.boletos.paymentSources[p.source]}
          </Table.Td>
          <Table.Td>
            <Group gap={4}>
              <Badge color={KIND_COLOR[p.kind]} variant="light" tt="none">
                {t.boletos.paymentKinds[p.kind]}
              </Badge>
              {p.refundCents > 0 && (
                <Text size="xs" c="red">
                  {t.boletos.refund(formatMoney(p.refundCents))}
                </Text>
              )}
            </Group>
          </Table.Td>
          <Table.Td ta="right" fz="sm">
            {formatMoney(p.interestCents)} / {formatMoney(p.fineCents)}
          </Table.Td>
          <Table.Td ta="right" fz="sm">
            {formatMoney(p.tariffCents)}
          </Table.Td>
        </Table.Tr>
      ))}
    </SmallTable>
  );
}

export function InvoiceBoletoModal({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const t = useT();
  const boleto = useQuery({
    queryKey: boletoKey(invoice.id),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/invoices/{id}/boleto', { params: { path: { id: invoice.id } }, signal })),
  });
  const payments = useQuery({
    queryKey: [...paymentsKey(invoice.id), invoice.status, invoice.paidAmountCents],
    queryFn: ({ signal }) =>
      ok(http.GET('/api/invoices/{id}/payments', { params: { path: { id: invoice.id } }, signal })),
  });
  const live = invoice.status === 'open' || invoice.status === 'overdue';
  return (
    <Modal opened onClose={onClose} title={t.boletos.boletoTitle(formatPeriod(invoice.period))} size="xl">
      <Stack>
        <Group justify="space-between">
          <Text size="sm">
            {invoice.clientName} — {formatMoney(invoice.amountCents)} · {formatIsoDate(invoice.dueDate)}
          </Text>
          <Group gap={6}>
            <Badge variant="light" tt="none">
              {t.billing.statuses[invoice.status]}
            </Badge>
            {invoice.paymentFlag && (
              <Badge color="orange" variant="outline" tt="none">
                {t.billing.paymentFlags[invoice.paymentFlag](formatMoney(invoice.paidAmountCents ?? 0))}
              </Badge>
            )}
          </Group>
        </Group>
        {boleto.isError && <QueryError error={boleto.error} onRetry={() => void boleto.refetch()} />}
        {boleto.isSuccess && boleto.data.boleto && <BoletoView boleto={boleto.data.boleto} />}
        {boleto.isSuccess && !boleto.data.boleto && (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t.boletos.noBoleto}
            </Text>
            {live && <IssueBoleto invoice={invoice} />}
          </Stack>
        )}
        <Anchor href={invoicePdfUrl(invoice.id)} target="_blank" rel="noreferrer" size="sm">
          <Group gap={4} component="span">
            <IconFileTypePdf size={16} aria-hidden />
            {t.boletos.pdf}
          </Group>
        </Anchor>
        <Text fw={600} size="sm">
          {t.boletos.payments}
        </Text>
        {payments.isError && <QueryError error={payments.error} onRetry={() => void payments.refetch()} />}
        {payments.isSuccess && <PaymentsTable payments={payments.data.items} />}
      </Stack>
    </Modal>
  );
}
