import type { RunFinishedHook } from '../engine/index.js';
import { send } from './send.js';

/**
 * The summary e-mail of a background run, to the user who asked for it, through the outbox. The engine
 * calls it in the transaction that finishes the run (`onRunFinished`, registered by the catalog).
 */
export const runSummaryEmail: RunFinishedHook = async (trx, run, app) => {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', '=', run.requestedBy)
    .executeTakeFirst();
  if (!user) return;
  const base = app.config.publicUrl ?? `http://${app.config.host}:${app.config.port}`;
  await send(app, trx, {
    officeId: run.officeId,
    to: { kind: 'user', id: user.id, name: user.name, emails: [user.email] },
    channels: ['email'],
    template: 'engine.run-finished',
    vars: {
      user: { name: user.name },
      run: {
        title: run.title,
        status: run.state,
        summary: run.summary,
        link: `${base}/runs/${run.id}`,
        finishedAt: run.finishedAt,
      },
    },
    key: `run-finished:${run.id}`,
    cause: { kind: 'run', id: run.id },
  });
};
