/**
 * Whether an office closed its first-run checklist (the home page's "Primeiros passos"). The checklist itself
 * is computed by the onboarding module from the other modules' state; this is only the office's choice.
 */
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { auditTrail } from './audit.repo.js';
import type { Actor } from './platform.service.js';

const officeAudit = auditTrail('office');

/** When the office closed the checklist, or null while it shows. */
export async function onboardingDismissedAt(db: Db, officeId: string): Promise<string | null> {
  const row = await db
    .selectFrom('offices')
    .select('onboarding_dismissed_at')
    .where('id', '=', officeId)
    .executeTakeFirst();
  return row?.onboarding_dismissed_at ?? null;
}

/** Closes (`dismissed` true) or reopens the office's first-run checklist, audited. */
export async function setOnboardingDismissed(
  ctx: AppContext,
  actor: Actor,
  dismissed: boolean,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await onboardingDismissedAt(trx, actor.officeId);
    if ((before !== null) === dismissed) return;
    const now = ctx.clock.now();
    await trx
      .updateTable('offices')
      .set({ onboarding_dismissed_at: dismissed ? now.toISOString() : null })
      .where('id', '=', actor.officeId)
      .execute();
    const action = dismissed ? 'onboarding-dismissed' : 'onboarding-reopened';
    await officeAudit.record(trx, { ...actor, at: now }, actor.officeId, action, {
      before: { onboardingDismissedAt: before },
      after: { onboardingDismissedAt: dismissed ? now.toISOString() : null },
    });
  });
}
