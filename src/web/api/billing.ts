/**
 * Honorários on the web: the API's shapes (mirroring src/server/modules/billing/billing.schema.ts) and the
 * react-query keys and hooks the billing screens share. Money in cents, civil dates `YYYY-MM-DD`,
 * competências `YYYY-MM`.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiUrl, getQuery, queryBool } from './client.js';
import type { Answer, Body, Item, Query } from './models.js';

/** The PIX key kinds, from the rules the server checks keys with. */
export { type PixKeyKind, pixKeyKinds as PIX_KEY_KINDS } from '../../shared/br/index.js';

// Fee contracts and invoices, as the API defines them (generated from its route schemas).
export type FeeContract = Answer<'/api/clients/{id}/fee-contract', 'put'>;
export type DueRule = FeeContract['dueRule'];
export type PaymentMethod = FeeContract['paymentMethod'];
export type FeeContractInput = Body<'/api/clients/{id}/fee-contract', 'put'>;
export type Invoice = Item<Answer<'/api/invoices'>>;
export type InvoiceStatus = Invoice['status'];
export const INVOICE_STATUSES = [
  'open',
  'overdue',
  'paid',
  'cancelled',
] as const satisfies readonly InvoiceStatus[];
/** The invoice list's filters as the screens hold them (`inArrears` as a boolean). */
export type InvoiceQuery = Omit<Query<'/api/invoices'>, 'inArrears'> & {
  page: number;
  pageSize: number;
  inArrears?: boolean;
};

export const billingKeys = {
  summary: (clientId: string) => ['billing-summary', clientId] as const,
  invoices: (params: object) => ['invoices', params] as const,
  arrears: ['billing-arrears'] as const,
  settings: ['billing-settings'] as const,
};

/** Everything a billing write may have changed. */
export const billingInvalidations = [['billing-summary'], ['invoices'], ['billing-arrears']] as const;

export const invoicePdfUrl = (id: string) => apiUrl('/api/invoices/{id}/pdf', { id });

export function useBillingSummary(clientId: string) {
  return useQuery({
    ...getQuery(billingKeys.summary(clientId), '/api/clients/{id}/billing', {
      params: { path: { id: clientId } },
    }),
  });
}

export function useInvoices(query: InvoiceQuery) {
  return useQuery({
    ...getQuery(billingKeys.invoices(query), '/api/invoices', {
      params: { query: { ...query, inArrears: queryBool(query.inArrears) } },
    }),
    placeholderData: keepPreviousData,
  });
}

export function useArrears() {
  return useQuery({
    ...getQuery(billingKeys.arrears, '/api/billing/arrears'),
  });
}

/** Admins only (the server answers 403 to staff). */
export function usePixSettings(enabled: boolean) {
  return useQuery({
    ...getQuery(billingKeys.settings, '/api/billing/settings'),
    enabled,
  });
}

// ---------------------------------------------------------------- small helpers of the forms

/** `11/2026` (typed progressively) from what the user typed. */
export function maskPeriodInput(input: string): string {
  const digits = input.replace(/\D/g, '').slice(0, 6);
  return digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
}

/** `11/2026` → `2026-11`; null when empty, undefined when not a month. */
export function parsePeriodInput(input: string): string | null | undefined {
  const s = input.trim();
  if (!s) return null;
  const m = /^(\d{2})\/(\d{4})$/.exec(s);
  if (!m) return undefined;
  const month = Number(m[1]);
  if (month < 1 || month > 12) return undefined;
  return `${m[2]}-${m[1]}`;
}

/** `2026-11` → `11/2026`. */
export const formatPeriod = (period: string) => `${period.slice(5, 7)}/${period.slice(0, 4)}`;

// Boletos: the office's bank accounts.
export type BankAccount = Item<Answer<'/api/billing/bank-accounts'>>;
export const bankAccountsKey = ['bank-accounts'] as const;

/** The office's bank accounts (active first, the default first). */
export function useBankAccounts() {
  return useQuery({
    ...getQuery(bankAccountsKey, '/api/billing/bank-accounts'),
  });
}
