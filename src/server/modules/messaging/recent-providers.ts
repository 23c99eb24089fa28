import type { Db } from '../../db/database.js';
import { RecentReads } from '../../recent-reads.js';
import type { SmsSettings } from './channels/sms.channel.js';
import type { WhatsAppSettings } from './channels/whatsapp.channel.js';
import type { Channel, EmailSettings } from './messaging.schema.js';

export type Provider =
  | { channel: 'email'; settings: EmailSettings | null }
  | { channel: 'whatsapp'; settings: WhatsAppSettings | null }
  | { channel: 'sms'; settings: SmsSettings | null };

/**
 * Each office's channel settings as message deliveries read them: once every few seconds instead of once
 * per message. Whatever writes `channel_settings` calls `forgetProvider` after its transaction.
 */
export const recentProviders = new RecentReads<Provider>();

export const providerKey = (officeId: string, channel: Channel) => `${officeId}:${channel}`;

export function forgetProvider(db: Db, officeId: string, channel: Channel): void {
  recentProviders.forget(db, providerKey(officeId, channel));
}
