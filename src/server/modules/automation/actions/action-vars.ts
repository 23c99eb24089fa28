/**
 * What the Liquid of a rule reads (a message, a notice, a document): the item (`item.title`,
 * `item.<field>`), its client (`client.name`), the office (`office.name`) and the variables the earlier
 * rules of the entry produced (`vars.document.link`, `vars.invoice.pixCode`). Checked at save time against
 * the pipeline's fields, so an unknown variable is refused with its name, not found when the rule runs.
 */

import { appLink } from '../../../config.js';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import type { FieldIssue } from '../../../http/errors.js';
import { AppError } from '../../../http/errors.js';
import { clientBasics } from '../../clients/index.js';
import { compileTemplate, officeVariables, remember, renderTemplate } from '../../messaging/index.js';
import { findOffice } from '../../platform/index.js';
import type { ActionContext, AutomationItem, PipelineView } from '../registry.js';

/** The variables a rule's Liquid may read on a pipeline. */
export function ruleVariables(pipeline: PipelineView): string[] {
  return [
    'item.id',
    'item.title',
    'item.stage',
    'item.path',
    'item.link',
    ...pipeline.fields.map((f) => `item.${f.key}`),
    'client.id',
    'client.name',
    'client.document',
    ...officeVariables,
    'vars.*',
  ];
}

/** Checks Liquid sources (by field name) against the pipeline's variables: one issue per bad source. */
export function checkLiquid(
  sources: Record<string, string | null | undefined>,
  pipeline: PipelineView,
): FieldIssue[] {
  const allowed = ruleVariables(pipeline);
  const issues: FieldIssue[] = [];
  for (const [field, source] of Object.entries(sources)) {
    if (!source) continue;
    try {
      compileTemplate(source, allowed);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      issues.push({ field, code: err.code.split('.').pop() ?? 'invalid', message: err.messages });
    }
  }
  return issues;
}

export interface RuleContext extends Record<string, unknown> {
  item: Record<string, unknown>;
  client: { id: string; name: string; document: string };
  vars: Record<string, unknown>;
}

/** The values a rule's Liquid reads for the run's item (office added by `withOffice` or by `send`). */
export async function ruleContext(ctx: ActionContext): Promise<RuleContext> {
  const { item } = ctx;
  const clientId = item.clientId;
  // Clients do not change while a drain batch runs: read once per batch (`ctx.memo`).
  const client = clientId
    ? await remember(ctx.memo, `clientBasics:${clientId}`, () => clientBasics(ctx.db, ctx.officeId, clientId))
    : undefined;
  return {
    item: itemVars(ctx.app, item),
    client: {
      id: client?.id ?? '',
      name: client?.legal_name ?? '',
      document: client?.document ?? '',
    },
    vars: ctx.vars,
  };
}

function itemVars(ctx: AppContext, item: AutomationItem): Record<string, unknown> {
  return {
    ...item.fields,
    id: item.id,
    title: item.title,
    stage: item.stageId,
    path: item.path,
    link: appLink(ctx.config, item.path),
  };
}

/** The context with the office's variables, for Liquid rendered outside `send()` (documents, notices). */
export async function withOffice(
  db: Db,
  officeId: string,
  c: RuleContext,
  memo?: Map<string, Promise<unknown>>,
) {
  const office = await remember(memo, `office:${officeId}`, () => findOffice(db, officeId));
  return {
    ...c,
    office: {
      name: office?.name ?? '',
      cnpj: office?.cnpj ?? '',
      city: office?.city ?? '',
      state: office?.state ?? '',
    },
  };
}

/** Renders a rule's Liquid (strict: a variable without value fails the run with its name). */
export const renderRule = (source: string, values: Record<string, unknown>): string =>
  renderTemplate(source, values).trim();
