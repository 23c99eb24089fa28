/**
 * staff — routines for the office's own people that gather items from every area: each responsible's
 * daily digest and the accounts left idle. The top layer: it reads the other modules through their
 * index and nothing depends on it.
 */

export { dailyDigest } from './daily-digest.routine.js';
export { idleAccounts } from './idle-accounts.routine.js';
