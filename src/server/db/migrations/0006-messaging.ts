import type { Kysely } from 'kysely';
import { dropTables, indexes, officeId, officeTable } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'messages')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient_kind', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('address', 'text')
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('vars', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('channel_payload', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('cause_kind', 'text', (c) => c.notNull())
    .addColumn('cause_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider_message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // "No client hears the same thing twice": one message per logical occurrence and channel.
    .addUniqueConstraint('messages_office_key_uq', ['office_id', 'idempotency_key'])
    .execute();
  await indexes(db, 'messages', {
    messages_office_created_idx: ['office_id', 'created_at'],
    messages_client_idx: ['office_id', 'client_id', 'created_at'],
  });

  await officeTable(db, 'mailbox')
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'mailbox', { mailbox_office_idx: ['office_id', 'created_at'] });

  await db.schema
    .createTable('message_templates')
    .$call(officeId)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_templates_pk', ['office_id', 'key', 'channel'])
    .execute();

  await db.schema
    .createTable('channel_settings')
    .$call(officeId)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_settings_pk', ['office_id', 'channel'])
    .execute();

  await officeTable(db, 'inbound_messages')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('provider_message_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inbound_provider_uq', ['office_id', 'channel', 'provider_message_id'])
    .execute();
  await indexes(db, 'inbound_messages', {
    inbound_from_idx: ['office_id', 'channel', 'from_address', 'received_at'],
  });
  await indexes(db, 'messages', { messages_provider_idx: ['provider_message_id'] });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['inbound_messages', 'channel_settings', 'message_templates', 'mailbox', 'messages']);
}
