/** messaging — one outbox for e-mail (SMTP or the local mailbox), WhatsApp and SMS; templates. */
import { onRunFinished } from '../engine/index.js';
import { send } from './send.js';

export { channelAdminRoutes } from './channel-admin.routes.js';
export { unsubscribeToken } from './consent.js';
export { deliverMessage } from './deliver.job.js';
export { MessagingError } from './messaging.errors.js';
export { messagingRoutes } from './messaging.routes.js';
export * from './messaging.schema.js';
export { listMessages } from './messaging.service.js';
export { countPossibleDuplicates } from './possible-duplicates.js';
export { redactOldMessages } from './retention.js';
export { decryptSecret, encryptSecret } from './secrets.js';
export {
  newSendMemo,
  type Recipient,
  remember,
  type SendInput,
  type SendMemo,
  type SendResult,
  send,
} from './send.js';
export { smsRoutes } from './sms.routes.js';
export { defineTemplate, templateDefinitions } from './template-registry.js';
export { compileTemplate, renderTemplate } from './templates.js';
export { whatsappRoutes } from './whatsapp.routes.js';

// The summary e-mail of a background run, to the user who asked for it, through the outbox.
onRunFinished(async (trx, run, app) => {
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
});
