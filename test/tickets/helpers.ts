import { beforeAll } from 'vitest';
import type { Config } from '../../src/server/config.js';
import type { DialectName } from '../../src/server/db/database.js';
import { createClientBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient } from '../../src/server/modules/clients/index.js';
import type { Ticket } from '../../src/server/modules/tickets/tickets.schema.js';
import { cnpj, ok, postCreated } from '../http/helpers.js';
import { useOffice } from '../support/fixtures.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { useTestContext } from '../support/test-db.js';

export { ok };

/**
 * Two offices (A and B) over HTTP: A has a client with a company e-mail, one without, a contact, and two
 * services; B has a client and a ticket of its own.
 */
export async function ticketsWorld(dialect: DialectName, overrides: Partial<Config> = {}) {
  // Sessions outlive the fake clock's jumps (a few days).
  const t = await createTestApp(dialect, { sessionTtlMs: 365 * 86_400_000, ...overrides });
  const adminA = await loginAs(t.app, 'admin@a.com.br');
  const staffA = await loginAs(t.app, 'staff@a.com.br');
  const adminB = await loginAs(t.app, 'admin@b.com.br');
  const client = await postCreated<{ id: string }>(adminA, '/api/clients', {
    legalName: 'Padaria Pão de Açúcar Ltda',
    document: cnpj(3001),
    emails: ['financeiro@padaria.com.br'],
  });
  const noEmail = await postCreated<{ id: string }>(adminA, '/api/clients', {
    legalName: 'Sem E-mail Comércio Ltda',
    document: cnpj(3002),
  });
  const contact = await postCreated<{ id: string }>(adminA, `/api/clients/${client.id}/contacts`, {
    name: 'João Conceição',
    email: 'joao@padaria.com.br',
  });
  const service = await postCreated<{ id: string }>(adminA, '/api/services', {
    name: 'Alteração contratual',
    defaultValueCents: 90_000,
  });
  const otherService = await postCreated<{ id: string }>(adminA, '/api/services', {
    name: 'Declaração de IRPF',
    defaultValueCents: 35_000,
  });
  const clientB = await postCreated<{ id: string }>(adminB, '/api/clients', {
    legalName: 'Cliente Beta Ltda',
    document: cnpj(3003),
    emails: ['beta@beta.com.br'],
  });
  const ticketB = await postCreated<Ticket>(adminB, '/api/tickets', {
    clientId: clientB.id,
    subject: 'Atendimento do escritório B',
  });
  return { ...t, adminA, staffA, adminB, client, noEmail, contact, service, otherService, clientB, ticketB };
}

export type World = Awaited<ReturnType<typeof ticketsWorld>>;

/** Opens a ticket through the API. */
export async function openTicket(s: Session, body: Record<string, unknown>): Promise<Ticket> {
  return ok<Ticket>(await s.request({ method: 'POST', url: '/api/tickets', payload: body }), 201);
}

export interface MoveAnswer {
  ticket: Ticket;
  movement: { id: string; from: string; to: string; comment: string | null; actorName: string | null };
  email: { status: 'queued' | 'skipped' | 'disabled'; reason: string | null; messageId: string | null };
}

/** Moves a ticket through the API (any status code: the caller checks). */
export const moveReq = (s: Session, t: Pick<Ticket, 'id' | 'version'>, to: string, comment?: string) =>
  s.request({
    method: 'POST',
    url: `/api/tickets/${t.id}/moves`,
    payload: { to, version: t.version, ...(comment ? { comment } : {}) },
  });

/** A multipart/form-data body with these files, as a browser would send it. */
export function multipart(files: { name: string; content: Buffer | string; type?: string }[]) {
  const boundary = `----expediente${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A minimal valid PDF. */
export const tinyPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/**
 * A describe block's database, seeded office and one client of it (`useTestContext`, `useOffice`, then the
 * client in a `beforeAll`); answers the objects the hooks fill in.
 */
export function useOfficeWithClient(dialect: DialectName, legalName: string) {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);
  const client = { id: '' };
  beforeAll(async () => {
    const body = createClientBody.parse({ legalName, document: '11.222.333/0001-81' });
    client.id = (await createClient(ctx, seed.actor, body)).id;
  });
  return { ctx, seed, client };
}
