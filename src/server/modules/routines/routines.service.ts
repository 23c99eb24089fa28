import type { Transaction } from 'kysely';
import { type BlobSource, blobStore, readBlob } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { Database } from '../../db/schema.js';
import { AppError, type FieldIssue, HttpError } from '../../http/errors.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { fieldIssue, fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { existingClientIds } from '../clients/index.js';
import {
  assertPool,
  calendarOf,
  createSchedule,
  deleteSchedule,
  enqueue,
  getRun,
  listRuns,
  listSchedules,
  type Schedule,
  type ScheduleSpec,
  scheduleInput,
  scheduleSpec,
  setSchedulePaused,
  updateSchedule,
} from '../engine/index.js';
import { type Channel, configuredChannels, templateDefinitions } from '../messaging/index.js';
import {
  type Actor,
  auditTrail,
  getOffice,
  getProfessions,
  listUsers,
  type Office,
} from '../platform/index.js';
import {
  type ConfigField,
  configIssues,
  describeConfig,
  type SelectSource,
  unknownConfigKeys,
} from './config-fields.js';
import {
  type AnyRoutineDefinition,
  type Audience,
  type RoutineSettings,
  routineDefinition,
  routineDefinitions,
} from './define-routine.js';
import {
  defaultSettings,
  maskSecrets,
  mergeSecrets,
  readSettings,
  referenceDate,
  revealSecrets,
  storedConfig,
} from './routine-config.js';
import { checkRoutineFile } from './routine-file.js';
import { RoutinesError } from './routines.errors.js';
import {
  existingTags,
  findRoutineByKind,
  insertRoutineRow,
  listRoutineRows,
  type RoutineRow,
  updateRoutineRow,
} from './routines.repo.js';
import {
  type CatalogQuery,
  MAX_ROUTINE_FILE_BYTES,
  type RoutineDetail,
  type RoutineItem,
  type SaveRoutineInput,
} from './routines.schema.js';
import { routinesRun } from './run.job.js';
import { runRoutine } from './run-routine.js';

const channelNames: Record<Channel, Localized> = {
  email: { 'pt-BR': 'e-mail', en: 'e-mail' },
  whatsapp: { 'pt-BR': 'WhatsApp', en: 'WhatsApp' },
  sms: { 'pt-BR': 'SMS', en: 'SMS' },
};

function definitionOf(kind: string): AnyRoutineDefinition {
  const def = routineDefinition(kind);
  if (!def) throw new RoutinesError('not_found', { params: { kind } });
  return def;
}

/** Lower-case, accent-free text for the catalog search. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

const routineAudit = auditTrail('routine');

const scheduleName = (def: AnyRoutineDefinition) => `Rotina: ${def.title['pt-BR']}`;

function toItem(
  def: AnyRoutineDefinition,
  row: RoutineRow | undefined,
  schedules: Map<string, Schedule>,
  professions: Map<string, string>,
  configured: Channel[],
): RoutineItem {
  const settings = readSettings(row, def);
  const schedule = row?.schedule_id ? schedules.get(row.schedule_id) : undefined;
  // Stored by a save, which validated it against the engine's schema.
  const spec = row?.schedule_spec ? (JSON.parse(row.schedule_spec) as ScheduleSpec) : null;
  return {
    kind: def.kind,
    department: def.department,
    title: def.title,
    description: def.description,
    id: row?.id ?? null,
    active: row?.active === 1,
    availableChannels: [...def.channels],
    channels: settings.channels,
    configuredChannels: configured,
    professionId: settings.professionId,
    professionName: settings.professionId ? (professions.get(settings.professionId) ?? null) : null,
    schedule: schedule
      ? {
          id: schedule.id,
          spec: schedule.spec,
          pool: schedule.pool,
          paused: schedule.paused,
          nextFireAt: schedule.nextFireAt,
          lastFireAt: schedule.lastFireAt,
        }
      : spec
        ? { id: null, spec, pool: row?.pool ?? 'default', paused: true, nextFireAt: null, lastFireAt: null }
        : null,
    pool: row?.pool ?? 'default',
    updatedAt: row?.updated_at ?? null,
  };
}

async function lookups(ctx: AppContext, officeId: string) {
  const [schedules, professions, configured] = await Promise.all([
    listSchedules(ctx, officeId),
    getProfessions(ctx, officeId),
    configuredChannels(ctx, officeId),
  ]);
  return {
    schedules: new Map(schedules.map((s) => [s.id, s])),
    professions: new Map(professions.map((p) => [p.id, p.name])),
    configured,
  };
}

/**
 * The catalog: every routine kind registered in this process, with the office's configuration of it
 * (or the defaults: inactive, the kind's channels and template). Sorted by department, then title.
 */
