import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** What the development mailbox received; only used when no SMTP relay is configured. */
export const devMailboxMessages = pgTable(
  'dev_mailbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
    mailFrom: text('mail_from').notNull(),
    rcptTo: text('rcpt_to').array().notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    raw: text('raw').notNull(),
  },
  (t) => [index('dev_mailbox_received_idx').on(t.receivedAt)],
);
