import type { Selectable } from 'kysely';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import type { FeeAdjustmentsTable } from '../../../db/schema.js';
import { newId } from '../../../ids.js';
import { renderTemplate } from '../../messaging/index.js';
import { type Actor, findOffice } from '../../platform/index.js';
import { billingAudit } from '../audit.js';
import { BillingError } from '../billing.errors.js';
import { todayIn } from '../billing.service.js';
import { feeAdjustmentLetter } from '../billing.templates.js';
import { type AdjustmentRule, adjust, type IndexCode, KNOWN_MINIMUM_WAGES } from './adjust.js';

/** One contract's adjustment as the preview shows it. */
export interface AdjustmentPreview {
  id: string | null;
  contractId: string;
  clientId: string;
  clientName: string;
  effectiveOn: string;
  method: AdjustmentRule['method'];
  oldAmountCents: number;
  newAmountCents: number | null;
  /** What is missing to compute it (index months, the salário mínimo of a year). */
  missing: string[];
  status: 'previewed' | 'letter_sent' | 'applied' | 'cancelled' | 'incomplete';
  letter: { subject: string; body: string } | null;
}

const basisWords = (rule: AdjustmentRule, basis: Record<string, unknown>): string => {
  switch (rule.method) {
    case 'percentage':
      return `percentual fixo de ${((rule.bp ?? 0) / 100).toFixed(2).replace('.', ',')}%`;
    case 'index':
      return `${rule.index} acumulado de ${basis.from} a ${basis.to}: ${(Number(basis.accumulatedPpm) / 10_000).toFixed(2).replace('.', ',')}%`;
    case 'minimum_wage':
      return `${String(basis.multiple).replace('.', ',')} salário(s) mínimo(s) de ${basis.year}`;
  }
};

/** Records an index's variation for a month (in hundredths of a basis point), replacing any earlier value. */
export async function saveIndexRate(
  ctx: AppContext,
  actor: Actor,
  index: IndexCode,
  month: string,
  ratePpm: number,
) {
  const now = ctx.clock.now();
  await writeTransaction(ctx, async (trx) => {
    await trx
      .insertInto('fee_index_rates')
      .values({
        office_id: actor.officeId,
        index_code: index,
        month,
        rate_ppm: ratePpm,
        updated_at: now.toISOString(),
      })
      .onConflict((oc) =>
        oc
          .columns(['office_id', 'index_code', 'month'])
          .doUpdateSet({ rate_ppm: ratePpm, updated_at: now.toISOString() }),
      )
      .execute();
    await billingAudit.indexRate.record(trx, { ...actor, at: now }, `${index}:${month}`, 'save', {
      after: { index, month, ratePpm },
    });
  });
}

/** Records the salário mínimo of a year (the office's value wins over the known table). */
export async function saveMinimumWage(ctx: AppContext, actor: Actor, year: number, amountCents: number) {
  const now = ctx.clock.now();
  await writeTransaction(ctx, async (trx) => {
    await trx
      .insertInto('minimum_wages')
      .values({ office_id: actor.officeId, year, amount_cents: amountCents, updated_at: now.toISOString() })
      .onConflict((oc) =>
        oc
          .columns(['office_id', 'year'])
          .doUpdateSet({ amount_cents: amountCents, updated_at: now.toISOString() }),
      )
      .execute();
    await billingAudit.minimumWage.record(trx, { ...actor, at: now }, String(year), 'save', {
      after: { year, amountCents },
    });
  });
}

/** The index rates and the salário mínimo table of the office (known values where it recorded none). */
export async function adjustmentTables(ctx: AppContext, officeId: string) {
  return adjustmentTablesIn(ctx.db, officeId);
}

/** `adjustmentTables` read through `db` (a routine's batch transaction). */
export async function adjustmentTablesIn(db: Db, officeId: string) {
  const [rates, wages] = await Promise.all([
    db
      .selectFrom('fee_index_rates')
      .selectAll()
      .where('office_id', '=', officeId)
      .orderBy('index_code')
      .orderBy('month')
      .execute(),
    db.selectFrom('minimum_wages').selectAll().where('office_id', '=', officeId).execute(),
  ]);
  const wageByYear: Record<number, number> = { ...KNOWN_MINIMUM_WAGES };
  for (const w of wages) wageByYear[w.year] = Number(w.amount_cents);
  return {
    rates: rates.map((r) => ({ index: r.index_code, month: r.month, ratePpm: r.rate_ppm })),
    minimumWages: Object.entries(wageByYear).map(([year, amountCents]) => ({
      year: Number(year),
      amountCents,
    })),
    wageByYear,
  };
}

