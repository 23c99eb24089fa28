import type { AppContext } from '../../context.js';
import { writeTransaction } from '../../db/group-commit.js';

/**
 * Privacy: after `days`, message bodies (subject, text, HTML, variables, the fallback's recipient) and
 * local-mailbox copies are removed; the delivery metadata (who, when, channel, status, key, cause) is
 * kept. In batches.
 */
export async function redactOldMessages(ctx: AppContext, days: number, batch = 1000): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - days * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('messages')
      .select('id')
      .where('created_at', '<', before)
      .where('vars', '!=', '{}')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id);
    await writeTransaction(ctx, async (trx) => {
      await trx
        .updateTable('messages')
        .set({
          subject: null,
          body_text: '[conteúdo removido após o prazo de retenção]',
          body_html: null,
          vars: '{}',
          channel_payload: null,
          fallback: null,
        })
        .where('id', 'in', ids)
        .execute();
      await trx.deleteFrom('mailbox').where('message_id', 'in', ids).execute();
    });
    total += ids.length;
  }
  return total;
}