export async function listCatalog(
  ctx: AppContext,
  officeId: string,
  q: CatalogQuery,
): Promise<RoutineItem[]> {
  const rows = new Map((await listRoutineRows(ctx.db, officeId)).map((r) => [r.kind, r]));
  const { schedules, professions, configured } = await lookups(ctx, officeId);
  const text = q.q ? fold(q.q) : '';
  return routineDefinitions()
    .filter((def) => !q.department || def.department === q.department)
    .filter(
      (def) =>
        !text ||
        fold(
          [def.kind, def.title['pt-BR'], def.title.en, def.description['pt-BR'], def.description.en].join(
            ' ',
          ),
        ).includes(text),
    )
    .map((def) => toItem(def, rows.get(def.kind), schedules, professions, configured))
    .filter((item) => !q.status || (q.status === 'active') === item.active)
    .sort(
      (a, b) =>
        a.department.localeCompare(b.department) || a.title['pt-BR'].localeCompare(b.title['pt-BR'], 'pt-BR'),
    );
}

/**
 * The templates made for the routine's message to clients (its definition's `templates.client`): a fee's,
 * a ticket's, the channel test's or the routine's own staff notice are never offered, nor accepted on save.
 */
const ownTemplates = (def: AnyRoutineDefinition): string[] =>
  def.templates.client ? [def.templates.client] : [];

/** Templates that may be chosen for a channel: the routine's own, when it has a version for that channel. */
function templateOptions(def: AnyRoutineDefinition) {
  const out: RoutineDetail['templateOptions'] = {};
  const own = new Set(ownTemplates(def));
  const all = templateDefinitions().filter((t) => own.has(t.key));
  for (const channel of def.channels) {
    out[channel] = all
      .filter((t) => t.defaults[channel]?.body)
      .map((t) => ({ key: t.key, description: t.description, own: t.key === def.templates.client }))
      .sort((a, b) => Number(b.own) - Number(a.own) || a.key.localeCompare(b.key));
  }
  return out;
}

/** One routine of the catalog with everything its form needs. */
export async function getRoutine(ctx: AppContext, officeId: string, kind: string): Promise<RoutineDetail> {
  const def = definitionOf(kind);
  const row = await findRoutineByKind(ctx.db, officeId, kind);
  const { schedules, professions, configured } = await lookups(ctx, officeId);
  const raw = row ? storedConfig(row) : {};
  const parsed = def.config.safeParse(row ? revealSecrets(ctx, def, raw) : {});
  // Keys the kind no longer has are left out: the form sends the config back, and a save refuses them.
  const known = new Set(describeConfig(def.config).map((f) => f.name));
  const rawKnown = Object.fromEntries(Object.entries(raw).filter(([k]) => known.has(k)));
  // A saved config that no longer parses (the kind changed) is shown as saved, for the office to fix.
  const shown = parsed.success
    ? { ...rawKnown, ...maskSecrets(def, parsed.data as Record<string, unknown>).config }
    : rawKnown;
  const { config, secretSet } = maskSecrets(def, shown);
  for (const name of maskSecrets(def, raw).secretSet) secretSet.add(name);
  return {
    ...toItem(def, row, schedules, professions, configured),
    settings: readSettings(row, def),
    config,
    configFields: describeConfig(def.config).map((f) =>
      f.secret ? { ...f, secretSet: secretSet.has(f.name) } : f,
    ),
    templateOptions: templateOptions(def),
    templates: { client: def.templates.client ?? null, staff: def.templates.staff ?? null },
    outcomes: def.outcomes ?? {},
    version: row?.version ?? 0,
  };
}

/**
 * What a schema cannot check: the channels are the kind's, each has a template with a version for it, the
 * profession and the audience's classes, tags and clients exist in the office.
 */
