import type { AppContext } from '../context.js';
import type { Actor } from '../modules/platform/index.js';
import { addField, createCard, createPipeline, moveCard, putForm } from '../modules/processes/index.js';

/**
 * Processos in the demo office: the pipeline "Abertura de empresa" (five stages, three fields of its own,
 * a public form) with cards spread over the stages, some linked to demo clients.
 */
export async function seedDemoProcesses(ctx: AppContext, actor: Actor, clientIds: string[]): Promise<void> {
  const created = await createPipeline(ctx, actor, {
    name: 'Abertura de empresa',
    description: 'Da primeira conversa até o CNPJ emitido.',
    stages: [
      { name: 'Contato inicial', color: '#228be6' },
      { name: 'Documentos', color: '#7950f2' },
      { name: 'Viabilidade', color: '#fab005' },
      { name: 'Registro na Junta', color: '#fd7e14' },
      { name: 'CNPJ emitido', color: '#40c057' },
    ],
  });
  const pipelineId = created.id;
  await addField(ctx, actor, pipelineId, {
    key: 'regime',
    label: 'Regime tributário',
    type: 'select',
    options: [
      { value: 'simples', label: 'Simples Nacional' },
      { value: 'presumido', label: 'Lucro Presumido' },
      { value: 'real', label: 'Lucro Real' },
    ],
    required: false,
  });
  await addField(ctx, actor, pipelineId, {
    key: 'cnae',
    label: 'CNAE principal',
    type: 'text',
    options: null,
    required: false,
  });
  const pipeline = await addField(ctx, actor, pipelineId, {
    key: 'capitalSocial',
    label: 'Capital social',
    type: 'money',
    options: null,
    required: false,
  });
  await putForm(ctx, actor, pipelineId, {
    title: 'Quero abrir minha empresa',
    intro: 'Conte um pouco sobre o seu negócio: entraremos em contato em até um dia útil.',
    ask: {
      name: 'required',
      email: 'required',
      phone: 'optional',
      document: 'optional',
      message: 'optional',
    },
    fieldKeys: ['regime', 'capitalSocial'],
    thanks: 'Obrigado! Recebemos seus dados e entraremos em contato em breve.',
    active: true,
  });

  const stages = pipeline.stages.map((s) => s.id);
  const cards = [
    { title: 'Padaria da Vila — abertura', stage: 0, value: 150_000, regime: 'simples', client: null },
    { title: 'Studio Pilates Leve', stage: 0, value: 120_000, regime: 'simples', client: null },
    { title: 'Transportadora Rota Sul', stage: 1, value: 280_000, regime: 'presumido', client: 0 },
    { title: 'Clínica Sorriso', stage: 2, value: 220_000, regime: 'presumido', client: 3 },
    { title: 'Tech Nuvem Sistemas', stage: 3, value: 350_000, regime: 'real', client: 6 },
    { title: 'Café Bom Grão', stage: 4, value: 130_000, regime: 'simples', client: 8 },
  ] as const;
  for (const [i, c] of cards.entries()) {
    const card = await createCard(ctx, actor, {
      pipelineId,
      title: c.title,
      clientId: c.client === null ? null : (clientIds[c.client] ?? null),
      responsibleId: actor.userId,
      valueCents: c.value,
      dueDate: `2026-12-${String(5 + i * 3).padStart(2, '0')}`,
      fields: { regime: c.regime, capitalSocial: 1_000_000 * (i + 1), cnae: '6201-5/01' },
    });
    // Through every stage up to its own, as a real card would have gone.
    for (let s = 1; s <= c.stage; s++)
      await moveCard(ctx, actor, card.id, { stageId: stages[s]!, comment: null });
  }
}
