/**
 * Reading and writing a routine's stored settings and config: defaults for a kind never configured, the
 * reference date of a run, and the kind's secret fields (write-only, encrypted at rest with SECRET_KEY).
 */
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import type { CivilDate } from '../br/index.js';
import { decryptSecret, encryptSecret } from '../messaging/index.js';
import { secretFields } from './config-fields.js';
import type { AnyRoutineDefinition, RoutineSettings } from './define-routine.js';
import type { RoutineRow } from './routines.repo.js';
import { routineSettingsSchema } from './routines.schema.js';

/** A kind's settings before the office configures it: every channel it offers, its default template. */
export function defaultSettings(def: AnyRoutineDefinition): RoutineSettings {
  const client = def.templates.client;
  return {
    professionId: null,
    channels: [...def.channels],
    templates: client ? Object.fromEntries(def.channels.map((c) => [c, client])) : {},
    audience: { kind: 'all' },
  };
}

/** The stored settings, or the kind's defaults (also when the stored JSON no longer parses). */
export function readSettings(row: RoutineRow | undefined, def: AnyRoutineDefinition): RoutineSettings {
  if (!row) return defaultSettings(def);
  const parsed = routineSettingsSchema.safeParse(JSON.parse(row.settings));
  return parsed.success ? parsed.data : defaultSettings(def);
}

/** The stored config as saved (secrets still encrypted). */
export const storedConfig = (row: RoutineRow | undefined): Record<string, unknown> =>
  row ? (JSON.parse(row.config) as Record<string, unknown>) : {};

/** The config with its secrets decrypted, for a run. An unreadable secret (SECRET_KEY changed) is null. */
export function revealSecrets(
  ctx: AppContext,
  def: AnyRoutineDefinition,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...config };
  for (const name of secretFields(def.config)) {
    const v = out[name];
    if (typeof v !== 'string' || !v) continue;
    try {
      out[name] = decryptSecret(v, ctx.config.secretKey);
    } catch {
      out[name] = null;
    }
  }
  return out;
}

/** The config for the form: secrets replaced by null, with the names of those that hold a value. */
export function maskSecrets(def: AnyRoutineDefinition, config: Record<string, unknown>) {
  const out = { ...config };
  const set = new Set<string>();
  for (const name of secretFields(def.config)) {
    if (typeof out[name] === 'string' && out[name]) set.add(name);
    out[name] = null;
  }
  return { config: out, secretSet: set };
}

/**
 * The incoming config with the previous secrets kept where the form left them null (or absent), and
 * an empty string meaning "remove". Returns the plain config to validate and the sealed one to store.
 */
export function mergeSecrets(
  ctx: AppContext,
  def: AnyRoutineDefinition,
  incoming: Record<string, unknown>,
  previous: Record<string, unknown>,
): { plain: Record<string, unknown>; seal(parsed: Record<string, unknown>): Record<string, unknown> } {
  const names = secretFields(def.config);
  const plain = { ...incoming };
  const revealed = revealSecrets(ctx, def, previous);
  for (const name of names) {
    const v = plain[name];
    if (v === undefined || v === null) plain[name] = revealed[name] ?? null;
    else if (v === '') plain[name] = null;
  }
  return {
    plain,
    seal(parsed) {
      const out = { ...parsed };
      for (const name of names) {
        const v = out[name];
        if (typeof v === 'string' && v) out[name] = encryptSecret(v, ctx.config.secretKey);
      }
      return out;
    },
  };
}

/** The civil date of an instant in the office's time zone: a run's reference date. */
export function referenceDate(at: Date, timeZone: string): CivilDate {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}
