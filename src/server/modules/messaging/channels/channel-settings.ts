import type { Db } from '../../../db/database.js';
import type { Channel } from '../messaging.schema.js';

/**
 * The office's stored settings of one channel (the JSON its settings page saved: secrets still
 * encrypted), or null when the office has not set the channel up.
 */
export async function storedSettings<S>(db: Db, officeId: string, channel: Channel): Promise<S | null> {
  const row = await db
    .selectFrom('channel_settings')
    .select('settings')
    .where('office_id', '=', officeId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row ? (JSON.parse(row.settings) as S) : null;
}