async function checkSettings(
  ctx: AppContext,
  office: Office,
  def: AnyRoutineDefinition,
  settings: RoutineSettings,
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const templates = new Map(templateDefinitions().map((t) => [t.key, t]));
  settings.channels.forEach((channel, i) => {
    if (!def.channels.includes(channel)) {
      const name = channelNames[channel];
      issues.push(
        fieldIssue(
          `settings.channels.${i}`,
          'channel_not_offered',
          `Esta rotina não envia mensagens por ${name['pt-BR']}.`,
          `This routine does not send messages by ${name.en}.`,
        ),
      );
      return;
    }
    const key = settings.templates[channel] ?? def.templates.client;
    const name = channelNames[channel];
    const field = `settings.templates.${channel}`;
    if (!key) {
      issues.push(
        fieldIssue(
          field,
          'template_required',
          `Escolha o modelo para ${name['pt-BR']}.`,
          `Choose the template for ${name.en}.`,
        ),
      );
    } else if (!templates.has(key)) {
      issues.push(
        fieldIssue(field, 'unknown_template', `Modelo desconhecido: ${key}.`, `Unknown template: ${key}.`),
      );
    } else if (!templates.get(key)?.defaults[channel]?.body) {
      issues.push(
        fieldIssue(
          field,
          'template_without_channel',
          `O modelo ${key} não tem versão para ${name['pt-BR']}. Escolha outro modelo ou outro canal.`,
          `Template ${key} has no ${name.en} version. Choose another template or channel.`,
        ),
      );
    } else if (!ownTemplates(def).includes(key)) {
      issues.push(
        fieldIssue(
          field,
          'template_not_for_routine',
          `O modelo ${key} não é desta rotina. Escolha um dos modelos da lista.`,
          `Template ${key} is not one of this routine's. Choose one from the list.`,
        ),
      );
    }
  });

  if (settings.professionId) {
    const professions = await getProfessions(ctx, office.id);
    if (!professions.some((p) => p.id === settings.professionId)) {
      issues.push(
        fieldIssue(
          'settings.professionId',
          'not_found',
          'Profissão não encontrada.',
          'Profession not found.',
        ),
      );
    }
  }

  if (settings.audience.kind !== 'all') {
    const { list, values, known, unknown } = await audienceMembers(ctx, office, settings.audience);
    values.forEach((v, i) => {
      if (!known.has(v)) issues.push(fieldIssue(`settings.audience.${list}.${i}`, ...unknown(v)));
    });
  }
  return issues;
}

/**
 * The members an audience names (`list`: their field), which of them the office has, and the issue of one
 * it has not (its code and message in pt-BR and English).
 */
async function audienceMembers(
  ctx: AppContext,
  office: Office,
  audience: Exclude<Audience, { kind: 'all' }>,
): Promise<{
  list: string;
  values: string[];
  known: Set<string>;
  unknown: (value: string) => [code: string, pt: string, en: string];
}> {
  switch (audience.kind) {
    case 'class': {
      const classes = office.clientClasses.join(', ');
      return {
        list: 'classes',
        values: audience.classes,
        known: new Set(office.clientClasses),
        unknown: (c) => [
          'unknown_class',
          `Classe desconhecida: ${c}. Use uma de: ${classes}.`,
          `Unknown class: ${c}. Use one of: ${classes}.`,
        ],
      };
    }
    case 'tag':
      return {
        list: 'tags',
        values: audience.tags,
        known: await existingTags(ctx.db, office.id, audience.tags),
        unknown: (t) => ['unknown_tag', `Nenhum cliente tem a tag ${t}.`, `No client has the tag ${t}.`],
      };
    case 'list':
      return {
        list: 'clientIds',
        values: audience.clientIds,
        known: await existingClientIds(ctx.db, office.id, audience.clientIds),
        unknown: () => ['not_found', 'Cliente não encontrado.', 'Client not found.'],
      };
  }
}

