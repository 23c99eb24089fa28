import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../src/server/modules/collection/index.js';
import { dialects } from '../support/test-db.js';
import { standInSettings, startWhatsAppStandIn, type WhatsAppStandIn } from '../support/whatsapp-standin.js';
import { type CollectionWorld, collectionWorld, ok, scheduleOnce } from './helpers.js';

for (const dialect of dialects) {
  describe(`collection: WhatsApp too when the office has it (${dialect})`, () => {
    let w: CollectionWorld;
    let wa: WhatsAppStandIn;
    beforeAll(async () => {
      wa = await startWhatsAppStandIn();
      w = await collectionWorld(dialect);
    });
    afterAll(async () => {
      await w.close();
      await wa.stop();
    });

    it('sends the request by e-mail and WhatsApp to a contact who opted in, by e-mail only otherwise', async () => {
      ok(
        await w.adminA.request({
          method: 'PATCH',
          url: `/api/clients/${w.clients.oficina.id}/contacts/${w.contacts.pedro.id}`,
          payload: { whatsapp: '(11) 98765-4321', whatsappOptIn: true },
        }),
      );
      const put = await w.adminA.request({
        method: 'PUT',
        url: '/api/channels/whatsapp',
        payload: standInSettings(wa),
      });
      expect(put.statusCode, put.body).toBe(200);
      await scheduleOnce(w.adminA, w.template.id, [w.clients.oficina.id, w.clients.padaria.id], '2026-10');
      // The request and the reminders of the office for the day (send-requests runs first).
      await runReminders(w.ctx, w.a.office.id, '2026-11-23');
      const sent = await w.ctx.db
        .selectFrom('messages')
        .select(['recipient_id', 'channel', 'idempotency_key', 'status'])
        .where('template', '=', 'collection.request')
        .orderBy('idempotency_key')
        .execute();
      const pedro = sent.filter((m) => m.recipient_id === w.contacts.pedro.id);
      expect(pedro.map((m) => m.channel).sort()).toEqual(['email', 'whatsapp']);
      expect(pedro.every((m) => m.status === 'queued')).toBe(true);
      expect(pedro.find((m) => m.channel === 'whatsapp')!.idempotency_key).toMatch(/:whatsapp$/);
      const maria = sent.filter((m) => m.recipient_id === w.contacts.maria.id);
      expect(maria.map((m) => m.channel)).toEqual(['email']);
    });
  });
}
