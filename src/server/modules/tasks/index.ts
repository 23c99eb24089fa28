/**
 * tasks — Tarefas: tasks for the office's people (responsible, due date in business days, done/undone,
 * comments), linked to an automation item and a client; "Minhas tarefas" and the header's count; and the
 * automation action `tasks.create` (registered in catalog.ts).
 */
export { createTaskAction } from './tasks.action.js';
export { tasksRoutes } from './tasks.routes.js';
export { createTask } from './tasks.service.js';