/** Selects of a kind's config (`source: 'classes'`…) must name what exists in the office. */
async function checkConfigRefs(
  ctx: AppContext,
  office: Office,
  def: AnyRoutineDefinition,
  config: Record<string, unknown>,
): Promise<FieldIssue[]> {
  const refs: { path: string; source: SelectSource; value: string }[] = [];
  const walk = (fields: ConfigField[], values: Record<string, unknown>, prefix: string) => {
    for (const f of fields) {
      const v = values[f.name];
      if (f.type === 'select' && f.source && typeof v === 'string' && v) {
        refs.push({ path: `${prefix}.${f.name}`, source: f.source, value: v });
      }
      if (f.type === 'list' && f.fields && Array.isArray(v)) {
        v.forEach((item, i) => {
          if (item && typeof item === 'object')
            walk(f.fields!, item as Record<string, unknown>, `${prefix}.${f.name}.${i}`);
        });
      }
    }
  };
  walk(describeConfig(def.config), config, 'config');
  if (refs.length === 0) return [];
  const known: Partial<Record<SelectSource, Set<string>>> = {};
  const load = async (source: SelectSource): Promise<Set<string>> => {
    switch (source) {
      case 'classes':
        return new Set(office.clientClasses);
      case 'tags':
        return existingTags(ctx.db, office.id, [
          ...new Set(refs.filter((r) => r.source === 'tags').map((r) => r.value)),
        ]);
      case 'professions':
        return new Set((await getProfessions(ctx, office.id)).map((p) => p.id));
      case 'users':
        return new Set((await listUsers(ctx, office.id, { active: true })).map((u) => u.id));
    }
  };
  const issues: FieldIssue[] = [];
  for (const ref of refs) {
    known[ref.source] ??= await load(ref.source);
    if (known[ref.source]!.has(ref.value)) continue;
    const what: Record<SelectSource, [string, string]> = {
      classes: [
        `Classe desconhecida: ${ref.value}. Use uma de: ${office.clientClasses.join(', ')}.`,
        `Unknown class: ${ref.value}.`,
      ],
      tags: [`Nenhum cliente tem a tag ${ref.value}.`, `No client has the tag ${ref.value}.`],
      professions: ['Profissão não encontrada.', 'Profession not found.'],
      users: ['Usuário não encontrado ou inativo.', 'User not found or inactive.'],
    };
    const [pt, en] = what[ref.source];
    issues.push(fieldIssue(ref.path, 'not_found', pt, en));
  }
  return issues;
}

/** `fromUser`: the config comes from a request, whose unknown keys are refused (a stored one may keep old keys). */
function parseConfig(def: AnyRoutineDefinition, config: unknown, fromUser: boolean) {
  const unknown = fromUser ? unknownConfigKeys(def.config, config) : [];
  const r = def.config.safeParse(config, { reportInput: true });
  return r.success && unknown.length === 0
    ? { data: r.data as Record<string, unknown>, issues: [] as FieldIssue[] }
    : { data: null, issues: [...unknown, ...(r.success ? [] : configIssues(r.error.issues))] };
}

/** Settings and config checked together: the parsed config and every issue found. */
async function checkAll(
  ctx: AppContext,
  office: Office,
  def: AnyRoutineDefinition,
  settings: RoutineSettings,
  rawConfig: unknown,
  fromUser = false,
) {
  const config = parseConfig(def, rawConfig, fromUser);
  const issues = [
    ...(await checkSettings(ctx, office, def, settings)),
    ...config.issues,
    ...(config.data ? await checkConfigRefs(ctx, office, def, config.data) : []),
  ];
  return { data: config.data, issues };
}

/** Engine errors name the schedule's fields `spec.*`; the routine's form calls them `schedule.*`. */
function asScheduleError(err: unknown): unknown {
  if (!(err instanceof AppError) || err.fields.length === 0) return err;
  const fields = err.fields.map((f) => ({ ...f, field: f.field.replace(/^spec(\.|$)/, 'schedule$1') }));
  return new HttpError('validation_failed', { fields, cause: err });
}

/**
 * Keeps the engine schedule in step with the routine: an active routine with a spec has one (created or
 * changed); an inactive one has none (removed), so Execuções → Agendas shows only the agendas that run.
 */
