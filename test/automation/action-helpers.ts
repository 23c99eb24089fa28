import type { AppContext } from '../../src/server/context.js';
import { newId } from '../../src/server/ids.js';
import {
  type ActionContext,
  type ActionKind,
  type AutomationItem,
  actionKind,
  type PipelineView,
} from '../../src/server/modules/automation/index.js';

/** A pipeline as a kind would list it: two stages and a few fields of every type rules read. */
export const testPipeline: PipelineView = {
  id: 'process:test',
  kind: 'process',
  name: { 'pt-BR': 'Vendas', en: 'Sales' },
  stages: [
    { id: 'new', name: { 'pt-BR': 'Novo', en: 'New' }, color: null },
    { id: 'docs', name: { 'pt-BR': 'Documentos', en: 'Documents' }, color: null },
  ],
  fields: [
    { key: 'value', label: { 'pt-BR': 'Valor', en: 'Value' }, type: 'money', writable: true },
    { key: 'product', label: { 'pt-BR': 'Produto', en: 'Product' }, type: 'text', writable: true },
    { key: 'due', label: { 'pt-BR': 'Entrega', en: 'Delivery' }, type: 'date', writable: true },
  ],
};

/** An item of the test pipeline describing a real client. */
export function itemOf(clientId: string | null, over: Partial<AutomationItem> = {}): AutomationItem {
  return {
    pipelineId: testPipeline.id,
    id: newId(),
    stageId: 'docs',
    title: 'Pedido 42 — Mesa de jantar',
    clientId,
    responsibleId: null,
    fields: { value: 250_000, product: 'Mesa de jantar', due: '2026-12-10' },
    path: '/processos/test/cards/42',
    ...over,
  };
}

/** An action context for one rule run of `item` (a fresh run id unless given). */
export function actionContext(
  ctx: AppContext,
  officeId: string,
  item: AutomationItem,
  over: Partial<Omit<ActionContext, 'run'>> & { runId?: string } = {},
): ActionContext {
  const { runId, ...rest } = over;
  return {
    app: ctx,
    db: ctx.db,
    officeId,
    item,
    run: { id: runId ?? newId(), ruleId: newId(), version: 1, chainId: newId(), depth: 0 },
    vars: {},
    testMode: false,
    now: ctx.clock.now(),
    ...rest,
  };
}

/** The registered action of a kind (looked up at each call: the catalog registers with the first context). */
export function action<I = Record<string, unknown>>(kind: string) {
  const get = () => {
    const a = actionKind(kind) as ActionKind<I> | undefined;
    if (!a) throw new Error(`action ${kind} is not registered`);
    return a;
  };
  return {
    parse: (input: unknown) => get().input.parse(input) as I,
    run: (ctx: ActionContext, input: unknown) => get().execute(ctx, get().input.parse(input) as I),
    validate: (ctx: AppContext, officeId: string, input: unknown) => {
      const a = get();
      return a.validate
        ? a.validate(ctx.db, officeId, a.input.parse(input) as I, testPipeline)
        : Promise.resolve([]);
    },
  };
}
