/**
 * Configurações → Contas bancárias: the office's accounts for boletos — list, create/edit (the bank picker
 * asks for the fields that bank needs), deactivate. The server checks each bank's lengths and check
 * digits; its messages land on the fields.
 */
import {
  ActionIcon,
  Badge,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconBuildingBank, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { bankByCode, bankCodes } from '../../../shared/br/index.js';
import { bankAccountBody } from '../../../shared/schemas/billing.js';
import { type BankAccount, bankAccountsKey, useBankAccounts } from '../../api/billing.js';
import { http, ok } from '../../api/client.js';
import type { Body } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { CrudTab } from '../../components/crud-tab.js';
import { FormAlert, FormModal } from '../../components/form-footer.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { percentInputProps } from '../../components/money-input-props.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatMoney } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import { MoneyInput, toCents } from '../billing/invoice-parts.js';

type BankAccountBody = Body<'/api/billing/bank-accounts', 'post'>;
type BankCode = BankAccountBody['bankCode'];

/** The body that saves `account` as it is, with `changes` on top (deactivate, make default). */
function bodyOf(account: BankAccount, changes: Partial<BankAccountBody> = {}): BankAccountBody {
  return {
    bankCode: account.bankCode,
    label: account.label,
    agency: account.agency,
    agencyDigit: account.agencyDigit,
    account: account.account,
    accountDigit: account.accountDigit,
    carteira: account.carteira,
    convenio: account.convenio,
    variation: account.variation,
    nextNossoNumero: account.nextNossoNumero,
    interestMonthBp: account.interestMonthBp,
    fineBp: account.fineBp,
    discountCents: account.discountCents,
    discountDays: account.discountDays,
    instructions: account.instructions,
    isDefault: account.isDefault,
    active: account.active,
    ...changes,
  };
}

const percent = (bp: number) => (bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 });

