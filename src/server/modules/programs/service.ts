import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { Principal } from '../../http/access';
import { isOperator } from '../../http/access';
import { AppError } from '../../http/errors';
import * as organizationsService from '../organizations/service';
import { programPhishingFigures } from '../phishing/program-figures';
import { enrollments, programCourses, programs } from './tables';

export type Program = typeof programs.$inferSelect;
type CourseCode = 'csirt' | 'itbcp';

/** Below this many companies a count is withheld, so no single company can be singled out. */
export const MINIMUM_GROUP_SIZE = 5;

export async function createProgram(
  db: DbOrTx,
  input: typeof programs.$inferInsert & {
    courses: { code: CourseCode; name: string; capacity: number }[];
  },
): Promise<Program> {
  const { courses, ...values } = input;
  const [program] = await db.insert(programs).values(values).returning();
  if (!program) throw new Error('program insert returned nothing');
  if (courses.length > 0) {
    await db.insert(programCourses).values(courses.map((c) => ({ ...c, programId: program.id })));
  }
  return program;
}

export async function enrollCompany(
  db: DbOrTx,
  input: { programId: string; companyId: string; courseCode: CourseCode },
): Promise<void> {
  await db.insert(enrollments).values(input).onConflictDoNothing();
}

export interface ProgramWithCourses extends Program {
  courses: { code: CourseCode; name: string; capacity: number; enrolled: number }[];
}

async function withCourses(db: DbOrTx, list: Program[]): Promise<ProgramWithCourses[]> {
  if (list.length === 0) return [];
  const ids = list.map((p) => p.id);
  const courses = await db
    .select()
    .from(programCourses)
    .where(inArray(programCourses.programId, ids))
    .orderBy(asc(programCourses.code));
  const counts = await db
    .select({
      programId: enrollments.programId,
      courseCode: enrollments.courseCode,
      n: sql<number>`count(*)::int`,
    })
    .from(enrollments)
    .where(
      and(
        inArray(enrollments.programId, ids),
        inArray(enrollments.status, ['enrolled', 'completed']),
      ),
    )
    .groupBy(enrollments.programId, enrollments.courseCode);
  return list.map((p) => ({
    ...p,
    courses: courses
      .filter((c) => c.programId === p.id)
      .map((c) => ({
        code: c.code,
        name: c.name,
        capacity: c.capacity,
        enrolled: counts.find((n) => n.programId === p.id && n.courseCode === c.code)?.n ?? 0,
      })),
  }));
}

/** Programs run by the caller's operator organisation, or those an expert has assignments in. */
export async function listProgramsFor(
  db: DbOrTx,
  principal: Principal,
  assignedProgramIds: string[],
): Promise<ProgramWithCourses[]> {
  const operatorOrgIds = principal.memberships
    .filter((m) => m.role === 'operator' || m.role === 'expert')
    .map((m) => m.organizationId);
  const visible = isOperator(principal)
    ? inArray(programs.operatorOrgId, operatorOrgIds)
    : assignedProgramIds.length > 0
      ? inArray(programs.id, assignedProgramIds)
      : undefined;
  if (!visible) return [];
  const list = await db.select().from(programs).where(visible).orderBy(asc(programs.startsOn));
  return withCourses(db, list);
}

/** Programs whose municipality the caller observes for. */
export async function listObservedPrograms(
  db: DbOrTx,
  principal: Principal,
): Promise<ProgramWithCourses[]> {
  const observerOrgIds = principal.memberships
    .filter((m) => m.role === 'observer')
    .map((m) => m.organizationId);
  if (observerOrgIds.length === 0) return [];
  const list = await db
    .select()
    .from(programs)
    .where(inArray(programs.observerOrgId, observerOrgIds))
    .orderBy(asc(programs.startsOn));
  return withCourses(db, list);
}

async function getProgramVisibleAsAggregate(
  db: DbOrTx,
  principal: Principal,
  programId: string,
): Promise<Program> {
  const memberOf = principal.memberships
    .filter((m) => m.role === 'operator' || m.role === 'observer')
    .map((m) => m.organizationId);
  if (memberOf.length === 0) throw new AppError('forbidden');
  const [program] = await db
    .select()
    .from(programs)
    .where(
      and(
        eq(programs.id, programId),
        or(inArray(programs.operatorOrgId, memberOf), inArray(programs.observerOrgId, memberOf)),
      ),
    );
  if (!program) throw new AppError('not_found');
  return program;
}

