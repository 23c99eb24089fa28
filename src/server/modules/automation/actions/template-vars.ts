/**
 * Template variables a higher module provides for its own message templates when a rule sends them: the
 * tickets module gives `tickets.status-changed` its `ticket.*` and `move.*` (the portal link, the
 * movement that brought the ticket into the stage), which only it can read. Registered in catalog.ts
 * (`registerTemplateVars`), as the lower modules' other hooks are.
 */
import type { ActionContext } from '../registry.js';

export interface TemplateVarsProvider {
  /** The message template it serves. */
  template: string;
  /** The pipelines it knows (a rule on another pipeline cannot use the template). */
  pipelines: (pipelineId: string) => boolean;
  /** The variable paths it gives (`ticket.*`, `move.from`…): these count as known when a rule is saved. */
  provides: readonly string[];
  /** The values, read inside the run's transaction. */
  vars(ctx: ActionContext): Promise<Record<string, unknown>>;
}

const providers = new Map<string, TemplateVarsProvider>();

/** Registers template variable providers (catalog.ts). */
export function registerTemplateVars(list: readonly TemplateVarsProvider[]): void {
  for (const p of list) providers.set(p.template, p);
}

/** The provider of a template for a pipeline, if any. */
export function templateVarsOf(template: string, pipelineId: string): TemplateVarsProvider | undefined {
  const p = providers.get(template);
  return p?.pipelines(pipelineId) ? p : undefined;
}
