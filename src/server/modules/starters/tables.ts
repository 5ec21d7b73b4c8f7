import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';

/** A starter suggestion the company dropped: kept so it stays gone until restored. */
export const starterDismissals = pgTable(
  'starter_dismissals',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['risk', 'asset', 'process'] }).notNull(),
    /** The starter key in content/ (risks, assets, impact). */
    key: text('key').notNull(),
    dismissedBy: uuid('dismissed_by').references(() => users.id, { onDelete: 'set null' }),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.kind, t.key] })],
);
