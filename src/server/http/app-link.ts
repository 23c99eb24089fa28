import type { AppContext } from '../context.js';

/**
 * An absolute link to a path of the app, for links sent out (e-mails, WhatsApp, webhooks): under
 * `PUBLIC_URL`, or the address the server listens on when it is not set.
 * @example appLink(ctx, `/portal/arquivos/${token}`) // 'https://escritorio.com.br/portal/arquivos/…'
 */
export function appLink(ctx: AppContext, path: string): string {
  const base = ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
  return `${base.replace(/\/$/, '')}${path}`;
}
