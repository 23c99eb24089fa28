import { appLink } from '../../config.js';
import type { RunFinishedHook } from '../engine/index.js';
import { send } from './send.js';

/**
 * The summary e-mail of a background run, to the user who asked for it, in the user's language, through
 * the outbox. The engine
 * calls it in the transaction that finishes the run (`onRunFinished`, registered by the catalog).
 */
export const runSummaryEmail: RunFinishedHook = async (trx, run, app) => {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'name', 'email', 'language'])
    .where('id', '=', run.requestedBy)
    .executeTakeFirst();
  if (!user) return;
  await send(app, trx, {
    officeId: run.officeId,
    to: { kind: 'user', id: user.id, name: user.name, emails: [user.email] },
    channels: ['email'],
    template: 'engine.run-finished',
    language: user.language,
    vars: {
      user: { name: user.name },
      run: {
        title: run.title[user.language],
        status: run.state[user.language],
        summary: run.summary[user.language],
        link: appLink(app.config, `/runs/${run.id}`),
        finishedAt: run.finishedAt,
      },
    },
    key: `run-finished:${run.id}`,
    cause: { kind: 'run', id: run.id },
  });
};
