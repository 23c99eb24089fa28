/** What the routines tests share: clients with contacts, the routine runner driven by hand, row counts. */

import { expect } from 'vitest';
import type { AppContext } from '../../src/server/context.js';
import type { Database } from '../../src/server/db/schema.js';
import { generateCnpj } from '../../src/server/modules/br/index.js';
import { createClient, createClientBody, createContact } from '../../src/server/modules/clients/index.js';
import { calendarOf } from '../../src/server/modules/engine/index.js';
import { type Actor, getOffice } from '../../src/server/modules/platform/index.js';
import {
  type RoutineSettings,
  routineDefinition,
  runRoutine,
} from '../../src/server/modules/routines/index.js';
import type { Session } from '../support/test-app.js';

let seed = 7;
/** A deterministic random for valid CNPJs. */
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

export const newCnpj = () => generateCnpj({ random });

export async function addClient(
  ctx: AppContext,
  actor: Actor,
  input: Record<string, unknown> & { legalName: string },
) {
  return createClient(
    ctx,
    actor,
    createClientBody.parse({ document: newCnpj(), emails: ['contato@cliente.com.br'], ...input }),
  );
}

export async function addContact(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  input: { name: string; birthday?: string | null; email?: string | null; emailOptOut?: boolean },
) {
  return createContact(ctx, actor, clientId, {
    email: `${input.name.split(' ')[0]!.toLowerCase()}@cliente.com.br`,
    whatsapp: null,
    emailOptOut: false,
    whatsappOptIn: false,
    birthday: null,
    ...input,
  });
}

/** Runs a routine kind directly (not through a job) for a reference date. */
export async function runKind(
  ctx: AppContext,
  officeId: string,
  kind: string,
  options: {
    date: string;
    settings: RoutineSettings;
    config?: Record<string, unknown>;
    dryRun?: boolean;
    requestedBy?: string | null;
    routineId?: string;
    /** The run's job id (its messages' cause); null: a run outside a job. */
    runId?: string | null;
  },
) {
  const definition = routineDefinition(kind)!;
  const office = await getOffice(ctx, officeId);
  const log: { level: string; message: string }[] = [];
  const result = await runRoutine({
    app: ctx,
    definition,
    officeId,
    routineId: options.routineId ?? '01900000-0000-7000-8000-000000000000',
    settings: options.settings,
    config: definition.config.parse(options.config ?? {}),
    date: options.date,
    at: new Date(`${options.date}T12:00:00.000Z`),
    timeZone: office.timeZone,
    calendar: calendarOf(office),
    dryRun: options.dryRun ?? false,
    runId: options.runId ?? null,
    requestedBy: options.requestedBy ?? null,
    log: async (level, message) => {
      log.push({ level, message: typeof message === 'string' ? message : message['pt-BR'] });
    },
  });
  return { ...result, log };
}

/** Row counts of the tables a routine could write to, to prove a dry run wrote nothing. */
export async function countRows(ctx: AppContext): Promise<Record<string, number>> {
  const tables: (keyof Database)[] = [
    'messages',
    'jobs',
    'audit_log',
    'routines',
    'schedules',
    'clients_extra',
    'notifications',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await ctx.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

export const settingsOf = (patch: Partial<RoutineSettings> = {}): RoutineSettings => ({
  professionId: null,
  channels: ['email'],
  templates: {},
  audience: { kind: 'all' },
  ...patch,
});

/**
 * Turns the birthday routine (`contacts.birthdays`) on through the API as `s`: e-mail only, daily at 08:00.
 * Fails the test on anything but 200; answers the saved routine's id.
 */
export async function activateBirthdays(s: Session): Promise<string> {
  const saved = await s.request({
    method: 'PUT',
    url: '/api/routines/contacts.birthdays',
    payload: {
      active: true,
      settings: { channels: ['email'], templates: { email: 'routines.birthday' } },
      config: {},
      schedule: { type: 'daily', times: ['08:00'] },
    },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  return saved.json<{ id: string }>().id;
}
