/**
 * Validity of clients' digital certificates (pure), shared by the API (status badges), the expiry routine and
 * the tests.
 *
 * - **Expiry date**: the civil date, in the office's time zone, of the certificate's `notAfter` instant.
 * - **Days left**: calendar days from the reference date to the expiry date (0 = expires today).
 * - **Crossed threshold**: for thresholds [30, 15, 5], the smallest threshold `t` with `daysLeft <= t` —
 *   daysLeft 14 → 15, daysLeft 3 → 5, daysLeft 31 → none. Each threshold is one warning, so a run on day 14
 *   after a missed day 15 sends the 15-day warning (once), never the 30-day one as well.
 */
import { DateTime } from 'luxon';
import { civilToInstant } from '../engine/index.js';

/** Days before expiry from which a certificate shows as "vence em N dias" in the interface. */
export const CERTIFICATE_EXPIRING_DAYS = 30;

const MS_PER_DAY = 86_400_000;

/** The civil date of an instant in a time zone. */
export const civilDateOf = (instant: Date | string, timeZone: string): string =>
  DateTime.fromJSDate(typeof instant === 'string' ? new Date(instant) : instant, { zone: timeZone }).toFormat(
    'yyyy-MM-dd',
  );

/** Whole days from `from` to `to` (civil dates): `daysBetween('2026-11-23', '2026-12-08')` → 15. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);

/** An A3 certificate's expiry date as an instant: the last second of that day in the office's zone. */
export const startOfCivilDay = (date: string, timeZone: string): string =>
  civilToInstant(date, '00:00', timeZone).toISOString();

export const endOfCivilDay = (date: string, timeZone: string): string =>
  new Date(civilToInstant(date, '23:59', timeZone).getTime() + 59_000).toISOString();

export type CertificateState = 'valid' | 'expiring' | 'expired';

export interface CertificateTiming {
  /** Expiry date in the office's time zone. */
  expiresOn: string;
  /** Days from `today` to `expiresOn`; negative once past. */
  daysLeft: number;
  /** True once the `notAfter` instant has passed. */
  expired: boolean;
}

export function certificateTiming(notAfter: string, at: Date, timeZone: string): CertificateTiming {
  const expiresOn = civilDateOf(notAfter, timeZone);
  const today = civilDateOf(at, timeZone);
  return {
    expiresOn,
    daysLeft: daysBetween(today, expiresOn),
    expired: Date.parse(notAfter) <= at.getTime(),
  };
}

export function certificateState(
  t: CertificateTiming,
  expiringDays = CERTIFICATE_EXPIRING_DAYS,
): CertificateState {
  if (t.expired) return 'expired';
  return t.daysLeft <= expiringDays ? 'expiring' : 'valid';
}

/**
 * The warning a certificate is due on its reference date: the crossed threshold (days), `'expired'`, or
 * null (nothing to say yet). `thresholds` in any order.
 * @example crossedThreshold({ daysLeft: 14, expired: false }, [30, 15, 5]) // 15
 */
export function crossedThreshold(
  t: Pick<CertificateTiming, 'daysLeft' | 'expired'>,
  thresholds: readonly number[],
): number | 'expired' | null {
  if (t.expired) return 'expired';
  const crossed = thresholds.filter((d) => t.daysLeft <= d);
  return crossed.length ? Math.min(...crossed) : null;
}

/** How a certificate's document compares with its client's CNPJ/CPF. */
export type DocumentCheck = 'match' | 'same_root' | 'mismatch' | 'unknown';

/**
 * `same_root`: both are CNPJs of the same company (first 8 characters), another establishment — common and
 * usually fine (the head office's e-CNPJ serves its branches), but worth a look.
 */
export function documentCheck(certificateDocument: string | null, clientDocument: string): DocumentCheck {
  if (!certificateDocument) return 'unknown';
  if (certificateDocument === clientDocument) return 'match';
  if (
    certificateDocument.length === 14 &&
    clientDocument.length === 14 &&
    certificateDocument.slice(0, 8) === clientDocument.slice(0, 8)
  )
    return 'same_root';
  return 'mismatch';
}