async function syncSchedule(
  ctx: AppContext,
  trx: Transaction<Database>,
  actor: Actor,
  def: AnyRoutineDefinition,
  routineId: string,
  current: string | null,
  spec: ScheduleSpec | null,
  pool: string,
  active: boolean,
): Promise<string | null> {
  try {
    if (!spec || !active) {
      if (current) await deleteSchedule(ctx, actor, current, trx);
      return null;
    }
    const input = scheduleInput.parse({
      name: scheduleName(def),
      kind: routinesRun.kind,
      payload: { routineId },
      pool,
      spec,
      misfirePolicy: 'once',
    });
    const saved = current
      ? await updateSchedule(ctx, actor, current, input, trx)
      : await createSchedule(ctx, actor, input, trx);
    if (saved.paused) await setSchedulePaused(ctx, actor, saved.id, false, trx);
    return saved.id;
  } catch (err) {
    throw asScheduleError(err);
  }
}

const auditView = (def: AnyRoutineDefinition, row: RoutineRow) => ({
  kind: row.kind,
  active: row.active === 1,
  settings: JSON.parse(row.settings) as unknown,
  config: maskSecrets(def, JSON.parse(row.config) as Record<string, unknown>).config,
  scheduleId: row.schedule_id,
  schedule: row.schedule_spec ? (JSON.parse(row.schedule_spec) as unknown) : null,
  pool: row.pool,
});

/**
 * Saves the office's configuration of a kind (the routine form's Salvar): settings, the kind's own
 * config, the schedule and its pool, and Ativo. Everything is checked first; then the routine and its
 * engine schedule are written in one transaction, audited.
 */
export async function saveRoutine(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  input: SaveRoutineInput,
): Promise<RoutineDetail> {
  const def = definitionOf(kind);
  const office = await getOffice(ctx, actor.officeId);
  const existing = await findRoutineByKind(ctx.db, actor.officeId, kind);
  if (existing && input.version !== undefined && input.version !== existing.version) {
    throw new RoutinesError('version_conflict');
  }
  const active = input.active ?? existing?.active === 1;
  const secrets = mergeSecrets(ctx, def, input.config, storedConfig(existing));
  const config = await checkAll(ctx, office, def, input.settings, secrets.plain, true);
  const issues = config.issues;
  if (input.schedule?.type === 'once') {
    issues.push(
      fieldIssue(
        'schedule.type',
        'once_not_allowed',
        'Uma rotina se repete: escolha uma periodicidade. Para rodar uma vez, use Agendar execução.',
        'A routine repeats: choose a frequency. To run it once, use Schedule a run.',
      ),
    );
  }
  if (active && !input.schedule) {
    throw new RoutinesError('schedule_required', {
      fields: [
        fieldIssue(
          'schedule',
          'schedule_required',
          'Defina quando a rotina roda para ativá-la.',
          'Set when the routine runs to activate it.',
        ),
        ...issues,
      ],
    });
  }
  if (issues.length || !config.data) throw fieldsError(...issues);
  // The pool is checked even when no engine schedule is made now (inactive): Sim uses it later.
  await assertPool(ctx.db, input.pool);
  const sealed = secrets.seal(config.data);

  await writeTransaction(ctx, async (trx) => {
    const before = await findRoutineByKind(trx, actor.officeId, kind);
    if (before && before.version !== (existing?.version ?? before.version)) {
      throw new RoutinesError('version_conflict');
    }
    const id = before?.id ?? newId();
    const now = ctx.clock.now().toISOString();
    const scheduleId = await syncSchedule(
      ctx,
      trx,
      actor,
      def,
      id,
      before?.schedule_id ?? null,
      input.schedule,
      input.pool,
      active,
    );
    const values = {
      active: active ? 1 : 0,
      settings: JSON.stringify(input.settings),
      config: JSON.stringify(sealed),
      schedule_id: scheduleId,
      schedule_spec: input.schedule ? JSON.stringify(input.schedule) : null,
      pool: input.pool,
      updated_at: now,
    };
    let after: RoutineRow;
    if (before) {
      if (!(await updateRoutineRow(trx, actor.officeId, id, before.version, values))) {
        throw new RoutinesError('version_conflict');
      }
      after = { ...before, ...values, version: before.version + 1 };
    } else {
      after = { id, office_id: actor.officeId, kind, created_at: now, version: 1, ...values };
      await insertRoutineRow(trx, after);
    }
    await routineAudit.record(trx, { ...actor, at: new Date(now) }, id, before ? 'update' : 'create', {
      before: before ? auditView(def, before) : null,
      after: auditView(def, after),
    });
  });
  return getRoutine(ctx, actor.officeId, kind);
}

