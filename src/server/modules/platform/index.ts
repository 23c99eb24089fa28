/** platform — offices, users, professions, sessions, API tokens and the audit log. */
export { platformRoutes } from './platform.routes.js';
export * from './platform.schema.js';
export * from './platform.service.js';
export { PlatformError } from './platform.errors.js';
export { hashPassword } from './password.js';