/** Sets how a contract is adjusted each year on its anniversary (`readjustmentDate`). */
export async function saveAdjustmentRule(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  rule: AdjustmentRule,
) {
  await writeTransaction(ctx, async (trx) => {
    const contract = await trx
      .selectFrom('fee_contracts')
      .select(['id', 'readjustment_date'])
      .where('office_id', '=', actor.officeId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (!contract) throw new BillingError('no_contract');
    await trx
      .updateTable('fee_contracts')
      .set({
        adjustment_method: rule.method,
        adjustment_index: rule.method === 'index' ? (rule.index ?? 'IPCA') : null,
        adjustment_bp: rule.method === 'percentage' ? (rule.bp ?? 0) : null,
        adjustment_mw_multiple: rule.method === 'minimum_wage' ? (rule.mwMultiple ?? 1000) : null,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', contract.id)
      .execute();
    await billingAudit.contract.record(
      trx,
      { ...actor, at: ctx.clock.now() },
      contract.id,
      'adjustment_rule',
      { after: rule },
    );
  });
}

/**
 * The adjustments due up to `until` (contracts with a rule and an anniversary on or before it): the new
 * amount, what it was computed from, and the letter to the client — recorded as `previewed` (once per
 * contract and anniversary), nothing applied. A contract whose data is missing is listed with what to record.
 */
export async function previewAdjustments(
  ctx: AppContext,
  officeId: string,
  until: string,
): Promise<AdjustmentPreview[]> {
  const office = await findOffice(ctx.db, officeId);
  const tables = await adjustmentTables(ctx, officeId);
  const contracts = await contractsToAdjust(ctx.db, officeId, until).execute();
  const now = ctx.clock.now().toISOString();
  const out: AdjustmentPreview[] = [];
  await writeTransaction(ctx, async (trx) => {
    for (const c of contracts) {
      const { vars: _vars, ...preview } = await previewContract(trx, officeId, office, tables, c, now);
      out.push(preview);
    }
  });
  return out;
}

/** Active contracts with an adjustment rule whose anniversary is on or before `until`, soonest first. */
export const contractsToAdjust = (db: Db, officeId: string, until: string) =>
  db
    .selectFrom('fee_contracts as f')
    .innerJoin('clients as c', 'c.id', 'f.client_id')
    .select([
      'f.id',
      'f.client_id',
      'f.amount_cents',
      'f.readjustment_date',
      'f.adjustment_method',
      'f.adjustment_index',
      'f.adjustment_bp',
      'f.adjustment_mw_multiple',
      'c.legal_name',
      'c.document',
    ])
    .where('f.office_id', '=', officeId)
    .where('f.active', '=', 1)
    .where('f.adjustment_method', 'is not', null)
    .where('f.readjustment_date', 'is not', null)
    .where('f.readjustment_date', '<=', until)
    .orderBy('f.readjustment_date')
    .orderBy('c.name_key');

export type ContractToAdjust = Awaited<ReturnType<ReturnType<typeof contractsToAdjust>['execute']>>[number];

/**
 * One contract's adjustment for its next anniversary, recorded once (`fee_adjustments`, per contract and
 * anniversary) and kept up to date with the tables until the letter goes: the new amount, its basis and
 * the letter's text (with the template's variables, `vars`, for sending it).
 */
export async function previewContract(
  trx: Db,
  officeId: string,
  office: Awaited<ReturnType<typeof findOffice>>,
  tables: Awaited<ReturnType<typeof adjustmentTablesIn>>,
  c: ContractToAdjust,
  now: string,
): Promise<AdjustmentPreview & { vars: Record<string, unknown> | null }> {
  const rates: Record<string, Record<string, number>> = {};
  for (const r of tables.rates) {
    rates[r.index] ??= {};
    rates[r.index]![r.month] = r.ratePpm;
  }
  const rule: AdjustmentRule = {
    method: c.adjustment_method!,
    index: c.adjustment_index,
    bp: c.adjustment_bp,
    mwMultiple: c.adjustment_mw_multiple,
  };
  const effectiveOn = c.readjustment_date!;
  const old = Number(c.amount_cents);
  const r = adjust(old, effectiveOn, rule, rates[rule.index ?? ''] ?? {}, tables.wageByYear);
  const base = {
    contractId: c.id,
    clientId: c.client_id,
    clientName: c.legal_name,
    effectiveOn,
    method: rule.method,
    oldAmountCents: old,
  };
  if (!r.ok) {
    return {
      ...base,
      id: null,
      newAmountCents: null,
      missing: r.missing,
      status: 'incomplete',
      letter: null,
      vars: null,
    };
  }
  const existing = await trx
    .selectFrom('fee_adjustments')
    .selectAll()
    .where('contract_id', '=', c.id)
    .where('effective_on', '=', effectiveOn)
    .executeTakeFirst();
  const newAmountCents =
    existing && existing.status !== 'previewed' ? Number(existing.new_amount_cents) : r.newAmountCents;
  const vars = {
    office: {
      name: office?.name ?? '',
      cnpj: office?.cnpj ?? '',
      city: office?.city ?? '',
      state: office?.state ?? '',
    },
    client: { name: c.legal_name, document: c.document },
    adjustment: {
      effectiveOn,
      oldAmountCents: old,
      newAmountCents,
      basis: basisWords(
        rule,
        existing && existing.status !== 'previewed' ? JSON.parse(existing.basis) : r.basis,
      ),
    },
  };
  const letter = {
    subject: renderTemplate(feeAdjustmentLetter.subject, vars),
    body: renderTemplate(feeAdjustmentLetter.body, vars),
  };
  const id = existing?.id ?? newId();
  if (!existing) {
    await trx
      .insertInto('fee_adjustments')
      .values({
        id,
        office_id: officeId,
        contract_id: c.id,
        client_id: c.client_id,
        effective_on: effectiveOn,
        method: rule.method,
        basis: JSON.stringify(r.basis),
        old_amount_cents: old,
        new_amount_cents: r.newAmountCents,
        status: 'previewed',
        letter_sent_at: null,
        applied_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  } else if (existing.status === 'previewed') {
    // The office may have corrected an index month since: the preview follows the tables until the letter.
    await trx
      .updateTable('fee_adjustments')
      .set({ basis: JSON.stringify(r.basis), new_amount_cents: r.newAmountCents, updated_at: now })
      .where('id', '=', existing.id)
      .execute();
  }
  return {
    ...base,
    id,
    newAmountCents,
    missing: [],
    status: existing?.status ?? 'previewed',
    letter,
    vars,
  };
}

/**
 * Applies the previewed adjustments whose anniversary has come (on or before today in the office's time
 * zone): the contract's amount becomes the new one and its next anniversary a year later. Each applies
 * once — only a `previewed` row moves to `applied`, in the same transaction as the contract.
 */
export async function applyDueAdjustments(ctx: AppContext, actor: Actor): Promise<{ applied: number }> {
  const office = await findOffice(ctx.db, actor.officeId);
  const now = ctx.clock.now();
  const today = todayIn(office?.timeZone ?? 'America/Sao_Paulo', now);
  return writeTransaction(ctx, async (trx) => {
    const due = await trx
      .selectFrom('fee_adjustments')
      .selectAll()
      .where('office_id', '=', actor.officeId)
      .where('status', 'in', ['previewed', 'letter_sent'])
      .where('effective_on', '<=', today)
      .execute();
    let applied = 0;
    for (const a of due) if (await applyAdjustment(trx, actor, a, now)) applied++;
    return { applied };
  });
}

/**
 * Applies one adjustment (previewed, or its letter sent): the contract's amount becomes the new one and its
 * next anniversary a year later, with its audit entry. Only a row still `previewed`/`letter_sent` moves to
 * `applied`, so it applies once however many times it is called; false when it was applied already.
 */
export async function applyAdjustment(
  trx: Db,
  actor: Actor,
  a: Selectable<FeeAdjustmentsTable>,
  now: Date,
): Promise<boolean> {
  const r = await trx
    .updateTable('fee_adjustments')
    .set({ status: 'applied', applied_at: now.toISOString(), updated_at: now.toISOString() })
    .where('id', '=', a.id)
    .where('status', 'in', ['previewed', 'letter_sent'])
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  const next = `${Number(a.effective_on.slice(0, 4)) + 1}${a.effective_on.slice(4)}`;
  await trx
    .updateTable('fee_contracts')
    .set({
      amount_cents: Number(a.new_amount_cents),
      readjustment_date: next,
      updated_at: now.toISOString(),
    })
    .where('id', '=', a.contract_id)
    .where('readjustment_date', '=', a.effective_on)
    .execute();
  await billingAudit.contract.record(trx, { ...actor, at: now }, a.contract_id, 'adjust', {
    before: { amountCents: Number(a.old_amount_cents), readjustmentDate: a.effective_on },
    after: {
      amountCents: Number(a.new_amount_cents),
      readjustmentDate: next,
      basis: JSON.parse(a.basis),
    },
  });
  return true;
}
