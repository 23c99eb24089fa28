/**
 * Honorários on the web: the API's shapes (mirroring src/server/modules/billing/billing.schema.ts) and the
 * react-query keys and hooks the billing screens share. Money in cents, civil dates `YYYY-MM-DD`,
 * competências `YYYY-MM`.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, apiUrl, http, ok, type QueryValue } from './client.js';
import type { Page } from './models.js';

export const PIX_KEY_KINDS = ['cnpj', 'cpf', 'email', 'phone', 'evp'] as const;
export type PixKeyKind = (typeof PIX_KEY_KINDS)[number];

export type DueRule = 'day' | 'business_day';

export interface FeeContract {
  id: string;
  clientId: string;
  amountCents: number;
  dueRule: DueRule;
  dueDay: number;
  startPeriod: string;
  readjustmentDate: string | null;
  readjustmentNote: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export type FeeContractInput = Omit<FeeContract, 'id' | 'clientId' | 'createdAt' | 'updatedAt'>;

export const INVOICE_STATUSES = ['open', 'overdue', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface Invoice {
  id: string;
  clientId: string;
  clientName: string;
  clientDocument: string;
  period: string;
  amountCents: number;
  dueDate: string;
  status: InvoiceStatus;
  daysOverdue: number;
  txid: string;
  pixCode: string | null;
  description: string;
  paidOn: string | null;
  paidAmountCents: number | null;
  paymentNote: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  notifiedAt: string | null;
  sentAt: string | null;
  lastReminderDay: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface InvoiceQuery {
  page: number;
  pageSize: number;
  sort?: 'dueDate' | 'period' | 'amountCents' | 'clientName' | 'createdAt';
  order?: 'asc' | 'desc';
  q?: string;
  clientId?: string;
  status?: InvoiceStatus;
  period?: string;
  inArrears?: boolean;
}

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
    queryKey: billingKeys.summary(clientId),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/clients/{id}/billing', { params: { path: { id: clientId } }, signal })),
  });
}

export function useInvoices(query: InvoiceQuery) {
  return useQuery({
    queryKey: billingKeys.invoices(query),
    queryFn: ({ signal }) =>
      api.get<Page<Invoice>>('/api/invoices', query as unknown as Record<string, QueryValue>, signal),
    placeholderData: keepPreviousData,
  });
}

export function useArrears() {
  return useQuery({
    queryKey: billingKeys.arrears,
    queryFn: ({ signal }) => ok(http.GET('/api/billing/arrears', { signal })),
  });
}

/** Admins only (the server answers 403 to staff). */
export function usePixSettings(enabled: boolean) {
  return useQuery({
    queryKey: billingKeys.settings,
    queryFn: ({ signal }) => ok(http.GET('/api/billing/settings', { signal })),
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
