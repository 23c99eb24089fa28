/**
 * Pure rules about certidões (tax-clearance certificates), shared by the API and the routine.
 *
 * - **Types** (`CertidaoType`): `federal` — CND/CPEN of the Receita Federal and PGFN (tributos federais e
 *   dívida ativa da União); `fgts` — CRF, Certificado de Regularidade do FGTS (Caixa); `trabalhista` — CNDT
 *   (TST); `estadual` — the state's (SEFAZ); `municipal` — the city's (tributos mobiliários/imobiliários).
 * - **Status** as printed on the certidão: `negativa`, `positiva_efeitos_negativa` (positiva com efeitos de
 *   negativa: debts suspended or guaranteed — it clears like a negativa) or `positiva` (debts: it does not).
 * - **Required types**: what a client must keep valid. No stored choice = the default: all five for a
 *   company (CNPJ), none for a person (CPF) — individuals rarely need them, and the office can opt in.
 * - **Current certidão of a type**: the one valid the longest (latest `validUntil`); older ones are history.
 */
import { certidaoStatuses, certidaoTypes } from '../../../shared/schemas/certificates.js';
import { daysBetween } from './certificates.validity.js';

export { certidaoStatuses, certidaoTypes };
export type CertidaoType = (typeof certidaoTypes)[number];

export type CertidaoStatus = (typeof certidaoStatuses)[number];

/** pt-BR names, for messages and the audit log. */
export const certidaoTypeNames: Record<CertidaoType, string> = {
  federal: 'CND Federal (Receita Federal/PGFN)',
  fgts: 'CRF — Regularidade do FGTS',
  trabalhista: 'CNDT — Débitos Trabalhistas',
  estadual: 'Certidão Estadual',
  municipal: 'Certidão Municipal',
};

/** Days before `validUntil` from which a certidão shows as "vence em N dias" in the interface. */
export const CERTIDAO_EXPIRING_DAYS = 10;

export function defaultRequiredTypes(documentKind: 'cnpj' | 'cpf'): CertidaoType[] {
  return documentKind === 'cnpj' ? [...certidaoTypes] : [];
}

/** Parses a stored list, dropping unknown values and keeping the canonical order. */
export function parseRequiredTypes(json: string): CertidaoType[] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return [];
  }
  const set = new Set(Array.isArray(list) ? list : []);
  return certidaoTypes.filter((t) => set.has(t));
}

export type CertidaoState = 'valid' | 'expiring' | 'expired';

/** `validUntil` is the last day it is valid: on the day after, it has expired. */
export function certidaoState(validUntil: string, today: string, expiringDays = CERTIDAO_EXPIRING_DAYS) {
  const daysLeft = daysBetween(today, validUntil);
  const state: CertidaoState = daysLeft < 0 ? 'expired' : daysLeft <= expiringDays ? 'expiring' : 'valid';
  return { state, daysLeft };
}

/** What is wrong with one required type, if anything. */
export type CertidaoProblem = 'missing' | 'expired' | 'positiva' | 'expiring';

export interface CertidaoLike {
  id: string;
  type: CertidaoType;
  status: CertidaoStatus;
  validUntil: string;
}

export interface PendingItem {
  type: CertidaoType;
  problem: CertidaoProblem;
  /** The current certidão of the type; null when missing. */
  certidaoId: string | null;
  validUntil: string | null;
  daysLeft: number | null;
}

/** The current (longest valid) certidão of each type. */
export function currentByType<T extends CertidaoLike>(certidoes: readonly T[]): Map<CertidaoType, T> {
  const out = new Map<CertidaoType, T>();
  for (const c of certidoes) {
    const best = out.get(c.type);
    if (!best || c.validUntil > best.validUntil || (c.validUntil === best.validUntil && c.id > best.id))
      out.set(c.type, c);
  }
  return out;
}

/**
 * The problems of a client's required certidões on `today`, in the canonical type order: missing, expired,
 * `positiva` (valid but it does not clear the client), or expiring within `daysBefore` days.
 */
export function pendingCertidoes(
  required: readonly CertidaoType[],
  certidoes: readonly CertidaoLike[],
  today: string,
  daysBefore: number,
): PendingItem[] {
  const current = currentByType(certidoes);
  const out: PendingItem[] = [];
  for (const type of certidaoTypes) {
    if (!required.includes(type)) continue;
    const c = current.get(type);
    if (!c) {
      out.push({ type, problem: 'missing', certidaoId: null, validUntil: null, daysLeft: null });
      continue;
    }
    const { state, daysLeft } = certidaoState(c.validUntil, today, daysBefore);
    const problem: CertidaoProblem | null =
      state === 'expired'
        ? 'expired'
        : c.status === 'positiva'
          ? 'positiva'
          : state === 'expiring'
            ? 'expiring'
            : null;
    if (problem) out.push({ type, problem, certidaoId: c.id, validUntil: c.validUntil, daysLeft });
  }
  return out;
}