const withhold = (n: number) => (n >= MINIMUM_GROUP_SIZE ? n : null);

/** Counts for the operator and the municipality; groups smaller than the minimum are withheld. */
export async function summarizeProgram(db: DbOrTx, principal: Principal, programId: string) {
  const program = await getProgramVisibleAsAggregate(db, principal, programId);
  const rows = await db
    .select({ companyId: enrollments.companyId, courseCode: enrollments.courseCode })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.programId, programId),
        inArray(enrollments.status, ['enrolled', 'completed']),
      ),
    );
  const companies = await organizationsService.listOrganizations(db, {
    ids: rows.map((r) => r.companyId),
  });
  const byCourse = (['csirt', 'itbcp'] as const).map((course) => ({
    course,
    companies: withhold(rows.filter((r) => r.courseCode === course).length),
  }));
  const industryCounts = new Map<string, number>();
  for (const c of companies) {
    const key = c.industry ?? 'other';
    industryCounts.set(key, (industryCounts.get(key) ?? 0) + 1);
  }
  return {
    programId,
    minimumGroupSize: MINIMUM_GROUP_SIZE,
    enrolledCompanies: withhold(rows.length),
    byCourse,
    byIndustry: [...industryCounts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([industry, n]) => ({ industry, companies: withhold(n) })),
    phishing: await programPhishingFigures(db, {
      companyIds: rows.map((r) => r.companyId),
      startsOn: program.startsOn,
      endsOn: program.endsOn,
      minimumCompanies: MINIMUM_GROUP_SIZE,
    }),
  };
}

/** The companies taking part in a program the caller may see as aggregates (operator or observer). */
export async function listAggregateCompanyIds(
  db: DbOrTx,
  principal: Principal,
  programId: string,
): Promise<string[]> {
  await getProgramVisibleAsAggregate(db, principal, programId);
  const rows = await db
    .select({ companyId: enrollments.companyId })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.programId, programId),
        inArray(enrollments.status, ['enrolled', 'completed']),
      ),
    );
  return rows.map((r) => r.companyId);
}

/** A program run by one of the caller's operator organisations, with the companies enrolled in it. */
export async function getProgramForOperator(
  db: DbOrTx,
  principal: Principal,
  programId: string,
): Promise<{ program: Program; enrolledCompanyIds: string[] }> {
  const operatorOrgIds = principal.memberships
    .filter((m) => m.role === 'operator')
    .map((m) => m.organizationId);
  if (operatorOrgIds.length === 0) throw new AppError('forbidden');
  const [program] = await db
    .select()
    .from(programs)
    .where(and(eq(programs.id, programId), inArray(programs.operatorOrgId, operatorOrgIds)));
  if (!program) throw new AppError('not_found');
  const rows = await db
    .select({ companyId: enrollments.companyId })
    .from(enrollments)
    .where(eq(enrollments.programId, programId));
  return { program, enrolledCompanyIds: rows.map((r) => r.companyId) };
}

/** The program a company takes part in now: its latest enrolment that has not been withdrawn. */
export async function findCurrentProgramId(db: DbOrTx, companyId: string): Promise<string | null> {
  const [row] = await db
    .select({ programId: enrollments.programId })
    .from(enrollments)
    .innerJoin(programs, eq(programs.id, enrollments.programId))
    .where(
      and(
        eq(enrollments.companyId, companyId),
        inArray(enrollments.status, ['applied', 'enrolled', 'completed']),
      ),
    )
    .orderBy(desc(programs.startsOn))
    .limit(1);
  return row?.programId ?? null;
}

/** The company's current enrolment (latest program, not withdrawn) with its course, or null. */
export async function findEnrollmentOfCompany(
  db: DbOrTx,
  companyId: string,
): Promise<{ programId: string; courseCode: CourseCode } | null> {
  const [row] = await db
    .select({ programId: enrollments.programId, courseCode: enrollments.courseCode })
    .from(enrollments)
    .innerJoin(programs, eq(programs.id, enrollments.programId))
    .where(
      and(
        eq(enrollments.companyId, companyId),
        inArray(enrollments.status, ['applied', 'enrolled', 'completed']),
      ),
    )
    .orderBy(desc(programs.startsOn))
    .limit(1);
  return row ?? null;
}
