/**
 * "Avisar a equipe": tells a user of the office — a chosen user, the item's responsible, or the
 * responsible's supervisor (Configurações → Usuários) — in the app (the bell) and, if asked, by e-mail
 * (template `automation.staff-notice`, key `automation:<runId>`). The title and text are Liquid over the
 * item, its client, the office and vars. Test mode says who would be told, and what.
 */
import { z } from 'zod';
import { longText, text } from '../../../../shared/schemas/fields.js';
import { appLink } from '../../../config.js';
import { send } from '../../messaging/index.js';
import { findUser, notifyUser } from '../../platform/index.js';
import { actionKindOf } from './action-texts.js';
import { checkLiquid, renderRule, ruleContext, withOffice } from './action-vars.js';
import { ActionError } from './actions.errors.js';
import { staffNoticeTemplate } from './actions.templates.js';

const notifyInput = z
  .strictObject({
    to: z.enum(['user', 'responsible', 'supervisor']),
    /** With `to: 'user'`. */
    userId: z.uuid().nullable().default(null),
    title: text(200).min(1),
    body: longText(4000).min(1),
    email: z.boolean().default(true),
  })
  .refine((i) => i.to !== 'user' || i.userId, {
    message: 'Escolha o usuário. / Choose the user.',
    path: ['userId'],
  });
type NotifyInput = z.infer<typeof notifyInput>;

const whom = {
  user: { 'pt-BR': 'um usuário', en: 'a user' },
  responsible: { 'pt-BR': 'o responsável', en: 'the responsible' },
  supervisor: { 'pt-BR': 'o supervisor do responsável', en: "the responsible's supervisor" },
} as const;

export const notifyStaffAction = actionKindOf<NotifyInput>({
  kind: 'staff.notify',
  keepsItem: true,
  input: notifyInput as unknown as z.ZodType<NotifyInput>,
  describe: (input, lang) =>
    lang === 'en'
      ? `Notify ${whom[input.to].en}: “${input.title}”`
      : `Avisar ${whom[input.to]['pt-BR']}: “${input.title}”`,
  async validate(db, officeId, input, pipeline) {
    const issues = checkLiquid({ title: input.title, body: input.body }, pipeline);
    if (input.to === 'user' && input.userId) {
      const u = await findUser(db, officeId, input.userId);
      if (!u?.active)
        issues.push({
          field: 'userId',
          code: 'not_found',
          message: { 'pt-BR': 'Usuário não encontrado ou inativo.', en: 'User not found or inactive.' },
        });
    }
    return issues;
  },
  async execute(ctx, input) {
    let userId: string | null = input.to === 'user' ? input.userId : ctx.item.responsibleId;
    if (!userId) {
      throw new ActionError('action_no_recipient_user', {
        params: { reason: 'o item não tem responsável' },
      });
    }
    if (input.to === 'supervisor') {
      const responsible = await findUser(ctx.db, ctx.officeId, userId);
      userId = responsible?.supervisorId ?? null;
      if (!userId)
        throw new ActionError('action_no_recipient_user', {
          params: { reason: `${responsible?.name ?? 'o responsável'} não tem supervisor` },
        });
    }
    const user = await findUser(ctx.db, ctx.officeId, userId);
    if (!user?.active)
      throw new ActionError('action_no_recipient_user', {
        params: { reason: 'o usuário não existe ou está inativo' },
      });
    const values = await withOffice(ctx.db, ctx.officeId, await ruleContext(ctx));
    const title = renderRule(input.title, values).slice(0, 200);
    const body = renderRule(input.body, values);
    const link = appLink(ctx.app.config, ctx.item.path);
    if (ctx.testMode) {
      return {
        summary: {
          'pt-BR': `Teste: ${user.name} seria avisado (não enviado)`,
          en: `Test: ${user.name} would be notified (not sent)`,
        },
        preview: [
          { channel: 'app', to: user.name, subject: title, body },
          ...(input.email ? [{ channel: 'email', to: user.email, subject: title, body }] : []),
        ],
      };
    }
    await notifyUser(ctx.db, {
      officeId: ctx.officeId,
      userId: user.id,
      title,
      body,
      link: ctx.item.path,
      at: ctx.now,
    });
    const links: { kind: 'message'; id: string; label?: string }[] = [];
    if (input.email) {
      const r = await send(
        ctx.app,
        ctx.db,
        {
          officeId: ctx.officeId,
          to: { kind: 'user', id: user.id, name: user.name, emails: [user.email] },
          channels: ['email'],
          template: staffNoticeTemplate.key,
          vars: { user: { name: user.name }, notice: { title, body, link } },
          language: user.language,
          key: `automation:${ctx.run.id}`,
          cause: { kind: 'automation', id: ctx.run.id },
        },
        ctx.memo,
      );
      links.push({ kind: 'message', id: r.messageId, label: r.status });
    }
    return {
      summary: { 'pt-BR': `${user.name} avisado`, en: `${user.name} notified` },
      output: { notified: { userId: user.id, name: user.name } },
      links,
    };
  },
});
