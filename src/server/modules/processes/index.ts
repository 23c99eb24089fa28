/**
 * processes — Processos: the office's own pipelines (stages with colours, its own fields), their cards
 * (kanban and list), movements, the public form (`/formulario/:token`) and the `process` pipeline kind
 * automation runs rules on (`process:<uuid>`).
 */

export { createCard, moveCard } from './cards.service.js';
export { addField, createPipeline, putForm } from './pipelines.service.js';
export { processPipeline } from './processes.pipeline.js';
export { processesRoutes } from './processes.routes.js';