/**
 * Ativo Sim/Não: Sim makes the routine's engine schedule from its saved Dia/Hora; Não removes it (the
 * spec stays on the routine). Activating needs a schedule and a configuration that is still valid (a
 * template may have been removed since).
 */
export async function setRoutineActive(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  active: boolean,
): Promise<RoutineDetail> {
  const def = definitionOf(kind);
  const row = await findRoutineByKind(ctx.db, actor.officeId, kind);
  if (!row) {
    if (active) throw new RoutinesError('schedule_required');
    return getRoutine(ctx, actor.officeId, kind);
  }
  const spec = row.schedule_spec ? scheduleSpec.parse(JSON.parse(row.schedule_spec)) : null;
  if (active) {
    if (!spec) throw new RoutinesError('schedule_required');
    const office = await getOffice(ctx, actor.officeId);
    const { issues } = await checkAll(
      ctx,
      office,
      def,
      readSettings(row, def),
      revealSecrets(ctx, def, storedConfig(row)),
    );
    if (issues.length) throw new RoutinesError('invalid_saved_config', { fields: issues });
  }
  if ((row.active === 1) === active && Boolean(row.schedule_id) === active) {
    return getRoutine(ctx, actor.officeId, kind);
  }
  await writeTransaction(ctx, async (trx) => {
    const scheduleId = await syncSchedule(
      ctx,
      trx,
      actor,
      def,
      row.id,
      row.schedule_id,
      spec,
      row.pool,
      active,
    );
    const now = ctx.clock.now();
    const values = { active: active ? 1 : 0, schedule_id: scheduleId, updated_at: now.toISOString() };
    if (!(await updateRoutineRow(trx, actor.officeId, row.id, row.version, values))) {
      throw new RoutinesError('version_conflict');
    }
    await routineAudit.record(trx, { ...actor, at: now }, row.id, active ? 'activate' : 'deactivate', {
      before: { active: row.active === 1 },
      after: { active },
    });
  });
  return getRoutine(ctx, actor.officeId, kind);
}

/** The routine's row, created with the kind's defaults (inactive) when it was never configured. */
async function ensureRow(
  ctx: AppContext,
  trx: Transaction<Database>,
  actor: Actor,
  def: AnyRoutineDefinition,
) {
  const found = await findRoutineByKind(trx, actor.officeId, def.kind);
  if (found) return found;
  const now = ctx.clock.now();
  const row: RoutineRow = {
    id: newId(),
    office_id: actor.officeId,
    kind: def.kind,
    active: 0,
    settings: JSON.stringify(defaultSettings(def)),
    config: JSON.stringify(def.config.safeParse({}).data ?? {}),
    schedule_id: null,
    schedule_spec: null,
    pool: 'default',
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    version: 1,
  };
  await insertRoutineRow(trx, row);
  await routineAudit.create(trx, { ...actor, at: now }, row.id, auditView(def, row));
  return row;
}

/**
 * Executar: runs the routine now, or at a date and time, on a pool (Servidor). The run's requester is
 * the user, so the summary e-mail goes to them. Works whether the routine is active or not.
 */
export async function runRoutineNow(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  input: { at?: string | undefined; pool?: string | undefined },
) {
  const def = definitionOf(kind);
  const runAt = input.at ? new Date(input.at) : undefined;
  if (runAt && runAt.getTime() <= ctx.clock.now().getTime()) {
    throw new RoutinesError('run_in_past', {
      fields: [
        fieldIssue('at', 'in_the_past', 'A data e hora já passaram.', 'The date and time are in the past.'),
      ],
    });
  }
  const row = await findRoutineByKind(ctx.db, actor.officeId, kind);
  const office = await getOffice(ctx, actor.officeId);
  const rawConfig = row ? revealSecrets(ctx, def, storedConfig(row)) : {};
  const { issues } = await checkAll(ctx, office, def, readSettings(row, def), rawConfig);
  if (issues.length) throw new RoutinesError('invalid_saved_config', { fields: issues });
  const job = await writeTransaction(ctx, async (trx) => {
    const routine = await ensureRow(ctx, trx, actor, def);
    return enqueue(
      ctx,
      trx,
      routinesRun,
      { routineId: routine.id },
      {
        officeId: actor.officeId,
        pool: input.pool ?? routine.pool,
        runAt,
        requestedBy: actor.userId,
      },
    );
  });
  return getRun(ctx, actor.officeId, job.id);
}

