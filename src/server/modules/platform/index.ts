/** platform — offices, users, professions, sessions, API tokens and the audit log. */

export { registerAuditNames } from './audit-texts.js';
export { notificationsRoutes, notifyUser } from './notifications.js';
export { countOffices, findOffice } from './offices.repo.js';
export { onboardingDismissedAt, setOnboardingDismissed } from './onboarding-flag.js';

export { platformRoutes } from './platform.routes.js';
export * from './platform.schema.js';
export * from './platform.service.js';
export { sessionAuthenticator } from './session-cache.js';
export { deleteExpiredSessions } from './sessions.repo.js';
export { findUser, firstAdminId } from './users.repo.js';
