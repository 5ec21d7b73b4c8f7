import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../http/errors';
import type { DbOrTx } from '../../db/client';
import { expertAssignments } from './tables';

export async function listAssignedCompanyIds(db: DbOrTx, expertUserId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ companyId: expertAssignments.companyId })
    .from(expertAssignments)
    .where(eq(expertAssignments.expertUserId, expertUserId));
  return rows.map((r) => r.companyId);
}

/** Assigns an expert to run alongside a company in a program; assigning twice changes nothing. */
export async function assignExpert(
  db: DbOrTx,
  input: { programId: string; companyId: string; expertUserId: string },
): Promise<ExpertAssignment> {
  const [created] = await db
    .insert(expertAssignments)
    .values(input)
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [existing] = await db
    .select()
    .from(expertAssignments)
    .where(
      and(
        eq(expertAssignments.programId, input.programId),
        eq(expertAssignments.companyId, input.companyId),
        eq(expertAssignments.expertUserId, input.expertUserId),
      ),
    );
  if (!existing) throw new Error('assignment vanished');
  return existing;
}

/** The experts assigned to a company in any program. */
export async function listExpertIdsOfCompany(db: DbOrTx, companyId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ expertUserId: expertAssignments.expertUserId })
    .from(expertAssignments)
    .where(eq(expertAssignments.companyId, companyId));
  return rows.map((r) => r.expertUserId);
}

export async function listAssignedProgramIds(db: DbOrTx, expertUserId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ programId: expertAssignments.programId })
    .from(expertAssignments)
    .where(eq(expertAssignments.expertUserId, expertUserId));
  return rows.map((r) => r.programId);
}

export type ExpertAssignment = typeof expertAssignments.$inferSelect;

export async function listAssignments(db: DbOrTx, programId: string): Promise<ExpertAssignment[]> {
  return db
    .select()
    .from(expertAssignments)
    .where(eq(expertAssignments.programId, programId))
    .orderBy(asc(expertAssignments.assignedAt));
}

/** Ends an assignment; the expert stops seeing the company at once. */
export async function unassignExpert(
  db: DbOrTx,
  programId: string,
  assignmentId: string,
): Promise<ExpertAssignment> {
  const [removed] = await db
    .delete(expertAssignments)
    .where(and(eq(expertAssignments.id, assignmentId), eq(expertAssignments.programId, programId)))
    .returning();
  if (!removed) throw new AppError('not_found');
  return removed;
}
