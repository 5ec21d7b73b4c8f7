import { eq } from 'drizzle-orm';
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
): Promise<void> {
  await db.insert(expertAssignments).values(input).onConflictDoNothing();
}

export async function listAssignedProgramIds(db: DbOrTx, expertUserId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ programId: expertAssignments.programId })
    .from(expertAssignments)
    .where(eq(expertAssignments.expertUserId, expertUserId));
  return rows.map((r) => r.programId);
}
