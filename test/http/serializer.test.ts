/**
 * Answers are serialized from the route's zod schema compiled once (fast-json-stringify over its JSON
 * Schema, http/serializer.ts), not by a zod parse of every answer: a field the handler's object has beyond
 * the schema never reaches the client, and real answers are byte for byte what zod's serializer writes.
 */
import Fastify from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pageOf } from '../../src/server/http/schemas.js';
import { compiledSerializerCompiler, serializationSchema } from '../../src/server/http/serializer.js';
import { clientSchema } from '../../src/server/modules/clients/clients.schema.js';
import { ticketPageSchema, ticketSchema } from '../../src/server/modules/tickets/tickets.schema.js';
import { createTestApp, loginAs, type Session, type TestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { cnpj, ok } from './helpers.js';

const item = z.object({
  id: z.string(),
  note: z.string().nullable(),
  owner: z.object({ name: z.string() }).nullable(),
  at: z.string().meta({ format: 'date-time' }),
});
const answer = z.object({
  items: z.array(item),
  extra: z.looseObject({ kept: z.number() }),
  total: z.number().int(),
});

async function tinyApp(body: unknown, schema: z.ZodType = answer) {
  const app = Fastify();
  app.setSerializerCompiler(compiledSerializerCompiler);
  app.get('/x', { schema: { response: { 200: schema } } }, async () => body);
  await app.ready();
  const res = await app.inject({ method: 'GET', url: '/x' });
  await app.close();
  return res;
}

describe('the compiled response serializer', () => {
  it('writes only the fields the schema declares, at every depth', async () => {
    const res = await tinyApp({
      secret: 'top',
      total: 2,
      items: [
        {
          id: 'a',
          note: null,
          owner: { name: 'Ana', passwordHash: 'x' },
          at: '2026-12-07T10:00:00.000Z',
          leak: 1,
        },
        { id: 'b', note: 'n', owner: null, at: '2026-12-07T11:00:00.000Z', csrf: 'y' },
      ],
      extra: { kept: 1, passed: 'a loose object keeps its other fields, as zod does' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/secret|passwordHash|leak|csrf/);
    expect(res.json()).toEqual({
      items: [
        { id: 'a', note: null, owner: { name: 'Ana' }, at: '2026-12-07T10:00:00.000Z' },
        { id: 'b', note: 'n', owner: null, at: '2026-12-07T11:00:00.000Z' },
      ],
      extra: { kept: 1, passed: 'a loose object keeps its other fields, as zod does' },
      total: 2,
    });
  });

  it('writes what zod writes: key order, nulls, a date-time that is not one', async () => {
    const body = {
      total: 1,
      extra: { kept: 3 },
      items: [{ at: 'not a date', owner: null, note: null, id: 'z' }],
    };
    const res = await tinyApp(body);
    const zod = zodSerializerCompiler({ schema: answer, method: 'GET', url: '/x', httpStatus: '200' });
    expect(res.body).toBe(zod(body));
  });

  it('fails an answer missing a required field (a 500), as zod does', async () => {
    const res = await tinyApp({ items: [], extra: { kept: 1 } });
    expect(res.statusCode).toBe(500);
  });

  it('keeps zod for a schema JSON Schema cannot express (a transform)', async () => {
    const schema = z.object({ n: z.number().transform((n) => n * 2) });
    expect(serializationSchema(schema)).toBeNull();
    const res = await tinyApp({ n: 2, other: 1 }, schema);
    expect(res.statusCode).toBe(500);
    const plain = z.object({ when: z.string() });
    expect(serializationSchema(plain)).not.toBeNull();
  });
});

for (const dialect of dialects) {
  describe(`real answers on ${dialect}`, () => {
    let t: TestApp;
    let s: Session;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      s = await loginAs(t.app, 'admin@a.com.br');
      for (let i = 0; i < 3; i++) {
        const c = ok<{ id: string }>(
          await s.request({
            method: 'POST',
            url: '/api/clients',
            payload: { legalName: `Cliente ${i} Ltda`, document: cnpj(7100 + i), tags: ['folha'] },
          }),
          201,
        );
        ok(
          await s.request({
            method: 'POST',
            url: '/api/tickets',
            payload: { clientId: c.id, subject: `Pedido ${i}` },
          }),
          201,
        );
      }
    });
    afterAll(async () => t?.close());

    it('are what zod would write for the same data (tickets, a ticket, clients)', async () => {
      const tickets = await s.request({ method: 'GET', url: '/api/tickets?pageSize=20' });
      const clients = await s.request({ method: 'GET', url: '/api/clients?pageSize=20' });
      const first = tickets.json<{ items: { id: string }[] }>().items[0]!;
      const ticket = await s.request({ method: 'GET', url: `/api/tickets/${first.id}` });
      for (const [res, schema] of [
        [tickets, ticketPageSchema],
        [clients, pageOf(clientSchema)],
        [ticket, ticketSchema],
      ] as const) {
        expect(res.statusCode, res.body).toBe(200);
        const zod = zodSerializerCompiler({ schema, method: 'GET', url: '/', httpStatus: '200' });
        expect(res.body).toBe(zod(res.json()));
      }
      expect(tickets.json<{ items: unknown[] }>().items).toHaveLength(3);
      expect(clients.json<{ items: unknown[] }>().items).toHaveLength(3);
    });
  });
}
