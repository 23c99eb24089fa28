/**
 * certificates — each client's digital certificates (A1, ICP-Brasil) and certidões (tax-clearance
 * certificates) with their validity, and the two routines that watch them.
 */

export { certidoesRoutes } from './certidoes.routes.js';
export { certidoesExpired } from './certidoes.routine.js';
export type { CertidaoType } from './certidoes.validity.js';
export { certidaoTypeNames, parseRequiredTypes } from './certidoes.validity.js';
export { certificatesExpiring } from './certificate-expiry.routine.js';
export { certificatesRoutes } from './certificates.routes.js';
export { civilDateOf, daysBetween, endOfCivilDay, startOfCivilDay } from './certificates.validity.js';
