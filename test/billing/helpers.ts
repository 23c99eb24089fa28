import { join } from 'node:path';
import { expect } from 'vitest';
import type { AppContext } from '../../src/server/context.js';
import { openDatabase } from '../../src/server/db/database.js';
import { newId } from '../../src/server/ids.js';
import { createClientBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient } from '../../src/server/modules/clients/index.js';
import { calendarOf } from '../../src/server/modules/engine/schedules/scheduler.js';
import type { Actor } from '../../src/server/modules/platform/index.js';
import { findOffice } from '../../src/server/modules/platform/index.js';
import {
  type AnyRoutineDefinition,
  type RoutineRunResult,
  type RoutineSettings,
  runRoutine,
} from '../../src/server/modules/routines/index.js';
import type { Session } from '../support/test-app.js';
import type { TestContext } from '../support/test-db.js';

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** A client with an e-mail, made through the clients service. */
export async function makeClient(
  ctx: AppContext,
  actor: Actor,
  legalName: string,
  document: string,
  email = true,
) {
  return createClient(
    ctx,
    actor,
    createClientBody.parse({
      legalName,
      document,
      emails: email ? [`financeiro@${slug(legalName.split(' ')[0]!)}.com.br`] : [],
    }),
  );
}

export const defaultSettings = (over: Partial<RoutineSettings> = {}): RoutineSettings => ({
  professionId: null,
  channels: ['email'],
  templates: {},
  audience: { kind: 'all' },
  ...over,
});

/**
 * Runs a routine kind for an office on the fake clock's current instant, the reference date being the
 * office's civil date (as a scheduled run for that day would see it).
 */
export async function runKind(
  ctx: AppContext,
  def: AnyRoutineDefinition,
  officeId: string,
  options: { config?: unknown; settings?: Partial<RoutineSettings>; dryRun?: boolean; date?: string } = {},
): Promise<RoutineRunResult> {
  const office = (await findOffice(ctx.db, officeId))!;
  const at = ctx.clock.now();
  const date =
    options.date ??
    new Intl.DateTimeFormat('en-CA', {
      timeZone: office.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(at);
  const logs: string[] = [];
  const result = await runRoutine({
    app: ctx,
    definition: def,
    officeId,
    routineId: newId(),
    settings: defaultSettings(options.settings),
    config: def.config.parse(options.config ?? {}),
    date,
    at,
    timeZone: office.timeZone,
    calendar: calendarOf(office),
    dryRun: options.dryRun ?? false,
    runId: null,
    requestedBy: null,
    log: async (_level, message) => {
      logs.push(typeof message === 'string' ? message : message['pt-BR']);
    },
  });
  return Object.assign(result, { logs });
}

/** Noon in São Paulo on a civil date, as an instant. */
export const noonSP = (date: string) => `${date}T15:00:00.000Z`;

/**
 * A second application context on the same database — what a restarted process (or another node) sees:
 * nothing in memory, only what was committed.
 */
export function reopen(ctx: TestContext): AppContext & { close(): Promise<void> } {
  const handle =
    ctx.dialect === 'sqlite'
      ? openDatabase({ sqliteFile: join(ctx.config.dataDir, 'test.sqlite') })
      : openDatabase({ databaseUrl: ctx.config.databaseUrl, poolSize: 2 });
  return {
    db: handle.db,
    dialect: ctx.dialect,
    clock: ctx.clock,
    config: ctx.config,
    log: ctx.log,
    close: () => handle.destroy(),
  };
}

/** The office's messages whose key starts with `prefix`, oldest first. */
export async function messagesWithKey(ctx: AppContext, officeId: string, prefix: string) {
  return ctx.db
    .selectFrom('messages')
    .select([
      'id',
      'idempotency_key',
      'template',
      'status',
      'client_id',
      'recipient_kind',
      'recipient_id',
      'attachments',
      'body_text',
      'subject',
    ])
    .where('office_id', '=', officeId)
    .where('idempotency_key', 'like', `${prefix}%`)
    .orderBy('created_at')
    .orderBy('idempotency_key')
    .execute();
}

/** Office A's PIX settings (an e-mail key), saved through the API by `admin`: what invoices need first. */
export async function putPixSettings(admin: Session) {
  const res = await admin.request({
    method: 'PUT',
    url: '/api/billing/settings',
    payload: {
      keyKind: 'email',
      key: 'financeiro@escritorio.com.br',
      merchantName: 'Escritorio A',
      merchantCity: 'Sao Paulo',
    },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** Issues an invoice of a client (`POST /api/clients/:id/invoices`) as `s`; answers the response as it came. */
export const postInvoice = (
  s: Session,
  clientId: string,
  payload: { period: string; amountCents?: number; dueDate?: string },
) => s.request({ method: 'POST', url: `/api/clients/${clientId}/invoices`, payload });
