import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AppEvent,
  actionKind,
  allActionKinds,
  allPipelineKinds,
  allTriggerKinds,
  defineAction,
  definePipelineKind,
  defineTrigger,
  pipelineKindOf,
  registerActionKinds,
  registerPipelineKinds,
  registerTriggerKinds,
  type StageEntered,
  triggerKind,
} from '../../src/server/modules/automation/index.js';

const label = { 'pt-BR': 'Teste', en: 'Test' };

describe('automation registries', () => {
  it('finds a pipeline kind by the pipeline ids it owns, and actions and triggers by kind', () => {
    const pipeline = definePipelineKind({
      kind: 'registry-test',
      owns: (id) => id.startsWith('registry-test:'),
      list: async () => [],
      loadItem: async () => null,
      itemsInStage: async () => [],
      itemsOfClient: async () => [],
      moveItem: async () => {},
      setField: async () => {},
      setResponsible: async () => {},
    });
    const action = defineAction({
      kind: 'registry-test.noop',
      category: 'auxiliary',
      name: label,
      description: label,
      input: z.object({ n: z.number() }),
      describe: (input) => `n=${input.n}`,
      execute: async (_ctx, input) => ({ summary: label, output: { n: input.n } }),
    });
    const trigger = defineTrigger({
      kind: 'registry-test.paid',
      name: label,
      description: label,
      event: 'invoice.paid',
      config: z.object({}),
      describe: () => 'paid',
      matches: (event: AppEvent) => (event.payload as StageEntered).pipelineId === 'x',
    });
    registerPipelineKinds([pipeline]);
    registerActionKinds([action]);
    registerTriggerKinds([trigger]);

    expect(pipelineKindOf('registry-test:1')?.kind).toBe('registry-test');
    expect(pipelineKindOf('other:1')?.kind).not.toBe('registry-test');
    expect(allPipelineKinds()).toContain(pipeline);
    expect(actionKind('registry-test.noop')?.describe({ n: 2 }, 'pt-BR')).toBe('n=2');
    expect(allActionKinds()).toContain(action);
    expect(triggerKind('registry-test.paid')?.event).toBe('invoice.paid');
    expect(allTriggerKinds()).toContain(trigger);
    expect(actionKind('missing')).toBeUndefined();
  });
});
