import { index, pgTable, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';
import { programs } from '../programs/tables';

/** Which expert runs alongside which company in which program. */
export const expertAssignments = pgTable(
  'expert_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    expertUserId: uuid('expert_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    unique('expert_assignments_unique').on(t.programId, t.companyId, t.expertUserId),
    index('expert_assignments_expert_idx').on(t.expertUserId),
  ],
);
