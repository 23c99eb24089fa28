import type { Kysely } from 'kysely';
import { notNull, nullable, officeId } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'messages')
    .$call(notNull('text', 'channel', 'recipient_kind'))
    .$call(nullable('text', 'recipient_id', 'client_id', 'address'))
    .$call(notNull('text', 'template', 'vars'))
    .addColumn('subject', 'text')
    .addColumn('body_text', 'text', (c) => c.notNull())
    .$call(nullable('text', 'body_html', 'channel_payload'))
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .$call(notNull('text', 'idempotency_key', 'cause_kind'))
    .addColumn('cause_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(nullable('text', 'provider_message_id', 'error'))
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
    .$call(notNull('text', 'to_address', 'subject', 'raw', 'created_at'))
    .execute();
  await indexes(db, 'mailbox', { mailbox_office_idx: ['office_id', 'created_at'] });

  await db.schema
    .createTable('message_templates')
    .$call(officeId)
    .$call(notNull('text', 'key', 'channel'))
    .addColumn('subject', 'text')
    .$call(notNull('text', 'body', 'updated_at'))
    .addPrimaryKeyConstraint('message_templates_pk', ['office_id', 'key', 'channel'])
    .execute();

  await db.schema
    .createTable('channel_settings')
    .$call(officeId)
    .$call(notNull('text', 'channel', 'settings', 'updated_at'))
    .addPrimaryKeyConstraint('channel_settings_pk', ['office_id', 'channel'])
    .execute();

  await officeTable(db, 'inbound_messages')
    .$call(notNull('text', 'channel', 'from_address', 'provider_message_id', 'body', 'received_at'))
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
