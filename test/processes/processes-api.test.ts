import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, CardDetail, Pipeline } from '../../src/server/modules/processes/processes.schema.js';
import { expectFieldErrors, expectProblem, missingId, type Page } from '../http/helpers.js';
import { auditActions } from '../support/audit.js';
import type { Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { newCard, ok, processesWorld, type World } from './helpers.js';

const EN = { 'accept-language': 'en' };
/** What the public form asks of who fills it in. */
const ASK = {
  name: 'required',
  email: 'required',
  phone: 'optional',
  document: 'optional',
  message: 'optional',
};

describe.each(dialects)('Processos API on %s', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await processesWorld(dialect);
  });
  afterAll(() => w.close());

  const events = (entityId: string, type?: string) => {
    let q = w.ctx.db
      .selectFrom('events')
      .select(['type', 'payload', 'actor_id', 'office_id'])
      .where('entity_id', '=', entityId);
    if (type) q = q.where('type', '=', type);
    return q
      .orderBy('at')
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> })));
  };
  const stage = (i: number) => w.pipeline.stages[i]!.id;
  const post = (url: string, payload: Record<string, unknown>, headers?: Record<string, string>) =>
    w.adminA.request({ method: 'POST', url, payload, headers });
  const move = (
    s: Session,
    cardId: string,
    payload: { stageId: string; comment?: string; position?: number },
  ) => s.request({ method: 'POST', url: `/api/processes/cards/${cardId}/move`, payload });
  const lifecycle = (cardId: string, action: 'close' | 'reopen') =>
    post(`/api/processes/cards/${cardId}/lifecycle`, { action });
  const board = async () =>
    ok<Board>(
      await w.adminA.request({ method: 'GET', url: `/api/processes/pipelines/${w.pipeline.id}/board` }),
    );
  const getCard = (s: Session, cardId: string) =>
    s.request({ method: 'GET', url: `/api/processes/cards/${cardId}` });
  const patchCard = (cardId: string, payload: Record<string, unknown>) =>
    w.adminA.request({ method: 'PATCH', url: `/api/processes/cards/${cardId}`, payload });
  const deleteStage = (s: Session, stageId: string, moveTo?: string) =>
    s.request({
      method: 'DELETE',
      url: `/api/processes/stages/${stageId}${moveTo ? `?moveTo=${moveTo}` : ''}`,
    });
  const stageOrder = (ids: string[]) =>
    w.adminA.request({
      method: 'PUT',
      url: `/api/processes/pipelines/${w.pipeline.id}/stage-order`,
      payload: { ids },
    });
  const countCards = async () =>
    Number(
      (
        await w.ctx.db
          .selectFrom('process_cards')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n,
    );

  it('creates a pipeline with its stages in order, its fields, and the default stages when none are given', async () => {
    expect(w.pipeline).toMatchObject({
      name: 'Abertura de empresa',
      automationId: `process:${w.pipeline.id}`,
      active: true,
      stageCount: 3,
      form: null,
    });
    expect(w.pipeline.stages.map((s) => [s.name, s.color, s.position])).toEqual([
      ['Contato inicial', '#228be6', 0],
      ['Documentos', '#7950f2', 1],
      ['CNPJ emitido', '#40c057', 2],
    ]);
    expect(w.pipeline.fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ['regime', 'select', true],
      ['capital', 'money', false],
      ['inicio', 'date', false],
    ]);
    expect(w.pipelineB.stages.map((s) => s.name)).toEqual(['Novo', 'Em andamento', 'Concluído']);
    const list = ok<{ items: { id: string }[] }>(
      await w.adminA.request({ method: 'GET', url: '/api/processes/pipelines' }),
    );
    expect(list.items.map((p) => p.id)).toEqual([w.pipeline.id]);
  });

  it('refuses bad stages and fields with field errors: a duplicate key, a reserved key, a select without options', async () => {
    const url = `/api/processes/pipelines/${w.pipeline.id}/fields`;
    const dup = await post(url, { key: 'regime', label: 'X', type: 'text' });
    expectProblem(dup, 409, 'processes.field_key_taken');
    const reserved = expectFieldErrors(await post(url, { key: 'title', label: 'X', type: 'text' }));
    expect(reserved.map((e) => e.field)).toEqual(['key']);
    const noOptions = expectFieldErrors(
      await post(url, { key: 'porte', label: 'Porte', type: 'select' }, EN),
    );
    expect(noOptions).toEqual([
      { field: 'options', code: 'pick_at_least_one', message: 'Choose at least one item.' },
    ]);
    const color = expectFieldErrors(
      await post(`/api/processes/pipelines/${w.pipeline.id}/stages`, { name: 'X', color: 'red' }),
    );
    expect(color.map((e) => e.field)).toEqual(['color']);
    // Staff may work cards but not change the pipeline.
    const staff = await w.staffA.request({
      method: 'POST',
      url,
      payload: { key: 'porte', label: 'Porte', type: 'text' },
    });
    expectProblem(staff, 403, 'http.forbidden');
  });

  it("refuses another office's pipeline, stage and card", async () => {
    expectProblem(
      await w.adminB.request({ method: 'GET', url: `/api/processes/pipelines/${w.pipeline.id}` }),
      404,
      'processes.pipeline_not_found',
    );
    expectProblem(
      await w.adminB.request({
        method: 'POST',
        url: '/api/processes/cards',
        payload: { pipelineId: w.pipeline.id, title: 'Intruso' },
      }),
      404,
      'processes.pipeline_not_found',
    );
    const card = await newCard(w.adminA, {
      pipelineId: w.pipeline.id,
      title: 'Só do A',
      fields: { regime: 'simples' },
    });
    expectProblem(await getCard(w.adminB, card.id), 404, 'processes.card_not_found');
    expectProblem(await move(w.adminB, card.id, { stageId: stage(1) }), 404, 'processes.card_not_found');
    // A's card cannot be moved into B's stage.
    expectProblem(
      await move(w.adminA, card.id, { stageId: w.pipelineB.stages[0]!.id }),
      404,
      'processes.stage_not_found',
    );
    expectProblem(await deleteStage(w.adminB, stage(0)), 404, 'processes.stage_not_found');
  });

  it('checks field values against the pipeline: required, type, option, unknown key — in pt-BR and English, writing nothing', async () => {
    const before = await countCards();
    const payload = {
      pipelineId: w.pipeline.id,
      title: 'Campos ruins',
      fields: { capital: 'mil reais', inicio: '2026-02-30', cor: 'azul' },
    };
    const pt = expectFieldErrors(
      await w.adminA.request({ method: 'POST', url: '/api/processes/cards', payload }),
    );
    expect(pt).toEqual(
      expect.arrayContaining([
        { field: 'fields.capital', code: 'not_a_whole_number', message: 'Informe um número inteiro.' },
        { field: 'fields.inicio', code: 'invalid_date', message: 'Data inválida.' },
        { field: 'fields.cor', code: 'unknown_field', message: 'Campo desconhecido.' },
        { field: 'fields.regime', code: 'required', message: 'Campo obrigatório.' },
      ]),
    );
    expect(pt).toHaveLength(4);
    const en = expectFieldErrors(
      await post(
        '/api/processes/cards',
        { pipelineId: w.pipeline.id, title: 'Opção', fields: { regime: 'mei' } },
        EN,
      ),
    );
    expect(en).toEqual([
      { field: 'fields.regime', code: 'choose_option', message: 'Choose one of the options.' },
    ]);
    const refs = expectFieldErrors(
      await post('/api/processes/cards', {
        pipelineId: w.pipeline.id,
        title: 'Refs',
        clientId: missingId,
        fields: { regime: 'simples' },
      }),
    );
    expect(refs.map((e) => e.field)).toEqual(['clientId']);
    expect(await countCards()).toBe(before);
  });

  it('creates a card in the first stage and emits item.stage_entered with the StageEntered payload', async () => {
    const card = await newCard(w.adminA, {
      pipelineId: w.pipeline.id,
      title: 'Padaria Estrela — filial',
      clientId: w.client.id,
      responsibleId: w.a.staff.id,
      valueCents: 150_000,
      dueDate: '2026-12-10',
      fields: { regime: 'simples', capital: 5_000_000 },
    });
    expect(card).toMatchObject({
      stageId: stage(0),
      stageName: 'Contato inicial',
      clientName: 'Padaria Estrela Ltda',
      responsibleName: 'Bruno Staff',
      valueCents: 150_000,
      fields: { regime: 'simples', capital: 5_000_000 },
      state: 'open',
    });
    expect(card.movements).toHaveLength(1);
    expect(card.movements[0]).toMatchObject({
      fromStageId: null,
      toStageId: stage(0),
      source: 'user',
      byUserName: 'Ana Admin',
    });
    const [entered] = await events(card.id, 'item.stage_entered');
    expect(entered!.payload).toMatchObject({
      pipelineId: `process:${w.pipeline.id}`,
      stageId: stage(0),
      fromStageId: null,
      cardId: card.id,
      chain: { depth: 0 },
    });
    expect(entered!.actor_id).toBe(w.a.admin.id);
  });

  it('moves a card between stages: movement with comment, event with from/to and a new chain; reorders within a column', async () => {
    const card = await newCard(w.adminA, {
      pipelineId: w.pipeline.id,
      title: 'Mover',
      fields: { regime: 'simples' },
    });
    const moved = ok<CardDetail>(
      await move(w.staffA, card.id, { stageId: stage(1), comment: 'Documentos recebidos' }),
    );
    expect(moved).toMatchObject({ stageId: stage(1), stageName: 'Documentos' });
    expect(moved.movements[0]).toMatchObject({
      fromStageId: stage(0),
      fromStageName: 'Contato inicial',
      toStageId: stage(1),
      comment: 'Documentos recebidos',
      byUserName: 'Bruno Staff',
    });
    const entered = await events(card.id, 'item.stage_entered');
    expect(entered).toHaveLength(2);
    // Events of one fake-clock instant have no order in the table: pick each by its content.
    const created = entered.find((e) => e.payload.fromStageId === null)!;
    const moveEvent = entered.find((e) => e.payload.fromStageId === stage(0))!;
    expect(moveEvent.payload).toMatchObject({ stageId: stage(1), chain: { depth: 0 } });
    expect((moveEvent.payload.chain as { id: string }).id).not.toBe(
      (created.payload.chain as { id: string }).id,
    );

    // Another card in the same column, put on top: no movement, no event, positions renumbered.
    const second = await newCard(w.adminA, {
      pipelineId: w.pipeline.id,
      stageId: stage(1),
      title: 'Segundo',
      fields: { regime: 'presumido' },
    });
    ok(await move(w.adminA, second.id, { stageId: stage(1), position: 0 }));
    expect(await events(second.id, 'item.stage_entered')).toHaveLength(1);
    const column = (await board()).columns.find((c) => c.stageId === stage(1))!;
    expect(column.cards.map((c) => c.title).slice(0, 2)).toEqual(['Segundo', 'Mover']);
    expect(column.count).toBe(column.cards.length);
  });

  it('board columns carry the stage colour, the open-card count and the value sum; closed cards leave the board', async () => {
    const before = await board();
    expect(before.columns.map((c) => c.color)).toEqual(['#228be6', '#7950f2', '#40c057']);
    for (const c of before.columns) {
      expect(c.count).toBe(c.cards.length);
      expect(c.valueCents).toBe(c.cards.reduce((s, x) => s + x.valueCents, 0));
    }
    const first = before.columns[0]!;
    const target = first.cards[0]!;
    ok(await lifecycle(target.id, 'close'));
    const after = await board();
    expect(after.columns[0]!.count).toBe(first.count - 1);
    expect(after.columns[0]!.valueCents).toBe(first.valueCents - target.valueCents);
    expectProblem(await move(w.adminA, target.id, { stageId: stage(2) }), 409, 'processes.card_closed');
    ok(await lifecycle(target.id, 'reopen'));
  });

  it('changing fields emits item.field_changed per changed value (from, to), and nothing for unchanged ones', async () => {
    const card = await newCard(w.adminA, {
      pipelineId: w.pipeline.id,
      title: 'Campos',
      valueCents: 1000,
      fields: { regime: 'simples', capital: 100 },
    });
    const changed = ok<CardDetail>(
      await patchCard(card.id, {
        valueCents: 2000,
        fields: { regime: 'presumido', capital: 100, inicio: '2027-01-04' },
      }),
    );
    expect(changed.fields).toEqual({ regime: 'presumido', capital: 100, inicio: '2027-01-04' });
    expect(changed.valueCents).toBe(2000);
    // One instant for all three: their order in the table is not the point.
    const fieldEvents = (await events(card.id, 'item.field_changed')).map((e) => e.payload);
    expect(fieldEvents).toHaveLength(3);
    expect(fieldEvents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          pipelineId: `process:${w.pipeline.id}`,
          itemId: card.id,
          field: 'value',
          from: 1000,
          to: 2000,
        }),
        expect.objectContaining({ field: 'regime', from: 'simples', to: 'presumido' }),
        expect.objectContaining({ field: 'inicio', from: null, to: '2027-01-04' }),
      ]),
    );
    // Clearing an optional value; a required one cannot be cleared.
    ok(await patchCard(card.id, { fields: { capital: null } }));
    const bad = expectFieldErrors(await patchCard(card.id, { fields: { regime: null } }));
    expect(bad).toEqual([{ field: 'fields.regime', code: 'required', message: 'Campo obrigatório.' }]);
    expect(await auditActions(w.ctx, 'process_card', card.id)).toEqual(['create', 'update', 'update']);
  });

  it('deleting a stage with cards is refused unless the cards move to another stage (each entering it)', async () => {
    const p = ok<Pipeline>(
      await post('/api/processes/pipelines', {
        name: 'Onboarding de cliente',
        stages: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
      }),
      201,
    );
    const [a, b, c] = p.stages.map((s) => s.id) as [string, string, string];
    const card = await newCard(w.adminA, { pipelineId: p.id, stageId: b, title: 'Na etapa B' });
    const refused = expectProblem(await deleteStage(w.adminA, b), 409, 'processes.stage_has_cards');
    expect(refused.detail).toBe(
      'A etapa “B” tem 1 cartão(ões). Escolha para qual etapa movê-los antes de excluí-la.',
    );
    expectProblem(await deleteStage(w.adminA, b, b), 422, 'processes.move_to_same_stage');
    // An empty stage goes without asking.
    const noA = ok<Pipeline>(await deleteStage(w.adminA, a));
    expect(noA.stages.map((s) => [s.name, s.position])).toEqual([
      ['B', 0],
      ['C', 1],
    ]);
    const noB = ok<Pipeline>(await deleteStage(w.adminA, b, c));
    expect(noB.stages.map((s) => s.name)).toEqual(['C']);
    const moved = ok<CardDetail>(await getCard(w.adminA, card.id));
    expect(moved.stageId).toBe(c);
    expect(moved.movements[0]).toMatchObject({ fromStageId: b, toStageId: c, comment: 'Etapa “B” excluída' });
    const entered = await events(card.id, 'item.stage_entered');
    expect(entered.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ stageId: c, fromStageId: b }),
    );
    expectProblem(await deleteStage(w.adminA, c), 409, 'processes.last_stage');
  });

  it('reorders stages (every id once) and refuses an incomplete order', async () => {
    const ids = w.pipeline.stages.map((s) => s.id);
    expectProblem(await stageOrder(ids.slice(1)), 422, 'processes.order_mismatch');
    const reversed = ok<Pipeline>(await stageOrder([...ids].reverse()));
    expect(reversed.stages.map((s) => s.id)).toEqual([...ids].reverse());
    ok(await stageOrder(ids));
  });

  it('lists cards with filters, sort and pages, and exports them as CSV with the own fields', async () => {
    const page = ok<Page<CardDetail>>(
      await w.adminA.request({
        method: 'GET',
        url: `/api/processes/cards?pipelineId=${w.pipeline.id}&stageId=${stage(0)}&sort=title&order=asc&pageSize=100`,
      }),
    );
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((c) => c.stageId === stage(0))).toBe(true);
    const titles = page.items.map((c) => c.title);
    expect(titles).toEqual([...titles].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const search = ok<Page<CardDetail>>(
      await w.adminA.request({ method: 'GET', url: '/api/processes/cards?q=estrela' }),
    );
    expect(search.items.map((c) => c.title)).toContain('Padaria Estrela — filial');
    const other = ok<Page<CardDetail>>(
      await w.adminB.request({ method: 'GET', url: '/api/processes/cards' }),
    );
    expect(other.total).toBe(0);

    const csv = await w.adminA.request({
      method: 'GET',
      url: `/api/processes/cards/export.csv?pipelineId=${w.pipeline.id}&q=estrela`,
    });
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body.replace(/^\uFEFF/, '')) as string[][];
    expect(rows[0]).toEqual([
      'Título',
      'Processo',
      'Etapa',
      'Cliente',
      'Responsável',
      'Valor (R$)',
      'Vencimento',
      'Situação',
      'Criado em',
      'Regime tributário',
      'Capital social',
      'Início das atividades',
    ]);
    expect(rows[1]).toEqual(
      expect.arrayContaining([
        'Padaria Estrela — filial',
        'Padaria Estrela Ltda',
        '1500,00',
        '10/12/2026',
        'Simples Nacional',
        '50000,00',
      ]),
    );
  });

  describe('the public form', () => {
    let token: string;
    beforeAll(async () => {
      const p = ok<Pipeline>(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/processes/pipelines/${w.pipeline.id}/form`,
          payload: {
            title: 'Quero abrir minha empresa',
            intro: 'Conte-nos sobre o seu negócio.',
            ask: ASK,
            fieldKeys: ['regime', 'capital'],
            thanks: 'Obrigado! Entraremos em contato.',
            active: true,
          },
        }),
      );
      token = p.form!.token;
      expect(p.form!.path).toBe(`/formulario/${token}`);
    });
    const submit = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      w.app.inject({ method: 'POST', url: `/api/public/forms/${token}`, payload, headers });
    const cardsFromForm = () =>
      w.ctx.db
        .selectFrom('process_cards')
        .selectAll()
        .where('form_id', 'is not', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();

    it('shows its definition without login: questions and the pipeline fields asked', async () => {
      const form = ok<Record<string, unknown>>(
        await w.app.inject({ method: 'GET', url: `/api/public/forms/${token}` }),
      );
      expect(form).toEqual({
        officeName: 'Escritório A',
        title: 'Quero abrir minha empresa',
        intro: 'Conte-nos sobre o seu negócio.',
        ask: ASK,
        fields: [
          expect.objectContaining({ key: 'regime', type: 'select', required: true }),
          expect.objectContaining({ key: 'capital', type: 'money', required: false }),
        ],
      });
      expectProblem(
        await w.app.inject({ method: 'GET', url: '/api/public/forms/nao-existe-este-token' }),
        404,
        'processes.form_not_found',
      );
    });

    it('creates a card in the first stage matched to the client by CNPJ, emitting form.submitted then item.stage_entered', async () => {
      const res = await submit({
        name: 'Maria Estrela',
        email: 'outra@exemplo.com.br',
        phone: '(11) 98765-4321',
        document: w.clientDocument,
        message: 'Queremos abrir uma filial.',
        fields: { regime: 'presumido', capital: 1_000_000 },
        website: '',
      });
      expect(ok<{ thanks: string }>(res, 201)).toEqual({ thanks: 'Obrigado! Entraremos em contato.' });
      const [card] = await cardsFromForm();
      expect(card).toMatchObject({
        title: 'Maria Estrela',
        stage_id: stage(0),
        client_id: w.client.id,
        created_by: null,
      });
      expect(JSON.parse(card!.fields)).toEqual({ regime: 'presumido', capital: 1_000_000 });
      const [submitted] = await events(card!.id, 'form.submitted');
      const [entered] = await events(card!.id, 'item.stage_entered');
      expect(submitted!.payload).toMatchObject({
        pipelineId: `process:${w.pipeline.id}`,
        cardId: card!.id,
        submitted: { name: 'Maria Estrela', phone: '+5511987654321', message: 'Queremos abrir uma filial.' },
      });
      expect(entered!.payload).toMatchObject({ stageId: stage(0), fromStageId: null });
      expect((entered!.payload.chain as { id: string }).id).toBe(
        (submitted!.payload.chain as { id: string }).id,
      );
      const detail = ok<CardDetail>(await getCard(w.adminA, card!.id));
      expect(detail.movements[0]).toMatchObject({ source: 'form', byUserId: null });
      expect(detail.submission).toMatchObject({ email: 'outra@exemplo.com.br' });
      expect(await auditActions(w.ctx, 'process_card', card!.id)).toEqual(['form_submit']);
    });

    it("matches by a contact's e-mail when there is no document, and leaves no client when nothing matches", async () => {
      ok(
        await submit({ name: 'Por e-mail', email: 'MARIA@estrela.com.br', fields: { regime: 'simples' } }),
        201,
      );
      ok(
        await submit({
          name: 'Desconhecido',
          email: 'ninguem@exemplo.com.br',
          fields: { regime: 'simples' },
        }),
        201,
      );
      const cards = await cardsFromForm();
      expect(cards.find((c) => c.title === 'Por e-mail')!.client_id).toBe(w.client.id);
      expect(cards.find((c) => c.title === 'Desconhecido')!.client_id).toBeNull();
    });

    it('refuses bad input field by field in pt-BR and English, creating nothing; the honeypot drops silently', async () => {
      const before = (await cardsFromForm()).length;
      const pt = expectFieldErrors(
        await submit({ email: 'não é e-mail', document: '111.111.111-11', fields: { regime: 'x', cor: 1 } }),
      );
      expect(pt).toEqual(
        expect.arrayContaining([{ field: 'email', code: 'invalid_email', message: 'E-mail inválido.' }]),
      );
      const en = expectFieldErrors(
        await submit({ document: '111.111.111-11', fields: { regime: 'x', cor: 1 } }, EN),
      );
      expect(en).toEqual(
        expect.arrayContaining([
          { field: 'name', code: 'required', message: 'Required field.' },
          { field: 'email', code: 'required', message: 'Required field.' },
          { field: 'document', code: 'invalid_tax_id', message: 'Invalid CNPJ or CPF.' },
          { field: 'fields.regime', code: 'choose_option', message: 'Choose one of the options.' },
          { field: 'fields.cor', code: 'unknown_field', message: 'Unknown field.' },
        ]),
      );
      // A pipeline field the form does not ask is refused too.
      const notAsked = expectFieldErrors(
        await submit({
          name: 'X',
          email: 'x@exemplo.com.br',
          fields: { regime: 'simples', inicio: '2027-01-01' },
        }),
      );
      expect(notAsked.map((e) => e.field)).toEqual(['fields.inicio']);
      const bot = await submit({
        name: 'Bot',
        email: 'bot@spam.com',
        fields: { regime: 'simples' },
        website: 'http://spam',
      });
      expect(ok<{ thanks: string }>(bot, 201).thanks).toBe('Obrigado! Entraremos em contato.');
      expect((await cardsFromForm()).length).toBe(before);
    });

    it('stops answering when switched off, and the page may be framed while the app may not', async () => {
      const page = await w.app.inject({ method: 'GET', url: `/formulario/${token}` });
      expect(page.headers['content-security-policy']).toContain('frame-ancestors *');
      expect(page.headers['x-frame-options']).toBeUndefined();
      const app = await w.app.inject({ method: 'GET', url: '/processes' });
      expect(app.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(app.headers['x-frame-options']).toBe('DENY');
      const api = await w.app.inject({ method: 'GET', url: `/api/public/forms/${token}` });
      expect(api.headers['content-security-policy']).toContain("frame-ancestors 'none'");

      const p = ok<Pipeline>(
        await w.adminA.request({ method: 'GET', url: `/api/processes/pipelines/${w.pipeline.id}` }),
      );
      ok(
        await w.adminA.request({
          method: 'PUT',
          url: `/api/processes/pipelines/${w.pipeline.id}/form`,
          payload: {
            ...p.form!,
            id: undefined,
            token: undefined,
            path: undefined,
            updatedAt: undefined,
            active: false,
          },
        }),
      );
      expectProblem(
        await submit({ name: 'Tarde', email: 't@exemplo.com.br', fields: { regime: 'simples' } }),
        404,
        'processes.form_not_found',
      );
    });
  });
});
