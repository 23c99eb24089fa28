import { fieldMessages } from '../../../shared/schemas/messages.js';
import { askKeys, checkCardFields, type FormSubmission } from '../../../shared/schemas/processes.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { FieldIssue } from '../../http/errors.js';
import { fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { emitEvent } from '../automation/index.js';
import { parseTaxId } from '../br/index.js';
import { findClientByDocument } from '../clients/index.js';
import { findOffice } from '../platform/index.js';
import { type ChangeBy, insertCard, processCardAudit, recordEntry } from './cards.service.js';
import { ProcessesError } from './processes.errors.js';
import { automationIdOf, fieldDefs, listFields, listStages, toForm } from './processes.repo.js';
import type { PublicForm } from './processes.schema.js';

/** The active form of an active pipeline behind `token`, or `form_not_found`. */
async function formOf(db: Db, token: string) {
  const row = await db
    .selectFrom('process_forms as f')
    .innerJoin('process_pipelines as p', 'p.id', 'f.pipeline_id')
    .selectAll('f')
    .select('p.active as pipeline_active')
    .where('f.token', '=', token)
    .executeTakeFirst();
  if (!row || Number(row.active) !== 1 || Number(row.pipeline_active) !== 1)
    throw new ProcessesError('form_not_found');
  return { row, form: toForm(row) };
}

/** The form as its public page shows it: the office's name, the questions and the pipeline fields asked. */
export async function publicForm(ctx: AppContext, token: string): Promise<PublicForm> {
  const { row, form } = await formOf(ctx.db, token);
  const office = await findOffice(ctx.db, row.office_id);
  const fields = await listFields(ctx.db, row.office_id, row.pipeline_id);
  return {
    officeName: office?.name ?? '',
    title: form.title,
    intro: form.intro,
    ask: form.ask,
    fields: form.fieldKeys.flatMap((k) => {
      const f = fields.find((x) => x.key === k);
      return f
        ? [{ key: f.key, label: f.label, type: f.type, options: f.options, required: f.required }]
        : [];
    }),
  };
}

/**
 * The client a submission is about: the one with this CNPJ/CPF, else the one with a contact (or an
 * address of its own) with this e-mail, else none. Only an exact match: a form never creates clients.
 */
async function matchClient(db: Db, officeId: string, document: string | null, email: string | null) {
  if (document) {
    const c = await findClientByDocument(db, officeId, document);
    if (c) return c.id;
  }
  if (email) {
    const contact = await db
      .selectFrom('contacts')
      .select('client_id')
      .where('office_id', '=', officeId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .orderBy('client_id')
      .executeTakeFirst();
    if (contact) return contact.client_id;
    const client = await db
      .selectFrom('clients')
      .select('id')
      .where('office_id', '=', officeId)
      .where('emails', 'like', `%${JSON.stringify(email).replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
      .orderBy('id')
      .executeTakeFirst();
    if (client) return client.id;
  }
  return null;
}

/**
 * A submission of the public form: checked against the form's questions and the pipeline's fields it
 * asks, then one transaction creates the card in the first stage (matched to a client when one is found),
 * records its movement, and emits `form.submitted` then `item.stage_entered` (one new chain). A filled
 * honeypot (`website`) is answered like a success and writes nothing.
 */
export async function submitForm(
  ctx: AppContext,
  token: string,
  body: FormSubmission,
): Promise<{ thanks: string }> {
  const { row, form } = await formOf(ctx.db, token);
  if (body.website?.trim()) return { thanks: form.thanks };

  const issues: FieldIssue[] = [];
  for (const key of askKeys) {
    const level = form.ask[key];
    if (level === 'required' && !body[key])
      issues.push({ field: key, code: 'required', message: fieldMessages.required });
    if (level === 'off' && body[key])
      issues.push({ field: key, code: 'unknown_field', message: fieldMessages.unknown_field });
  }
  let document: string | null = null;
  if (body.document && form.ask.document !== 'off') {
    document = parseTaxId(body.document)?.value ?? null;
    if (!document)
      issues.push({ field: 'document', code: 'invalid_tax_id', message: fieldMessages.invalid_tax_id });
  }
  const defs = fieldDefs(await listFields(ctx.db, row.office_id, row.pipeline_id)).filter((d) =>
    form.fieldKeys.includes(d.key),
  );
  const checked = checkCardFields(defs, body.fields, { partial: false });
  issues.push(...checked.issues);
  if (issues.length) throw fieldsError(...issues);

  const stages = await listStages(ctx.db, row.office_id, row.pipeline_id);
  const first = stages[0]!;
  const clientId = await matchClient(ctx.db, row.office_id, document, body.email);
  const submitted = {
    name: body.name,
    email: body.email,
    phone: body.phone,
    document,
    message: body.message,
    fields: checked.values,
  };
  const fields = Object.fromEntries(Object.entries(checked.values).filter(([, v]) => v !== null));
  const title = body.name ?? body.email ?? body.phone ?? form.title;

  await writeTransaction(ctx, async (trx) => {
    const by: ChangeBy = { userId: null, source: 'form', chain: { id: newId(), depth: 0 } };
    const cardId = await insertCard(
      ctx,
      trx,
      row.office_id,
      {
        pipelineId: row.pipeline_id,
        stageId: first.id,
        title,
        clientId,
        responsibleId: null,
        valueCents: 0,
        dueDate: null,
        fields,
        submission: submitted,
        formId: row.id,
      },
      by,
    );
    const byForm = { officeId: row.office_id, userId: null, at: ctx.clock.now() };
    await processCardAudit.record(trx, byForm, cardId, 'form_submit', {
      after: { formId: row.id, clientId },
    });
    await emitEvent(ctx, trx, {
      officeId: row.office_id,
      type: 'form.submitted',
      entity: 'process_card',
      entityId: cardId,
      payload: {
        pipelineId: automationIdOf(row.pipeline_id),
        cardId,
        formId: row.id,
        submitted,
        chain: by.chain,
      },
    });
    await recordEntry(
      ctx,
      trx,
      row.office_id,
      { id: cardId, pipeline_id: row.pipeline_id },
      null,
      first.id,
      by,
      null,
    );
  });
  return { thanks: form.thanks };
}