function AccountModal({ account, onClose }: { account: BankAccount | null; onClose: () => void }) {
  const t = useT();
  const [lang] = useLang();
  const queryClient = useQueryClient();
  const initialBank = account?.bankCode ?? '341';
  const form = useFormState(() => ({
    bankCode: initialBank as BankCode,
    label: account?.label ?? '',
    agency: account?.agency ?? '',
    agencyDigit: account?.agencyDigit ?? '',
    account: account?.account ?? '',
    accountDigit: account?.accountDigit ?? '',
    carteira: account?.carteira ?? bankByCode(initialBank)?.carteiras[0] ?? '',
    convenio: account?.convenio ?? '',
    variation: account?.variation ?? '',
    nextNossoNumero: (account?.nextNossoNumero ?? 1) as number | string,
    interestMonthBp: (account ? account.interestMonthBp / 100 : 1) as number | string,
    fineBp: (account ? account.fineBp / 100 : 2) as number | string,
    discountCents: (account ? account.discountCents / 100 : '') as number | string,
    discountDays: (account?.discountDays ?? 0) as number | string,
    instructions: (account?.instructions ?? []).join('\n'),
    isDefault: account?.isDefault ?? false,
  }));
  const { values: v, errors, formError, setErrors, showSaveError } = form;
  const bank = bankByCode(v.bankCode);

  const save = useMutation({
    mutationFn: (body: BankAccountBody) =>
      account
        ? ok(http.PUT('/api/billing/bank-accounts/{id}', { params: { path: { id: account.id } }, body }))
        : ok(http.POST('/api/billing/bank-accounts', { body })),
    meta: { silent: true },
    // A field's error by its first path segment ("instructions.2" → instructions).
    onError: (e) => showSaveError(e),
    onSuccess: () => {
      notifySuccess(t.boletos.accountSaved);
      void queryClient.invalidateQueries({ queryKey: bankAccountsKey });
      onClose();
    },
  });

  const pickBank = (code: BankCode) => {
    form.set('bankCode', code);
    const picked = bankByCode(code);
    if (picked && !picked.carteiras.includes(v.carteira)) form.set('carteira', picked.carteiras[0] ?? '');
    setErrors({});
  };

  const submit = submitWith(() => {
    const body: BankAccountBody = {
      bankCode: v.bankCode,
      label: v.label.trim(),
      agency: v.agency.trim(),
      agencyDigit: bank?.fields.agencyDigit === 'none' ? null : v.agencyDigit.trim() || null,
      account: v.account.trim(),
      accountDigit: bank?.fields.accountDigit === 'none' ? null : v.accountDigit.trim() || null,
      carteira: v.carteira,
      convenio: v.convenio.trim(),
      variation: bank?.fields.variation ? v.variation.trim() || null : null,
      nextNossoNumero: Number(v.nextNossoNumero) || 0,
      interestMonthBp: Math.round(Number(v.interestMonthBp || 0) * 100),
      fineBp: Math.round(Number(v.fineBp || 0) * 100),
      discountCents: toCents(v.discountCents) ?? 0,
      discountDays: Number(v.discountDays || 0),
      instructions: v.instructions
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      isDefault: v.isDefault,
      active: account?.active ?? true,
    };
    // The same schema the server checks (a line of the instructions, "instructions.2", on their field);
    // each bank's own lengths and check digits are the server's to answer.
    if (form.checkWith(bankAccountBody, body)) save.mutate(body);
  });

  const fields = bank?.fields;
  return (
    <FormModal
      onClose={onClose}
      title={account ? t.boletos.accountEdit : t.boletos.accountAdd}
      size="lg"
      onSubmit={submit}
      saving={save.isPending}
    >
      <FormAlert error={formError} />
      <Group grow align="flex-start">
        <Select
          label={t.boletos.bank}
          data={bankCodes.map((c) => ({ value: c, label: `${c} — ${bankByCode(c)?.name ?? c}` }))}
          value={v.bankCode}
          onChange={(value) => value && pickBank(value as BankCode)}
          allowDeselect={false}
          error={errors.bankCode}
        />
        <LimitedTextInput
          field={bankAccountBody.shape.label}
          label={t.boletos.label}
          placeholder={t.boletos.labelPlaceholder}
          required
          {...form.text('label')}
          data-autofocus
        />
      </Group>
      <Group grow align="flex-start">
        {/* The agência, then the conta: each a number and, where the bank uses one, its check digit. */}
        {(['agency', 'account'] as const).map((part) => {
          const digit = `${part}Digit` as const;
          return (
            <Fragment key={part}>
              <LimitedTextInput
                field={bankAccountBody.shape[part]}
                max={part === 'agency' ? fields?.agencyLength : fields?.accountMaxLength}
                label={t.boletos[part]}
                required
                inputMode="numeric"
                {...form.text(part)}
              />
              {fields?.[digit] !== 'none' && (
                <TextInput
                  label={t.boletos[digit]}
                  required={fields?.[digit] === 'required'}
                  maxLength={1}
                  {...form.text(digit)}
                />
              )}
            </Fragment>
          );
        })}
      </Group>
      <Group grow align="flex-start">
        <Select
          label={t.boletos.carteira}
          data={[...(bank?.carteiras ?? [])]}
          value={v.carteira}
          onChange={(value) => value && form.set('carteira', value)}
          allowDeselect={false}
          error={errors.carteira}
        />
        <LimitedTextInput
          field={bankAccountBody.shape.convenio}
          max={fields?.convenioLengths.length ? Math.max(...fields.convenioLengths) : undefined}
          label={fields?.convenioLabel[lang] ?? 'Convênio'}
          description={fields ? fields.convenioLengths.join(' / ') : undefined}
          required={Boolean(fields?.convenioLengths.length)}
          inputMode="numeric"
          {...form.text('convenio')}
        />
        {fields?.variation && (
          <LimitedTextInput
            field={bankAccountBody.shape.variation}
            label={fields.variation[lang]}
            inputMode="numeric"
            {...form.text('variation')}
          />
        )}
      </Group>
      <NumberInput
        label={t.boletos.nextNossoNumero}
        description={t.boletos.nextNossoNumeroHint}
        min={1}
        allowDecimal={false}
        allowNegative={false}
        {...form.input('nextNossoNumero')}
      />
      <Group grow align="flex-start">
        <NumberInput label={t.boletos.interest} {...percentInputProps} {...form.input('interestMonthBp')} />
        <NumberInput label={t.boletos.fine} {...percentInputProps} {...form.input('fineBp')} />
        <MoneyInput label={t.boletos.discount} {...form.input('discountCents')} />
        <NumberInput
          label={t.boletos.discountDays}
          min={0}
          allowDecimal={false}
          allowNegative={false}
          {...form.input('discountDays')}
        />
      </Group>
      <Textarea label={t.boletos.instructions} autosize minRows={2} {...form.text('instructions')} />
      <Checkbox label={t.boletos.isDefault} {...form.checkbox('isDefault')} />
    </FormModal>
  );
}

