import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { ApiToken } from './platform.schema.js';

export async function insertApiToken(
  db: Db,
  t: {
    id: string;
    officeId: string;
    name: string;
    prefix: string;
    tokenHash: string;
    createdBy: string | null;
    at: Date;
  },
) {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      office_id: t.officeId,
      name: t.name,
      prefix: t.prefix,
      token_hash: t.tokenHash,
      created_by: t.createdBy,
      created_at: t.at.toISOString(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
}

export async function listApiTokens(db: Db, officeId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('office_id', '=', officeId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function findLiveApiToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'office_id', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiToken(db: Db, id: string, at: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: at.toISOString() }).where('id', '=', id).execute();
}

export async function revokeApiToken(db: Db, officeId: string, id: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at.toISOString() })
    .where(officeRow(officeId, id))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
