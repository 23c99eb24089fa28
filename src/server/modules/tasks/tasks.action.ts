import { z } from 'zod';
import { MAX_DUE_BUSINESS_DAYS } from '../../../shared/schemas/tasks.js';
import { AppError, type FieldIssue } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import { type AutomationItem, actionKindOf, type PipelineView } from '../automation/index.js';
import { formatDateBR } from '../br/index.js';
import { clientBasics } from '../clients/index.js';
import { calendarOf } from '../engine/index.js';
import { compileTemplate, remember, renderTemplate } from '../messaging/index.js';
import { findOffice } from '../platform/index.js';
import { civilToday, dueDateOf } from './due-date.js';
import { TasksError } from './tasks.errors.js';
import { activeUser } from './tasks.repo.js';
import { createTaskForRun } from './tasks.service.js';

/** Who the task is for: the item's responsible, a chosen user, or the item responsible's supervisor. */
const responsibleInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('item') }),
  z.strictObject({ kind: z.literal('user'), userId: z.uuid() }),
  z.strictObject({ kind: z.literal('supervisor') }),
]);

const input = z.strictObject({
  /** Liquid over `item`, `client` and `vars`: `Separar o pedido de {{ item.title }}`. */
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).default(''),
  responsible: responsibleInput.default({ kind: 'item' }),
  /** Due in N business days of the office's calendar from the run's day; null: no due date. */
  dueInBusinessDays: z.number().int().min(0).max(MAX_DUE_BUSINESS_DAYS).nullable().default(null),
});
type Input = z.output<typeof input>;

/** The variables a task's title and description may use, for the pipeline's items. */
export function taskVariables(pipeline: PipelineView): string[] {
  return [
    'item.id',
    'item.title',
    'item.path',
    'item.stageId',
    ...pipeline.fields.map((f) => `item.${f.key}`),
    'client.id',
    'client.name',
    'client.document',
    'vars.*',
  ];
}

function templateIssue(field: string, source: string, allowed: string[]): FieldIssue[] {
  try {
    compileTemplate(source, allowed);
    return [];
  } catch (err) {
    if (err instanceof AppError) return [{ field, code: err.code, message: err.messages }];
    throw err;
  }
}

const texts = {
  item: { 'pt-BR': 'o responsável pelo item', en: "the item's responsible" },
  user: { 'pt-BR': 'um usuário escolhido', en: 'a chosen user' },
  supervisor: { 'pt-BR': 'o supervisor do responsável', en: "the responsible's supervisor" },
} as const;

/**
 * "Criar tarefa": a task for the item's responsible, a chosen user, or the responsible's supervisor, its
 * title and description written in Liquid over the item, its client and the earlier rules' variables, due in
 * N business days. Exactly one task per run (the run id is unique on the task); in test mode nothing is
 * created and the outcome says what would be.
 */
export const createTaskAction = actionKindOf<Input>({
  kind: 'tasks.create',
  keepsItem: true,
  input: input as z.ZodType<Input>,
  describe(i: Input, lang: Lang) {
    const who = texts[i.responsible.kind][lang];
    const due =
      i.dueInBusinessDays === null
        ? ''
        : lang === 'en'
          ? `, due in ${i.dueInBusinessDays} business day(s)`
          : `, prazo de ${i.dueInBusinessDays} dia(s) útil(eis)`;
    return lang === 'en'
      ? `Create the task “${i.title}” for ${who}${due}`
      : `Criar a tarefa “${i.title}” para ${who}${due}`;
  },
  async validate(db, officeId, i: Input, pipeline) {
    const allowed = taskVariables(pipeline);
    const issues = [
      ...templateIssue('input.title', i.title, allowed),
      ...templateIssue('input.description', i.description, allowed),
    ];
    if (i.responsible.kind === 'user' && !(await activeUser(db, officeId, i.responsible.userId))) {
      issues.push({
        field: 'input.responsible.userId',
        code: 'unknown_user',
        message: {
          'pt-BR': 'Escolha um usuário ativo do escritório.',
          en: 'Choose an active user of the office.',
        },
      });
    }
    return issues;
  },
  async execute(ctx, i: Input) {
    const { db, officeId, item } = ctx;
    // The office and its calendar (holidays computed) once per drain batch (`ctx.memo`).
    const { office, calendar } = await remember(ctx.memo, `tasks.calendar:${officeId}`, async () => {
      const o = await findOffice(db, officeId);
      if (!o) throw new Error(`office ${officeId} not found`);
      return { office: o, calendar: calendarOf(o) };
    });
    const responsibleId = await responsibleOf(db, officeId, item, i.responsible);
    const responsible = await remember(ctx.memo, `activeUser:${responsibleId}`, () =>
      activeUser(db, officeId, responsibleId),
    );
    if (!responsible) throw new TasksError('responsible_inactive');
    const clientId = item.clientId;
    const client = clientId
      ? await remember(ctx.memo, `clientBasics:${clientId}`, () => clientBasics(db, officeId, clientId))
      : undefined;
    const vars = {
      item: { ...item.fields, id: item.id, title: item.title, path: item.path, stageId: item.stageId },
      client: client
        ? { id: client.id, name: client.legal_name, document: client.document }
        : { id: '', name: '', document: '' },
      vars: ctx.vars,
    };
    const title = renderTemplate(i.title, vars).trim().slice(0, 200) || item.title;
    const description = renderTemplate(i.description, vars).trim();
    const today = civilToday(ctx.now, office.timeZone);
    const dueDate =
      i.dueInBusinessDays === null
        ? null
        : dueDateOf({ kind: 'businessDays', days: i.dueInBusinessDays }, today, calendar);
    const due = dueDate
      ? { 'pt-BR': `, prazo ${formatDateBR(dueDate)}`, en: `, due ${formatDateBR(dueDate)}` }
      : null;
    if (ctx.testMode) {
      return {
        summary: {
          'pt-BR': `Criaria a tarefa “${title}” para ${responsible.name}${due?.['pt-BR'] ?? ''} (teste: nada criado).`,
          en: `Would create the task “${title}” for ${responsible.name}${due?.en ?? ''} (test: nothing created).`,
        },
        output: { task: { id: null, title, dueDate, responsibleId } },
      };
    }
    const made = await createTaskForRun(
      db,
      officeId,
      ctx.run.id,
      {
        title,
        description,
        responsibleId,
        dueDate,
        clientId: client ? client.id : null,
        item: { pipelineId: item.pipelineId, itemId: item.id, title: item.title, path: item.path },
      },
      ctx.now,
    );
    return {
      summary: {
        'pt-BR': `Tarefa “${title}” criada para ${responsible.name}${due?.['pt-BR'] ?? ''}.`,
        en: `Task “${title}” created for ${responsible.name}${due?.en ?? ''}.`,
      },
      output: { task: { id: made.id, title, dueDate, responsibleId } },
      links: [{ kind: 'task', id: made.id, label: title }],
    };
  },
});

async function responsibleOf(
  db: Parameters<typeof activeUser>[0],
  officeId: string,
  item: AutomationItem,
  r: Input['responsible'],
): Promise<string> {
  if (r.kind === 'user') return r.userId;
  if (!item.responsibleId) throw new TasksError('no_responsible', { params: { item: item.title } });
  if (r.kind === 'item') return item.responsibleId;
  const responsible = await activeUser(db, officeId, item.responsibleId);
  if (!responsible?.supervisor_id) throw new TasksError('no_supervisor', { params: { item: item.title } });
  return responsible.supervisor_id;
}