/**
 * Pré-visualizar: the routine's run for a date in a transaction that is rolled back — who would be
 * contacted, the exact messages, what was already sent before and why some would not go. Nothing is
 * sent or written. Unsaved settings and config may be given to preview the form as it is.
 */
export async function previewRoutine(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  input: {
    settings?: RoutineSettings | undefined;
    config?: Record<string, unknown> | undefined;
    date?: string | undefined;
  },
  lang: Lang = 'pt-BR',
) {
  const def = definitionOf(kind);
  const row = await findRoutineByKind(ctx.db, actor.officeId, kind);
  const office = await getOffice(ctx, actor.officeId);
  const settings = input.settings ?? readSettings(row, def);
  const plain = input.config
    ? mergeSecrets(ctx, def, input.config, storedConfig(row)).plain
    : revealSecrets(ctx, def, storedConfig(row));
  const config = await checkAll(ctx, office, def, settings, plain, Boolean(input.config));
  if (config.issues.length || !config.data) throw fieldsError(...config.issues);
  const now = ctx.clock.now();
  const date = input.date ?? referenceDate(now, office.timeZone);
  const result = await runRoutine({
    app: ctx,
    definition: def,
    officeId: actor.officeId,
    routineId: row?.id ?? newId(),
    settings,
    config: config.data,
    date,
    at: now,
    timeZone: office.timeZone,
    calendar: calendarOf(office),
    dryRun: true,
    runId: null,
    requestedBy: actor.userId,
  });
  return {
    date,
    records: result.records,
    failed: result.failed,
    messages: result.messages,
    outcomes: Object.entries(result.outcomes).map(([key, count]) => ({
      key,
      label: def.outcomes?.[key] ?? { 'pt-BR': key, en: key },
      count,
    })),
    summary: lang === 'en' ? result.summaryEn : result.summary,
    preview: result.preview ?? [],
    truncated: result.truncated ?? false,
  };
}

/** The routine's recent runs (Execuções), newest first. */
export async function listRoutineRuns(
  ctx: AppContext,
  officeId: string,
  kind: string,
  limit = 10,
  lang: Lang = 'pt-BR',
) {
  definitionOf(kind);
  const row = await findRoutineByKind(ctx.db, officeId, kind);
  if (!row) return { items: [] };
  const page = await listRuns(
    ctx,
    officeId,
    {
      page: 1,
      pageSize: limit,
      kind: routinesRun.kind,
      payload: { routineId: row.id },
    },
    lang,
  );
  return { items: page.items };
}

/**
 * Streams a file a kind's config refers to (the ERP import's CSV) into the blob store, refusing it past
 * {@link MAX_ROUTINE_FILE_BYTES} while it streams; then checks what arrived against its declared type
 * (text in UTF-8; a CSV that parses) and makes its name safe. A refused file leaves only an unreferenced
 * blob, which nothing points to (the store is content-addressed).
 */
export async function uploadRoutineFile(
  ctx: AppContext,
  kind: string,
  source: BlobSource,
  rawName: string,
  contentType = 'text/csv',
) {
  definitionOf(kind);
  const store = blobStore(ctx);
  const { ref, size } = await store.put(source, { maxBytes: MAX_ROUTINE_FILE_BYTES });
  // The checks need the whole text (a CSV parses or not); the file is bounded by the limit above.
  const { name } = checkRoutineFile(rawName, await readBlob(store, ref, MAX_ROUTINE_FILE_BYTES), contentType);
  return { ref, name, size, uploadedAt: ctx.clock.now().toISOString() };
}

/** Routines' titles by their configuration's id (the Auditoria names the routines its entries changed). */
export async function routineNames(db: Db, officeId: string, ids: string[]): Promise<Map<string, Localized>> {
  const wanted = new Set(ids);
  const names = new Map<string, Localized>();
  for (const row of await listRoutineRows(db, officeId)) {
    const def = wanted.has(row.id) ? routineDefinition(row.kind) : undefined;
    if (def) names.set(row.id, def.title);
  }
  return names;
}
