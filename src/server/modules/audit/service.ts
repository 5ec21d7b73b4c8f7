import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { auditLog } from './tables';

export interface AuditEntryInput {
  action: string;
  actorUserId?: string | null | undefined;
  actorEmail?: string | null | undefined;
  organizationId?: string | null | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  ip?: string | undefined;
  /** Never secrets: ids, roles, reasons. */
  details?: Record<string, unknown>;
}

/** Records a security-relevant action; call it inside the transaction that makes the change. */
export async function recordAudit(db: DbOrTx, entry: AuditEntryInput): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    actorUserId: entry.actorUserId ?? null,
    actorEmail: entry.actorEmail ?? null,
    organizationId: entry.organizationId ?? null,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}

export type AuditEntry = typeof auditLog.$inferSelect;

export async function listAudit(
  db: DbOrTx,
  query: {
    action?: string | undefined;
    organizationId?: string | undefined;
    /** Id of the last entry already read: the page continues after it. */
    before?: string | undefined;
    limit: number;
  },
): Promise<{ entries: AuditEntry[]; nextBefore: string | null }> {
  const conditions = [
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.organizationId ? eq(auditLog.organizationId, query.organizationId) : undefined,
    // Compared with the row's own timestamp in the database: entries sharing a timestamp (or differing
    // below a millisecond, which a JavaScript date cannot carry) are neither skipped nor repeated.
    query.before
      ? sql`(${auditLog.at}, ${auditLog.id}) < (SELECT cursor.at, cursor.id FROM audit_log cursor WHERE cursor.id = ${query.before})`
      : undefined,
  ].filter((c) => c !== undefined);
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(query.limit + 1);
  const entries = rows.slice(0, query.limit);
  const last = entries.at(-1);
  return { entries, nextBefore: rows.length > query.limit && last ? last.id : null };
}
