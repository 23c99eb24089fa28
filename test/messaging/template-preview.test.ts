import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateDefinitions } from '../../src/server/modules/messaging/index.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';

/** A real client, its name with accents and its CNPJ sent unformatted: the preview must format it. */
const LEGAL_NAME = 'Padaria Pão Dourado Ltda';
const CNPJ_RAW = '11222333000181';
const CNPJ_FORMATTED = '11.222.333/0001-81';

interface ApiTemplate {
  key: string;
  channels: { channel: string; default: { subject: string | null; body: string } }[];
}

describe.each(dialects)('template preview against a real client on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let clientId: string;

  const preview = (
    key: string,
    channel: string,
    payload: { subject: string | null; body: string; clientId?: string },
    headers: Record<string, string> = {},
  ) =>
    admin.request({
      method: 'POST',
      url: `/api/templates/${key}/${channel}/preview`,
      headers,
      payload,
    });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAs(t.app, 'admin@a.com.br');
    const created = await admin.request({
      method: 'POST',
      url: '/api/clients',
      payload: { legalName: LEGAL_NAME, tradeName: 'Pão Dourado', document: CNPJ_RAW },
    });
    expect(created.statusCode, created.body).toBe(201);
    clientId = created.json().id;
  });
  afterAll(async () => t.close());

  it('renders every built-in template, on each of its channels, with the real client', async () => {
    const list = await admin.request({ method: 'GET', url: '/api/templates' });
    expect(list.statusCode).toBe(200);
    const items: ApiTemplate[] = list.json().items;
    const builtIn = templateDefinitions();
    // The API lists exactly the registered templates, and there are many: a vacuous loop cannot pass.
    expect(items.map((i) => i.key).sort()).toEqual(builtIn.map((d) => d.key).sort());
    expect(builtIn.length).toBeGreaterThanOrEqual(15);

    const withName: string[] = [];
    const withDocument: string[] = [];
    let rendered = 0;
    for (const def of builtIn) {
      const api = items.find((i) => i.key === def.key)!;
      expect(api.channels.map((c) => c.channel).sort()).toEqual(Object.keys(def.defaults).sort());
      for (const [channel, text] of Object.entries(def.defaults)) {
        // WhatsApp: the free text and each parameter of the approved template are Liquid too.
        const drafts = [
          { subject: text.subject ?? null, body: text.body },
          ...(text.params ?? []).map((p) => ({ subject: null, body: p })),
        ];
        for (const draft of drafts) {
          const res = await preview(def.key, channel, { ...draft, clientId });
          expect(res.statusCode, `${def.key}/${channel}: ${res.body}`).toBe(200);
          const out: { subject: string | null; body: string } = res.json();
          const source = `${draft.subject ?? ''}\n${draft.body}`;
          const output = `${out.subject ?? ''}\n${out.body}`;
          if (/client\.(name|legalName) /.test(source)) {
            expect(output, `${def.key}/${channel}`).toContain(LEGAL_NAME);
            withName.push(`${def.key}/${channel}`);
          }
          if (source.includes('client.document | document')) {
            expect(output, `${def.key}/${channel}`).toContain(CNPJ_FORMATTED);
            withDocument.push(`${def.key}/${channel}`);
          }
          // The example placeholders of client.* are gone once a real client is chosen.
          expect(output).not.toMatch(/\[client\.(name|legalName|document)\]/);
          rendered++;
        }
      }
    }
    expect(rendered).toBeGreaterThanOrEqual(25);
    // `client.name` (billing, certificates, certidões, tickets) and `client.legalName` (class transition,
    // idle accounts) both come from the real record.
    for (const key of [
      'billing.invoice/email',
      'billing.invoice/whatsapp',
      'billing.invoice-overdue/whatsapp',
      'tickets.status-changed/email',
      'tickets.opened/email',
      'tickets.message/email',
      'billing.overdue-staff/email',
      'certificates.expiring/whatsapp',
      'certidoes.pending/email',
      'routines.class-transition/email',
      'routines.idle-account/email',
    ]) {
      expect(withName).toContain(key);
    }
    expect(withDocument).toContain('billing.overdue-staff/email');
    expect(withDocument).toContain('routines.idle-account/email');
    expect(withDocument).toContain('certidoes.pending-staff/email');
  });

  it('keeps the example values for what the client record cannot supply', async () => {
    const res = await preview('billing.invoice', 'email', {
      subject: 'Honorários {{ invoice.period }} — vencimento em {{ invoice.dueDate | date }}',
      body: 'Olá, {{ client.name }} ({{ client.document | document }}): {{ invoice.amountCents | money }} — {{ office.name }}',
      clientId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      subject: 'Honorários [invoice.period] — vencimento em 10/12/2026',
      body: `Olá, ${LEGAL_NAME} (${CNPJ_FORMATTED}): R$ 1.234,56 — Escritório A`,
    });

    // Without a client, the same draft shows the examples.
    const sample = await preview('billing.invoice', 'email', {
      subject: null,
      body: 'Olá, {{ client.name }}',
    });
    expect(sample.json()).toEqual({ subject: null, body: 'Olá, [client.name]' });

    // A day count is a number, not a due date; a list gets one example element with the members it reads.
    const overdue = await preview('billing.invoice-overdue', 'email', {
      subject: null,
      body: '{{ client.name }}: {{ invoice.daysOverdue }} dia(s) em atraso',
      clientId,
    });
    expect(overdue.json().body).toBe(`${LEGAL_NAME}: 3 dia(s) em atraso`);
    const certidoes = await preview('certidoes.pending', 'whatsapp', {
      subject: null,
      body: '{{ client.name }} {% for item in items %}• {{ item.name }}: {{ item.situation }}{% endfor %}',
      clientId,
    });
    expect(certidoes.json().body).toBe(`${LEGAL_NAME} • [items.name]: [items.situation]`);
  });

  it('answers 404 "client not found" for an unknown client, in the language asked for', async () => {
    const draft = { subject: null, body: 'Olá, {{ client.name }}', clientId: crypto.randomUUID() };
    const pt = await preview('billing.invoice', 'email', draft);
    expect(pt.statusCode).toBe(404);
    expect(pt.json()).toMatchObject({
      code: 'messaging.client_not_found',
      detail: 'Cliente não encontrado.',
    });

    const en = await preview('billing.invoice', 'email', draft, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(404);
    expect(en.json()).toMatchObject({ code: 'messaging.client_not_found', detail: 'Client not found.' });
  });

  it("does not preview with another office's client", async () => {
    const other = await loginAs(t.app, 'admin@b.com.br');
    const created = await other.request({
      method: 'POST',
      url: '/api/clients',
      payload: { legalName: 'Cliente do Escritório B Ltda', document: '11444777000161' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await preview('billing.invoice', 'email', {
      subject: null,
      body: 'Olá, {{ client.name }}',
      clientId: created.json().id,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('messaging.client_not_found');
  });

  it('applies the Brazilian filters: business days, civil days, phone, money, date and document', async () => {
    const res = await preview('billing.invoice', 'email', {
      subject: '{{ invoice.dueDate | add_days: 10 | date }}',
      body: [
        // 2026-11-20 is a Friday: 3 business days later skips the weekend → Wednesday the 25th.
        '{{ "2026-11-20" | add_business_days: 3 | date }}',
        // Thursday the 19th + 1 business day skips Friday the 20th (Consciência Negra) and the weekend.
        '{{ "2026-11-19" | add_business_days: 1 }}',
        '{{ "2026-11-20" | add_days: 10 | date }}',
        '{{ "+5511987654321" | phone }}',
        '{{ invoice.amountCents | money }}',
        '{{ 100 | money }}',
        '{{ "2026-11-20T02:30:00Z" | date }}',
        '{{ client.document | document }}',
        '{{ "12345678909" | document }}',
      ].join('\n'),
      clientId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().subject).toBe('20/12/2026');
    expect(res.json().body.split('\n')).toEqual([
      '25/11/2026',
      '2026-11-23',
      '30/11/2026',
      '(11) 98765-4321',
      'R$ 1.234,56',
      'R$ 1,00',
      // An instant is shown in Brasília time: 02:30 UTC is still the 19th there.
      '19/11/2026',
      CNPJ_FORMATTED,
      '123.456.789-09',
    ]);
  });
});
