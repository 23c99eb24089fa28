import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/server/modules/tickets/tickets.schema.js';
import { ticketStatuses } from '../../src/shared/schemas/tickets.js';
import { expectFieldErrors, expectProblem, missingId, type Page } from '../http/helpers.js';
import { dialects } from '../support/test-db.js';
import { type MoveAnswer, moveReq, ok, openTicket, ticketsWorld, type World } from './helpers.js';

describe.each(dialects)('tickets API on %s', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await ticketsWorld(dialect);
  });
  afterAll(() => w.close());

  const get = <T>(url: string, headers: Record<string, string> = {}) =>
    w.adminA.request({ method: 'GET', url, headers }).then((r) => ok<T>(r));

  describe('create and edit', () => {
    it('opens a ticket: next number, Aberto, value from the service, responsible = creator, names filled in', async () => {
      const t = await openTicket(w.adminA, {
        clientId: w.client.id,
        contactId: w.contact.id,
        serviceId: w.service.id,
        accountantId: w.a.admin.id,
        subject: 'Alteração do endereço da sede',
        description: 'Mudança para a Av. Paulista, 1000.',
      });
      expect(t).toMatchObject({
        status: 'open',
        closed: false,
        clientName: 'Padaria Pão de Açúcar Ltda',
        contactName: 'João Conceição',
        serviceName: 'Alteração contratual',
        valueCents: 90_000,
        accountantName: 'Ana Admin',
        responsibleId: w.a.admin.id,
        responsibleName: 'Ana Admin',
        kind: 'service',
        dueDate: null,
        debtCents: null,
        version: 1,
        movementCount: 0,
        allowedMoves: ['analyzing', 'waiting', 'cancelled', 'rejected', 'done'],
        openedAt: '2026-11-23T12:00:00.000Z',
      });
      const next = await openTicket(w.adminA, {
        clientId: w.client.id,
        serviceId: w.service.id,
        subject: 'Outro',
        valueCents: 12_345,
        responsibleId: w.a.staff.id,
      });
      expect(next.number).toBe(t.number + 1);
      expect(next).toMatchObject({ valueCents: 12_345, responsibleName: 'Bruno Staff' });
      // Numbers are per office: office B has its own #1.
      expect(w.ticketB.number).toBe(1);
    });

    it('refuses bad references and incomplete debt collections with field errors, writing nothing', async () => {
      const before = (await get<Page<Ticket>>('/api/tickets?pageSize=1')).total;
      const postTicket = (payload: Record<string, unknown>) =>
        w.adminA.request({ method: 'POST', url: '/api/tickets', payload });
      // Every reference wrong: another office's client, no such service, a staff user who is no accountant.
      const badRefs = (subject: string) => ({
        clientId: w.clientB.id,
        serviceId: missingId,
        accountantId: w.a.staff.id,
        responsibleId: w.b.admin.id,
        subject,
      });
      const errors = expectFieldErrors(await postTicket(badRefs('x')));
      expect(errors.map((e) => [e.field, e.code]).sort()).toEqual([['subject', 'too_small']]);
      const refs = expectFieldErrors(await postTicket(badRefs('Cliente de outro escritório')));
      expect(Object.fromEntries(refs.map((e) => [e.field, e.code]))).toEqual({
        clientId: 'not_found',
        serviceId: 'not_found',
        accountantId: 'not_accountant',
        responsibleId: 'not_found',
      });
      expect(refs.find((e) => e.field === 'accountantId')?.message).toBe(
        'Bruno Staff não tem a profissão Contador.',
      );
      const debt = expectFieldErrors(
        await postTicket({ clientId: w.client.id, subject: 'Cobrança', kind: 'debt_collection' }),
      );
      expect(debt.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
        'debtCents:required',
        'dueDate:required',
      ]);
      expect((await get<Page<Ticket>>('/api/tickets?pageSize=1')).total).toBe(before);
    });

    it('opens a debt collection with its due date and amount', async () => {
      const t = await openTicket(w.adminA, {
        clientId: w.client.id,
        subject: 'Honorários de outubro em aberto',
        kind: 'debt_collection',
        dueDate: '2026-12-10',
        debtCents: 150_000,
      });
      expect(t).toMatchObject({
        kind: 'debt_collection',
        dueDate: '2026-12-10',
        debtCents: 150_000,
        valueCents: 0,
      });
    });

    it('switching the kind: a debt collection needs its fields; back to atendimento clears them', async () => {
      const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Vira cobrança' });
      const missing = expectFieldErrors(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/tickets/${t.id}`,
          payload: { version: t.version, kind: 'debt_collection' },
        }),
      );
      expect(missing.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
        'debtCents:required',
        'dueDate:required',
      ]);
      const debt = ok<Ticket>(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/tickets/${t.id}`,
          payload: { version: t.version, kind: 'debt_collection', dueDate: '2026-12-01', debtCents: 5000 },
        }),
      );
      expect(debt).toMatchObject({
        kind: 'debt_collection',
        dueDate: '2026-12-01',
        debtCents: 5000,
        version: 2,
      });
      const only = expectFieldErrors(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/tickets/${t.id}`,
          payload: { version: 2, kind: 'service', debtCents: 10 },
        }),
      );
      expect(only.map((e) => `${e.field}:${e.code}`)).toEqual(['debtCents:only_for_debt_collection']);
      const back = ok<Ticket>(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/tickets/${t.id}`,
          payload: { version: 2, kind: 'service' },
        }),
      );
      expect(back).toMatchObject({ kind: 'service', dueDate: null, debtCents: null, version: 3 });
    });

    it('edits with the version read; a stale version is a 409 with a clear message', async () => {
      const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Editar' });
      const edited = ok<Ticket>(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/tickets/${t.id}`,
          payload: { version: 1, subject: 'Editado', valueCents: 5000, responsibleId: w.a.staff.id },
        }),
      );
      expect(edited).toMatchObject({
        subject: 'Editado',
        valueCents: 5000,
        responsibleName: 'Bruno Staff',
        version: 2,
      });
      const stale = expectProblem(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/tickets/${t.id}`,
          payload: { version: 1, subject: 'Perdido' },
        }),
        409,
        'tickets.version_conflict',
      );
      expect(stale.detail).toBe(
        'Este atendimento foi alterado por outra pessoa enquanto você o editava (você tinha a versão 1; a atual é a 2). Recarregue-o para ver as mudanças e tente novamente.',
      );
      expect((await get<Ticket>(`/api/tickets/${t.id}`)).subject).toBe('Editado');
    });
  });

  describe('moves', () => {
    it('moves, records the movement, and answers the ticket and the e-mail outcome', async () => {
      const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Mover' });
      const res = ok<MoveAnswer>(await moveReq(w.adminA, t, 'analyzing', 'Documentos recebidos'));
      expect(res.ticket).toMatchObject({ status: 'analyzing', version: 2, movementCount: 1 });
      expect(res.movement).toMatchObject({ from: 'open', to: 'analyzing', comment: 'Documentos recebidos' });
      expect(res.email).toMatchObject({ status: 'queued', reason: null });
      const moves = await get<{ from: string; to: string; actorName: string }[]>(
        `/api/tickets/${t.id}/movements`,
      );
      expect(moves).toMatchObject([{ from: 'open', to: 'analyzing', actorName: 'Ana Admin' }]);
      const events = await w.ctx.db.selectFrom('events').selectAll().where('entity_id', '=', t.id).execute();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'item.stage_entered', entity: 'ticket' });
      expect(JSON.parse(events[0]!.payload)).toMatchObject({
        from: 'open',
        to: 'analyzing',
        number: t.number,
      });
    });

    it('a client without e-mail: the move succeeds and the reason is returned (pt-BR and English)', async () => {
      const t = await openTicket(w.adminA, { clientId: w.noEmail.id, subject: 'Sem e-mail' });
      const res = ok<MoveAnswer>(await moveReq(w.adminA, t, 'analyzing'));
      expect(res.ticket.status).toBe('analyzing');
      expect(res.email).toMatchObject({
        status: 'skipped',
        reason: 'Não foi possível enviar o e-mail: cliente sem e-mail cadastrado',
      });
      const en = ok<MoveAnswer>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/tickets/${t.id}/moves`,
          headers: { 'accept-language': 'en' },
          payload: { to: 'waiting', version: res.ticket.version },
        }),
      );
      expect(en.email.reason).toBe('The e-mail could not be sent: client has no e-mail address');
    });

    it('an invalid move (Finalizado → Analisando) is a 422 listing the allowed moves', async () => {
      const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Finalizar' });
      const done = ok<MoveAnswer>(await moveReq(w.adminA, t, 'done')).ticket;
      const res = await moveReq(w.adminA, done, 'analyzing');
      const p = expectProblem(res, 422, 'tickets.invalid_move') as unknown as {
        detail: string;
        params: { from: string; to: string; allowed: string[] };
        allowed: string[];
      };
      expect(p.detail).toBe(
        'Não é possível mover o atendimento de Finalizado para Analisando. A partir de Finalizado, as movimentações permitidas são: Reaberto.',
      );
      expect(p.params).toEqual({ from: 'done', to: 'analyzing', allowed: ['reopened'] });
      expect(p.allowed).toEqual(['reopened']);
      const en = expectProblem(
        await w.adminA.request({
          method: 'POST',
          url: `/api/tickets/${t.id}/moves`,
          headers: { 'accept-language': 'en' },
          payload: { to: 'analyzing', version: done.version },
        }),
        422,
        'tickets.invalid_move',
      );
      expect(en.detail).toBe(
        'The ticket cannot move from Done to Analyzing. From Done, the allowed moves are: Reopened.',
      );
      // Reabrir is the way back.
      const reopened = ok<MoveAnswer>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/tickets/${t.id}/reopen`,
          payload: { version: done.version, comment: 'Cliente pediu revisão' },
        }),
      );
      expect(reopened.ticket).toMatchObject({ status: 'reopened', closed: false });
    });

    it('two concurrent moves of one ticket: one wins, the other gets 409', async () => {
      const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Concorrência' });
      const [a, b] = await Promise.all([moveReq(w.adminA, t, 'analyzing'), moveReq(w.staffA, t, 'waiting')]);
      const codes = [a.statusCode, b.statusCode].sort();
      expect(codes, `${a.body}\n${b.body}`).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(expectProblem(loser, 409, 'tickets.version_conflict').detail).toContain(
        'alterado por outra pessoa',
      );
      const now = await get<Ticket>(`/api/tickets/${t.id}`);
      expect(now).toMatchObject({ version: 2, movementCount: 1 });
      expect(await get<unknown[]>(`/api/tickets/${t.id}/movements`)).toHaveLength(1);
    });

    it('concurrent moves of different tickets in opposite directions all succeed (no deadlock)', async () => {
      /** A new ticket moved to `status`. */
      const openIn = async (subject: string, status: 'analyzing' | 'waiting') =>
        ok<MoveAnswer>(
          await moveReq(w.adminA, await openTicket(w.adminA, { clientId: w.client.id, subject }), status),
        ).ticket;
      const a: Ticket[] = [];
      const b: Ticket[] = [];
      for (let i = 0; i < 6; i++) {
        a.push(await openIn(`A${i}`, 'analyzing'));
        b.push(await openIn(`B${i}`, 'waiting'));
      }
      const results = await Promise.all([
        ...a.map((t) => moveReq(w.adminA, t, 'waiting')),
        ...b.map((t) => moveReq(w.staffA, t, 'analyzing')),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    });

    it('concurrent openings each get their own number, consecutive, and are all counted', async () => {
      const before = await get<Page<Ticket>>('/api/tickets?pageSize=1&sort=number&order=desc');
      const openBefore = (await get<Page<Ticket>>('/api/tickets?pageSize=1&status=open')).total;
      const last = before.items[0]!.number;
      const opened = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          openTicket(i % 2 ? w.adminA : w.staffA, { clientId: w.client.id, subject: `Ao mesmo tempo ${i}` }),
        ),
      );
      // Nothing failed, so no gap either (docs/tickets.md, Numbers).
      expect(opened.map((t) => t.number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 24 }, (_, i) => last + 1 + i),
      );
      // The totals come from ticket_status_counts: every opening counted once.
      expect((await get<Page<Ticket>>('/api/tickets?pageSize=1')).total).toBe(before.total + 24);
      expect((await get<Page<Ticket>>('/api/tickets?pageSize=1&status=open')).total).toBe(openBefore + 24);
      // Office B's numbering is its own.
      const lastB = ok<Page<Ticket>>(
        await w.adminB.request({ method: 'GET', url: '/api/tickets?pageSize=1&sort=number&order=desc' }),
      ).items[0]!.number;
      const b = await openTicket(w.adminB, { clientId: w.clientB.id, subject: 'Outro escritório' });
      expect(b.number).toBe(lastB + 1);
    });

    it('Notificar works only while the ticket has no movement', async () => {
      const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Notificar' });
      const n = ok<{ email: MoveAnswer['email']; ticket: Ticket }>(
        await w.adminA.request({ method: 'POST', url: `/api/tickets/${t.id}/notify` }),
      );
      expect(n.email.status).toBe('queued');
      expect(n.ticket.notifiedAt).toBe('2026-11-23T12:00:00.000Z');
      const noMail = await openTicket(w.adminA, { clientId: w.noEmail.id, subject: 'Notificar sem e-mail' });
      const skipped = ok<{ email: MoveAnswer['email'] }>(
        await w.adminA.request({ method: 'POST', url: `/api/tickets/${noMail.id}/notify` }),
      );
      expect(skipped.email).toMatchObject({
        status: 'skipped',
        reason: 'Não foi possível enviar o e-mail: cliente sem e-mail cadastrado',
      });
      // Nothing was sent: the ticket is not marked notified and the history says only what happened.
      expect((skipped as unknown as { ticket: Ticket }).ticket.notifiedAt).toBeNull();
      const history = await get<{ text: string }[]>(`/api/tickets/${noMail.id}/history`);
      expect(history.at(-1)?.text).toBe(
        'Tentou notificar o cliente por e-mail sobre a abertura do atendimento. ' +
          'Não foi possível enviar o e-mail: cliente sem e-mail cadastrado',
      );
      const sentHistory = await get<{ text: string }[]>(`/api/tickets/${t.id}/history`);
      expect(sentHistory.at(-1)?.text).toBe(
        'Notificou o cliente por e-mail sobre a abertura do atendimento.',
      );
      ok(await moveReq(w.adminA, t, 'analyzing'));
      const refused = expectProblem(
        await w.adminA.request({ method: 'POST', url: `/api/tickets/${t.id}/notify` }),
        409,
        'tickets.notify_after_movement',
      );
      expect(refused.detail).toContain(
        'Notificar só está disponível enquanto o atendimento não tiver movimentações',
      );
    });

    it('the status e-mail is a normal rule of the tickets pipeline: switched off, moves still succeed, the e-mail is "disabled"', async () => {
      type Rules = {
        stages: {
          stageId: string;
          rules: {
            id: string;
            enabled: boolean;
            published: { definition: { action: string; input: { template?: string } } } | null;
          }[];
        }[];
      };
      const statusEmailRules = (r: Rules) =>
        r.stages.flatMap((s) =>
          s.rules
            .filter(
              (x) =>
                x.published?.definition.action === 'message.email' &&
                x.published.definition.input.template === 'tickets.status-changed',
            )
            .map((x) => ({ ...x, stageId: s.stageId })),
        );
      const rules = statusEmailRules(
        ok<Rules>(await w.adminA.request({ method: 'GET', url: '/api/automation/pipelines/tickets/rules' })),
      );
      // One published, enabled rule per status a move enters (every office has them on creation).
      expect(rules.map((r) => r.stageId).sort()).toEqual([
        'analyzing',
        'cancelled',
        'done',
        'rejected',
        'reopened',
        'waiting',
      ]);
      expect(rules.every((r) => r.enabled)).toBe(true);
      // The built-in rule is gone.
      const builtin = ok<{ items: { key: string }[] }>(
        await w.adminA.request({ method: 'GET', url: '/api/automation/builtin-rules' }),
      );
      expect(builtin.items.map((r) => r.key)).not.toContain('tickets.status-email');
      expectProblem(
        await w.adminA.request({
          method: 'PUT',
          url: '/api/automation/builtin-rules',
          payload: { items: [{ key: 'tickets.status-email', enabled: false }] },
        }),
        404,
        'automation.unknown_rule',
      );
      const analyzing = rules.find((r) => r.stageId === 'analyzing')!;
      const setEnabled = (enabled: boolean) =>
        w.adminA.request({
          method: 'PUT',
          url: `/api/automation/rules/${analyzing.id}/enabled`,
          payload: { enabled },
        });
      ok(await setEnabled(false));
      const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Regra desligada' });
      const res = ok<MoveAnswer>(await moveReq(w.adminA, t, 'analyzing'));
      expect(res.ticket.status).toBe('analyzing');
      expect(res.email.status).toBe('disabled');
      expect(res.email.reason).toContain('desativado');
      // Office B is untouched by A's setting.
      const b = ok<MoveAnswer>(await moveReq(w.adminB, w.ticketB, 'analyzing'));
      expect(b.email.status).toBe('queued');
      w.ticketB = b.ticket;
      ok(await setEnabled(true));
    });
  });

  describe('grid, kanban, export', () => {
    let mine: Ticket;
    beforeAll(async () => {
      mine = await openTicket(w.staffA, {
        clientId: w.noEmail.id,
        subject: 'Grade do Bruno',
        serviceId: w.otherService.id,
      });
      w.ctx.clock.set('2026-11-25T12:00:00.000Z');
      await openTicket(w.adminA, { clientId: w.client.id, subject: 'Grade mais recente', valueCents: 1 });
      w.ctx.clock.set('2026-11-23T12:00:00.000Z');
    });

    it('pages, sorts and filters (statuses, responsible, client, service, dates, mine, q)', async () => {
      const all = await get<Page<Ticket>>('/api/tickets?pageSize=100');
      expect(all.total).toBeGreaterThan(5);
      expect(all.items.map((t) => t.number)).toEqual(
        [...all.items.map((t) => t.number)].sort((a, b) => b - a),
      );
      const page2 = await get<Page<Ticket>>('/api/tickets?pageSize=2&page=2&sort=number&order=asc');
      expect(page2.items.map((t) => t.number)).toEqual([3, 4]);
      const several = await get<Page<Ticket>>('/api/tickets?status=analyzing,waiting&pageSize=100');
      expect(several.items.length).toBeGreaterThan(0);
      expect(new Set(several.items.map((t) => t.status))).toEqual(new Set(['analyzing', 'waiting']));
      expect(several.total).toBe(all.items.filter((t) => ['analyzing', 'waiting'].includes(t.status)).length);
      const byClient = await get<Page<Ticket>>(`/api/tickets?clientId=${w.noEmail.id}&pageSize=100`);
      expect(byClient.items.every((t) => t.clientId === w.noEmail.id)).toBe(true);
      const byService = await get<Page<Ticket>>(`/api/tickets?serviceId=${w.otherService.id}`);
      expect(byService.items.map((t) => t.id)).toEqual([mine.id]);
      const mineView = await w.staffA.request({ method: 'GET', url: '/api/tickets?mine=true&pageSize=100' });
      const mineItems = ok<Page<Ticket>>(mineView).items;
      expect(mineItems.length).toBeGreaterThan(0);
      expect(mineItems.every((t) => t.responsibleId === w.a.staff.id)).toBe(true);
      const byResp = await get<Page<Ticket>>(`/api/tickets?responsibleId=${w.a.staff.id}&pageSize=100`);
      expect(byResp.total).toBe(mineItems.length);
      const dated = await get<Page<Ticket>>('/api/tickets?openedFrom=2026-11-24&openedTo=2026-11-30');
      expect(dated.items.map((t) => t.subject)).toEqual(['Grade mais recente']);
      const q = await get<Page<Ticket>>(`/api/tickets?q=${encodeURIComponent('grade do bruno')}`);
      expect(q.items.map((t) => t.id)).toEqual([mine.id]);
      const byNumber = await get<Page<Ticket>>(`/api/tickets?q=%23${mine.number}`);
      expect(byNumber.items.map((t) => t.id)).toContain(mine.id);
      const byRequester = await get<Page<Ticket>>(
        `/api/tickets?q=${encodeURIComponent('pão de açucar')}&pageSize=100`,
      );
      expect(byRequester.total).toBeGreaterThan(0);
      expect(byRequester.items.every((t) => t.clientId === w.client.id)).toBe(true);
      const byValue = await get<Page<Ticket>>('/api/tickets?sort=value&order=asc&pageSize=100');
      // By the amount the list shows: a debt collection's debt, otherwise the service value.
      const values = byValue.items.map((t) =>
        t.kind === 'debt_collection' && t.debtCents !== null ? t.debtCents : t.valueCents,
      );
      expect(byValue.items.some((t) => t.kind === 'debt_collection' && t.debtCents !== t.valueCents)).toBe(
        true,
      );
      expect(values).toEqual([...values].sort((a, b) => a - b));
      const byRequesterSort = await get<Page<Ticket>>('/api/tickets?sort=requester&order=asc&pageSize=100');
      const names = byRequesterSort.items.map((t) => t.clientName);
      expect(names[0]).toBe('Padaria Pão de Açúcar Ltda');
      expect(names.at(-1)).toBe('Sem E-mail Comércio Ltda');
      expectFieldErrors(await w.adminA.request({ method: 'GET', url: '/api/tickets?status=open,nope' }));
      expectFieldErrors(await w.adminA.request({ method: 'GET', url: '/api/tickets?sort=bogus' }));
    });

    it('the kanban has one column per status with totals, and the workflow labels follow the language', async () => {
      const board = await get<{
        columns: { status: string; label: string; total: number; items: Ticket[] }[];
      }>('/api/tickets/board');
      // Every status, in workflow order (the list itself is pinned by status-machine.test.ts).
      expect(board.columns.map((c) => c.status)).toEqual([...ticketStatuses]);
      const all = await get<Page<Ticket>>('/api/tickets?pageSize=100');
      for (const c of board.columns) {
        expect(c.total).toBe(all.items.filter((t) => t.status === c.status).length);
        expect(c.items.every((t) => t.status === c.status)).toBe(true);
      }
      const en = await get<{ statuses: { status: string; label: string }[] }>('/api/tickets/workflow', {
        'accept-language': 'en',
      });
      expect(en.statuses.find((s) => s.status === 'waiting')?.label).toBe('Waiting');
      const some = await get<{ columns: { status: string }[] }>('/api/tickets/board?status=done,open');
      expect(some.columns.map((c) => c.status)).toEqual(['open', 'done']);
    });

    it('exports the filtered grid as CSV: BOM, pt-BR headers, formula-safe cells', async () => {
      await openTicket(w.adminA, {
        clientId: w.client.id,
        subject: '=HYPERLINK("http://evil")',
        valueCents: 123_456,
      });
      const res = await w.adminA.request({
        method: 'GET',
        url: '/api/tickets/export.csv?sort=number&order=asc',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /attachment; filename="atendimentos-2026-11-23\.csv"/,
      );
      expect(res.body.startsWith('\uFEFF')).toBe(true);
      const rows = parse(res.body.slice(1), { delimiter: ';' }) as string[][];
      expect(rows[0]).toEqual([
        'Número',
        'Solicitante',
        'Assunto',
        'Responsável',
        'Data de Abertura',
        'Atualizado',
        'Valor (R$)',
        'Serviço',
        'Status',
        'Tipo',
        'Contador',
        'Vencimento',
        'Valor do débito (R$)',
        'SLA atrasado',
      ]);
      const total = (await get<Page<Ticket>>('/api/tickets?pageSize=1')).total;
      expect(rows).toHaveLength(total + 1);
      const evil = rows.find((r) => r[2]?.includes('HYPERLINK'))!;
      expect(evil[2]).toBe('\'=HYPERLINK("http://evil")');
      expect(evil[6]).toBe('1234,56');
      expect(evil[4]).toBe('23/11/2026 09:00');
      expect(evil[8]).toBe('Aberto');
      const filtered = await w.adminA.request({
        method: 'GET',
        url: `/api/tickets/export.csv?clientId=${w.noEmail.id}`,
      });
      const frows = parse(filtered.body.slice(1), { delimiter: ';' }) as string[][];
      expect(frows.slice(1).every((r) => r[1] === 'Sem E-mail Comércio Ltda')).toBe(true);
      expect(frows.length).toBeGreaterThan(1);
    });
  });

  describe('history', () => {
    it('tells every change in plain words, in the request language', async () => {
      const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Histórico', valueCents: 1000 });
      const edited = ok<Ticket>(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/tickets/${t.id}`,
          payload: { version: t.version, valueCents: 2500, responsibleId: w.a.staff.id },
        }),
      );
      ok(await moveReq(w.adminA, edited, 'waiting', 'Aguardando o contrato assinado'));
      const h = await get<{ actorName: string; text: string }[]>(`/api/tickets/${t.id}/history`);
      expect(h.map((e) => e.text)).toEqual([
        `Abriu o atendimento nº ${t.number}: “Histórico”.`,
        'Alterou Responsável: “Ana Admin” → “Bruno Staff”; Valor: R$ 10,00 → R$ 25,00.',
        'Moveu de Aberto para Aguardando. Comentário: “Aguardando o contrato assinado”',
      ]);
      expect(h.every((e) => e.actorName === 'Ana Admin')).toBe(true);
      const en = await get<{ text: string }[]>(`/api/tickets/${t.id}/history`, { 'accept-language': 'en' });
      expect(en[2]?.text).toBe('Moved from Open to Waiting. Comment: “Aguardando o contrato assinado”');
    });
  });

  describe('SLA', () => {
    it('takes the targets of the service, and flags overdue tickets', async () => {
      expectProblem(
        await w.staffA.request({ method: 'PUT', url: '/api/tickets/sla-policies', payload: { items: [] } }),
        403,
        'http.forbidden',
      );
      const put = ok<{ items: { serviceId: string; firstResponseHours: number; resolutionHours: number }[] }>(
        await w.adminA.request({
          method: 'PUT',
          url: '/api/tickets/sla-policies',
          payload: { items: [{ serviceId: w.service.id, firstResponseHours: 2, resolutionHours: 8 }] },
        }),
      );
      expect(put.items).toEqual([
        {
          serviceId: w.service.id,
          serviceName: 'Alteração contratual',
          firstResponseHours: 2,
          resolutionHours: 8,
        },
      ]);
      expectFieldErrors(
        await w.adminA.request({
          method: 'PUT',
          url: '/api/tickets/sla-policies',
          payload: { items: [{ serviceId: missingId, firstResponseHours: 2, resolutionHours: 8 }] },
        }),
      );
      // Monday 2026-11-23 09:00 in São Paulo: first response due 11:00, resolution 17:00.
      const t = await openTicket(w.adminA, {
        clientId: w.client.id,
        serviceId: w.service.id,
        subject: 'Com SLA',
      });
      expect(t.sla).toEqual({
        firstResponseDueAt: '2026-11-23T14:00:00.000Z',
        resolutionDueAt: '2026-11-23T20:00:00.000Z',
        firstRespondedAt: null,
        paused: false,
        overdue: false,
      });
      w.ctx.clock.set('2026-11-23T14:30:00.000Z');
      try {
        const late = await get<Ticket>(`/api/tickets/${t.id}`);
        expect(late.sla.overdue).toBe(true);
        const overdue = await get<Page<Ticket>>('/api/tickets?overdue=true&pageSize=100');
        expect(overdue.items.map((x) => x.id)).toContain(t.id);
        const moved = ok<MoveAnswer>(await moveReq(w.adminA, late, 'waiting'));
        expect(moved.ticket.sla).toMatchObject({
          firstRespondedAt: '2026-11-23T14:30:00.000Z',
          paused: true,
          overdue: false,
        });
        const stillOverdue = await get<Page<Ticket>>('/api/tickets?overdue=true&pageSize=100');
        expect(stillOverdue.items.map((x) => x.id)).not.toContain(t.id);
      } finally {
        w.ctx.clock.set('2026-11-23T12:00:00.000Z');
      }
    });
  });

  it('the whole API is in the OpenAPI document', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const doc = res.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();
    const expected: [string, string[]][] = [
      ['/api/tickets', ['get', 'post']],
      ['/api/tickets/export.csv', ['get']],
      ['/api/tickets/board', ['get']],
      ['/api/tickets/workflow', ['get']],
      ['/api/tickets/accountants', ['get']],
      ['/api/tickets/sla-policies', ['get', 'put']],
      ['/api/tickets/{id}', ['get', 'patch']],
      ['/api/tickets/{id}/moves', ['post']],
      ['/api/tickets/{id}/reopen', ['post']],
      ['/api/tickets/{id}/notify', ['post']],
      ['/api/tickets/{id}/movements', ['get']],
      ['/api/tickets/{id}/history', ['get']],
      ['/api/tickets/{id}/chat', ['get', 'post']],
      ['/api/tickets/{id}/portal-link', ['get']],
      ['/api/tickets/{id}/files', ['get', 'post']],
      ['/api/tickets/{id}/files/{fileId}', ['delete', 'get']],
      ['/api/portal/tickets/{token}', ['get']],
      ['/api/portal/tickets/{token}/chat', ['post']],
      ['/api/automation/builtin-rules', ['get', 'put']],
    ];
    for (const [path, methods] of expected) {
      expect(Object.keys(doc.paths[path] ?? {}).sort(), path).toEqual(methods);
    }
    const list = doc.paths['/api/tickets']!.get as unknown as { parameters: { name: string }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'status',
        'responsibleId',
        'clientId',
        'serviceId',
        'openedFrom',
        'openedTo',
        'mine',
        'q',
        'sort',
        'order',
        'page',
        'pageSize',
      ]),
    );
  });

  describe('tenant isolation', () => {
    it("another office's ticket is 404 on every route", async () => {
      const id = w.ticketB.id;
      const v = w.ticketB.version;
      const attempts = [
        { method: 'GET', url: `/api/tickets/${id}` },
        { method: 'PATCH', url: `/api/tickets/${id}`, payload: { version: v, subject: 'Invasão' } },
        { method: 'POST', url: `/api/tickets/${id}/moves`, payload: { to: 'done', version: v } },
        { method: 'POST', url: `/api/tickets/${id}/reopen`, payload: { version: v } },
        { method: 'POST', url: `/api/tickets/${id}/notify` },
        { method: 'GET', url: `/api/tickets/${id}/movements` },
        { method: 'GET', url: `/api/tickets/${id}/history` },
        { method: 'GET', url: `/api/tickets/${id}/chat` },
        { method: 'POST', url: `/api/tickets/${id}/chat`, payload: { body: 'oi' } },
        { method: 'GET', url: `/api/tickets/${id}/files` },
        { method: 'GET', url: `/api/tickets/${id}/portal-link` },
      ] as const;
      for (const a of attempts) {
        const res = await w.adminA.request(a);
        expectProblem(res, 404, 'tickets.not_found');
      }
      const list = await get<Page<Ticket>>(`/api/tickets?pageSize=100&clientId=${w.clientB.id}`);
      expect(list.total).toBe(0);
      const csv = await w.adminA.request({ method: 'GET', url: '/api/tickets/export.csv' });
      expect(csv.body).not.toContain('escritório B');
      const b = ok<Ticket>(await w.adminB.request({ method: 'GET', url: `/api/tickets/${id}` }));
      expect(b).toMatchObject({ subject: 'Atendimento do escritório B', version: v });
    });
  });
});
