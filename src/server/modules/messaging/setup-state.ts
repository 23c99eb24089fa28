import type { Db } from '../../db/database.js';

/**
 * How far an office got in setting up its channels, for the first-run checklist: e-mail goes through the
 * office's own SMTP server and a test e-mail went out through it since it was last saved; WhatsApp is set up.
 */
export async function channelSetupState(
  db: Db,
  officeId: string,
): Promise<{ emailConfigured: boolean; emailTested: boolean; whatsappConfigured: boolean }> {
  const settings = await db
    .selectFrom('channel_settings')
    .select(['channel', 'updated_at'])
    .where('office_id', '=', officeId)
    .execute();
  const email = settings.find((s) => s.channel === 'email');
  const tested = email
    ? await db
        .selectFrom('messages')
        .select('id')
        .where('office_id', '=', officeId)
        .where('template', '=', 'messaging.test')
        .where('channel', '=', 'email')
        .where('status', 'in', ['sent', 'delivered', 'read'])
        .where('created_at', '>=', email.updated_at)
        .limit(1)
        .executeTakeFirst()
    : undefined;
  return {
    emailConfigured: email !== undefined,
    emailTested: tested !== undefined,
    whatsappConfigured: settings.some((s) => s.channel === 'whatsapp'),
  };
}
