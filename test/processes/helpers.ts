import type { DialectName } from '../../src/server/db/database.js';
import type { CardDetail, Pipeline } from '../../src/server/modules/processes/processes.schema.js';
import { cnpj, ok, postCreated } from '../http/helpers.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';

export { ok };

/**
 * Two offices over HTTP. Office A has the pipeline "Abertura de empresa" (three stages, fields `regime`
 * (select, required), `capital` (money) and `inicio` (date)), a client with a CNPJ and a contact e-mail;
 * office B has a pipeline of its own.
 */
export async function processesWorld(dialect: DialectName) {
  const t = await createTestApp(dialect, { sessionTtlMs: 365 * 86_400_000 });
  const adminA = await loginAs(t.app, 'admin@a.com.br');
  const staffA = await loginAs(t.app, 'staff@a.com.br');
  const adminB = await loginAs(t.app, 'admin@b.com.br');
  const clientDocument = cnpj(4001);
  const client = await postCreated<{ id: string }>(adminA, '/api/clients', {
    legalName: 'Padaria Estrela Ltda',
    document: clientDocument,
  });
  await postCreated(adminA, `/api/clients/${client.id}/contacts`, {
    name: 'Maria Estrela',
    email: 'maria@estrela.com.br',
  });
  let pipeline = await postCreated<Pipeline>(adminA, '/api/processes/pipelines', {
    name: 'Abertura de empresa',
    stages: [
      { name: 'Contato inicial', color: '#228be6' },
      { name: 'Documentos', color: '#7950f2' },
      { name: 'CNPJ emitido', color: '#40c057' },
    ],
  });
  const field = async (payload: Record<string, unknown>) => {
    pipeline = ok<Pipeline>(
      await adminA.request({
        method: 'POST',
        url: `/api/processes/pipelines/${pipeline.id}/fields`,
        payload,
      }),
      201,
    );
  };
  await field({
    key: 'regime',
    label: 'Regime tributário',
    type: 'select',
    required: true,
    options: [
      { value: 'simples', label: 'Simples Nacional' },
      { value: 'presumido', label: 'Lucro Presumido' },
    ],
  });
  await field({ key: 'capital', label: 'Capital social', type: 'money' });
  await field({ key: 'inicio', label: 'Início das atividades', type: 'date' });
  const pipelineB = await postCreated<Pipeline>(adminB, '/api/processes/pipelines', {
    name: 'Proposta comercial',
  });
  return { ...t, adminA, staffA, adminB, client, clientDocument, pipeline, pipelineB };
}
export type World = Awaited<ReturnType<typeof processesWorld>>;

/** Creates a card through the API (201 or fail). */
export async function newCard(s: Session, payload: Record<string, unknown>): Promise<CardDetail> {
  return ok<CardDetail>(await s.request({ method: 'POST', url: '/api/processes/cards', payload }), 201);
}
