/**
 * Automações on the web: the API's shapes (generated from the server's route schemas), the query keys and
 * the hooks the Automações screen and the items' history share.
 */
import { useQuery } from '@tanstack/react-query';
import { useLang } from '../i18n/index.js';
import { getQuery } from './client.js';
import type { Answer, Body } from './models.js';

export type Pipeline = Answer<'/api/automation/pipelines'>['items'][number];
export type PipelineStage = Pipeline['stages'][number];

export type Catalog = Answer<'/api/automation/catalog'>;
export type ActionGroup = Catalog['actions'][number];
export type ActionInfo = ActionGroup['items'][number];
export type TriggerKindInfo = Catalog['triggers'][number];
export type Trigger = Answer<'/api/automation/pipelines/{pipelineId}/triggers'>['items'][number];
export type TriggerInput = Body<'/api/automation/pipelines/{pipelineId}/triggers', 'post'>;

export type PipelineRules = Answer<'/api/automation/pipelines/{pipelineId}/rules'>;
export type Rule = PipelineRules['stages'][number]['rules'][number];
export type RuleDefinition = NonNullable<Rule['draft']>;
export type RuleInput = Body<'/api/automation/pipelines/{pipelineId}/stages/{stageId}/rules', 'post'>;
export type ApplyExisting = Answer<'/api/automation/rules/{id}/apply-existing', 'post'>;

export type History = Answer<'/api/automation/items/{pipelineId}/{itemId}/history'>;
export type HistoryEntry = History['entries'][number];
export type RuleRun = HistoryEntry['runs'][number];
export type RunStatus = RuleRun['status'];
export type Outcome = NonNullable<RuleRun['outcome']>;
export type OutcomeLink = NonNullable<Outcome['links']>[number];

export const automationKeys = {
  all: ['automation'] as const,
  pipelines: (lang: string) => ['automation', 'pipelines', lang] as const,
  catalog: (lang: string) => ['automation', 'catalog', lang] as const,
  rules: (pipelineId: string) => ['automation', 'rules', pipelineId] as const,
  triggers: (pipelineId: string) => ['automation', 'triggers', pipelineId] as const,
  history: (pipelineId: string, itemId: string) => ['automation', 'history', pipelineId, itemId] as const,
};

/** The office's pipelines with their stages and fields (names in the chosen language). */
export function usePipelines() {
  const [lang] = useLang();
  return useQuery({
    ...getQuery(automationKeys.pipelines(lang), '/api/automation/pipelines'),
    select: (data) => data.items,
    staleTime: 30_000,
  });
}

/** The actions (grouped by category) and triggers rules may use, with their JSON Schemas. */
export function useCatalog() {
  const [lang] = useLang();
  return useQuery({
    ...getQuery(automationKeys.catalog(lang), '/api/automation/catalog'),
    staleTime: 5 * 60_000,
  });
}

/** A pipeline's rules, stage by stage, in order. */
export function usePipelineRules(pipelineId: string | null) {
  return useQuery({
    ...getQuery(automationKeys.rules(pipelineId ?? ''), '/api/automation/pipelines/{pipelineId}/rules', {
      params: { path: { pipelineId: pipelineId ?? '' } },
    }),
    enabled: Boolean(pipelineId),
  });
}

/** A pipeline's triggers (every stage's), in order. */
export function usePipelineTriggers(pipelineId: string | null) {
  return useQuery({
    ...getQuery(
      automationKeys.triggers(pipelineId ?? ''),
      '/api/automation/pipelines/{pipelineId}/triggers',
      { params: { path: { pipelineId: pipelineId ?? '' } } },
    ),
    select: (data) => data.items,
    enabled: Boolean(pipelineId),
  });
}

/** An item's automation history: its entries into stages with their rule runs. */
export function useItemHistory(pipelineId: string, itemId: string) {
  return useQuery({
    ...getQuery(
      automationKeys.history(pipelineId, itemId),
      '/api/automation/items/{pipelineId}/{itemId}/history',
      { params: { path: { pipelineId, itemId } } },
    ),
    // Pending steps come due and runs finish in the background: keep the list fresh while it is open.
    refetchInterval: 10_000,
  });
}

/** The definition a rule's card shows and its form edits: the draft when there is one, else the published. */
export function currentDefinition(rule: Rule): RuleDefinition | null {
  return rule.draft ?? rule.published?.definition ?? null;
}