export function BankAccountsTab() {
  const t = useT();
  const queryClient = useQueryClient();
  const { isAdmin } = useSession();
  const accounts = useBankAccounts();
  const [toDeactivate, setToDeactivate] = useState<BankAccount | null>(null);

  const setActive = useMutation({
    mutationFn: ({ account, active }: { account: BankAccount; active: boolean }) =>
      ok(
        http.PUT('/api/billing/bank-accounts/{id}', {
          params: { path: { id: account.id } },
          body: bodyOf(account, { active, isDefault: active ? account.isDefault : false }),
        }),
      ),
    onSuccess: (_, { active }) => {
      if (!active) notifySuccess(t.boletos.accountDeactivated);
      else notifySuccess(t.boletos.accountSaved);
      void queryClient.invalidateQueries({ queryKey: bankAccountsKey });
    },
    onSettled: () => setToDeactivate(null),
  });

  return (
    <CrudTab
      newLabel={t.boletos.accountAdd}
      canEdit={isAdmin}
      align="flex-start"
      filters={
        <Text size="sm" c="dimmed" maw={640}>
          {t.boletos.accountsIntro}
        </Text>
      }
      query={accounts}
      label={t.boletos.tabBankAccounts}
      minWidth={760}
      columns={6}
      head={
        <>
          <Table.Th>{t.boletos.columns.account}</Table.Th>
          <Table.Th>{t.boletos.bank}</Table.Th>
          <Table.Th>{t.boletos.columns.agencyAccount}</Table.Th>
          <Table.Th>{t.boletos.columns.carteira}</Table.Th>
          <Table.Th ta="right">{t.boletos.columns.next}</Table.Th>
          <Table.Th>{t.boletos.interestFine}</Table.Th>
        </>
      }
      rowProps={(a) => ({ c: a.active ? undefined : 'dimmed' })}
      cells={(a) => (
        <>
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={500}>
                {a.label}
              </Text>
              {a.isDefault && (
                <Badge size="sm" variant="light" tt="none">
                  {t.boletos.defaultBadge}
                </Badge>
              )}
              {!a.active && (
                <Badge size="sm" color="gray" variant="outline" tt="none">
                  {t.boletos.inactive}
                </Badge>
              )}
            </Group>
          </Table.Td>
          <Table.Td fz="sm">
            {a.bankCode} — {a.bankName}
          </Table.Td>
          <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
            {a.agency}
            {a.agencyDigit ? `-${a.agencyDigit}` : ''} / {a.account}
            {a.accountDigit ? `-${a.accountDigit}` : ''}
          </Table.Td>
          <Table.Td fz="sm">{a.carteira}</Table.Td>
          <Table.Td fz="sm" ta="right">
            {a.nextNossoNumero}
          </Table.Td>
          <Table.Td fz="sm">
            {percent(a.interestMonthBp)}% a.m. / {percent(a.fineBp)}%
            {a.discountCents > 0 ? ` · −${formatMoney(a.discountCents)}` : ''}
          </Table.Td>
        </>
      )}
      editLabel={(a) => `${t.boletos.accountEdit}: ${a.label}`}
      editTooltip={t.boletos.accountEdit}
      moreActions={(a) =>
        a.active ? (
          <Tooltip label={t.boletos.deactivate}>
            <ActionIcon
              color="red"
              aria-label={`${t.boletos.deactivate}: ${a.label}`}
              onClick={() => setToDeactivate(a)}
            >
              <IconPlayerPause size={16} />
            </ActionIcon>
          </Tooltip>
        ) : (
          <Tooltip label={t.boletos.reactivate}>
            <ActionIcon
              aria-label={`${t.boletos.reactivate}: ${a.label}`}
              onClick={() => setActive.mutate({ account: a, active: true })}
            >
              <IconPlayerPlay size={16} />
            </ActionIcon>
          </Tooltip>
        )
      }
      empty={{ icon: IconBuildingBank, title: t.boletos.accountsEmpty }}
      form={(account, close) => <AccountModal account={account} onClose={close} />}
    >
      <ConfirmModal
        opened={toDeactivate !== null}
        message={toDeactivate ? t.boletos.deactivateConfirm(toDeactivate.label) : ''}
        loading={setActive.isPending}
        onConfirm={() => toDeactivate && setActive.mutate({ account: toDeactivate, active: false })}
        onClose={() => setToDeactivate(null)}
      />
    </CrudTab>
  );
}
