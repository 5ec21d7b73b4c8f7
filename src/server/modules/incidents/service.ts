import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Locale } from '../../../contracts/common';
import {
  DEFAULT_REPORT_TIME_ZONE,
  type AddIncidentEvidenceRequest,
  type IncidentReportInput,
  type IncidentSeverity,
  type IncidentStatus,
  type UpdateIncidentRequest,
} from '../../../contracts/incidents';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { bodyIssue, throwIfIssues, type Issue } from '../../lib/issues';
import { listAssignments } from '../experts/service';
import { findUsersByIds } from '../identity/service';
import { getOrganization, listMembers } from '../organizations/service';
import { findCurrentProgramId } from '../programs/service';
import { loadIncidentContent } from './content';
import { incidentMessages } from './messages';
import {
  incidentActions,
  incidentCounters,
  incidentEvidence,
  incidentReportLinks,
  incidents,
} from './tables';
import { yearIn, zonedLocalToInstant } from './zoned-time';

export type Incident = typeof incidents.$inferSelect;
export type IncidentAction = typeof incidentActions.$inferSelect;
export type IncidentEvidence = typeof incidentEvidence.$inferSelect;
export type ReportLink = typeof incidentReportLinks.$inferSelect;

export interface Actor {
  userId: string;
  name: string;
}
export interface Person {
  userId: string;
  name: string;
  kind: 'member' | 'expert';
}
export interface IncidentSummary extends Incident {
  assigneeName: string | null;
}
export interface IncidentDetail extends IncidentSummary {
  actions: IncidentAction[];
  evidence: IncidentEvidence[];
}

// 144 random bits, URL-safe: the link cannot be guessed or enumerated.
const newSlug = () => randomBytes(18).toString('base64url');

// ---------------------------------------------------------------------------------------------
// The public link

/** The company's report link, or null before it is first enabled. */
export async function getReportLink(
  db: DbOrTx,
  organizationId: string,
): Promise<ReportLink | null> {
  const [link] = await db
    .select()
    .from(incidentReportLinks)
    .where(eq(incidentReportLinks.organizationId, organizationId));
  return link ?? null;
}

/** Turns the public form on or off; the first enabling creates the link. */
export async function setReportLinkEnabled(
  db: DbOrTx,
  organizationId: string,
  enabled: boolean,
  userId: string,
): Promise<ReportLink> {
  const [link] = await db
    .insert(incidentReportLinks)
    .values({ organizationId, slug: newSlug(), enabled, updatedBy: userId })
    .onConflictDoUpdate({
      target: incidentReportLinks.organizationId,
      set: { enabled, updatedBy: userId, updatedAt: new Date() },
    })
    .returning();
  if (!link) throw new Error('report link upsert returned nothing');
  return link;
}

/** Replaces the link; the old one stops working at once. Enables the form. */
export async function rotateReportLink(
  db: DbOrTx,
  organizationId: string,
  userId: string,
): Promise<ReportLink> {
  const now = new Date();
  const slug = newSlug();
  const [link] = await db
    .insert(incidentReportLinks)
    .values({ organizationId, slug, enabled: true, updatedBy: userId, rotatedAt: now })
    .onConflictDoUpdate({
      target: incidentReportLinks.organizationId,
      set: { slug, enabled: true, updatedBy: userId, rotatedAt: now, updatedAt: now },
    })
    .returning();
  if (!link) throw new Error('report link upsert returned nothing');
  return link;
}

/** The company behind an enabled link; null for an unknown, rotated or disabled one alike. */
export async function findOpenReportForm(
  db: DbOrTx,
  slug: string,
): Promise<{ organizationId: string; organizationName: string } | null> {
  const [link] = await db
    .select()
    .from(incidentReportLinks)
    .where(and(eq(incidentReportLinks.slug, slug), eq(incidentReportLinks.enabled, true)));
  if (!link) return null;
  const org = await getOrganization(db, link.organizationId);
  return { organizationId: org.id, organizationName: org.name };
}

// ---------------------------------------------------------------------------------------------
// Recording reports

/** The next confirmation number of the company for the current year (Japan time): INC-2026-0007. */
export async function nextReference(
  db: DbOrTx,
  organizationId: string,
  now = new Date(),
): Promise<string> {
  const year = yearIn(now, DEFAULT_REPORT_TIME_ZONE);
  // The upsert takes a row lock: concurrent reports of one company get distinct, gap-free numbers.
  const [row] = await db
    .insert(incidentCounters)
    .values({ organizationId, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [incidentCounters.organizationId, incidentCounters.year],
      set: { lastNumber: sql`${incidentCounters.lastNumber} + 1` },
    })
    .returning({ n: incidentCounters.lastNumber });
  if (!row) throw new Error('incident counter upsert returned nothing');
  return `INC-${year}-${String(row.n).padStart(4, '0')}`;
}

function isRealLocalTime(local: string): boolean {
  const [y, m, d] = local.slice(0, 10).split('-').map(Number);
  const [hh, mm] = local.slice(11).split(':').map(Number);
  if (!y || !m || !d || hh === undefined || mm === undefined) return false;
  const probe = new Date(Date.UTC(y, m - 1, d, hh, mm));
  return (
    probe.getUTCFullYear() === y &&
    probe.getUTCMonth() === m - 1 &&
    probe.getUTCDate() === d &&
    hh < 24 &&
    mm < 60
  );
}

// A reporter's clock or chosen zone may be a little off; an hour ahead is still accepted.
const FUTURE_SLACK_MS = 60 * 60 * 1000;

/** Checks what zod cannot: a way to reach the reporter, a real and past time. */
function reportIssues(
  report: IncidentReportInput,
  locale: Locale,
  requireContact: boolean,
  now: Date,
): { issues: Issue[]; seenAt: Date | null } {
  const t = incidentMessages(locale);
  const issues: Issue[] = [];
  if (requireContact && !report.email && !report.phone) {
    issues.push(bodyIssue(['email'], 'contact_required', t.contactRequired));
    issues.push(bodyIssue(['phone'], 'contact_required', t.contactRequired));
  }
  let seenAt: Date | null = null;
  if (report.seenAt !== null) {
    if (!isRealLocalTime(report.seenAt)) {
      issues.push(bodyIssue(['seenAt'], 'invalid_date', t.seenAtInvalid));
    } else {
      seenAt = zonedLocalToInstant(report.seenAt, report.seenTimeZone);
      if (seenAt.getTime() > now.getTime() + FUTURE_SLACK_MS)
        issues.push(bodyIssue(['seenAt'], 'in_future', t.seenAtFuture));
    }
  }
  return { issues, seenAt };
}

const titleFrom = (report: IncidentReportInput) => {
  const firstLine =
    report.whatWasSeen
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  return firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine;
};

async function insertIncident(
  db: DbOrTx,
  organizationId: string,
  input: {
    report: IncidentReportInput;
    title: string | undefined;
    source: 'public_form' | 'staff';
    actor: Actor | null;
  },
  locale: Locale,
  prefix: (path: string[]) => string[],
): Promise<Incident> {
  const now = new Date();
  const { issues, seenAt } = reportIssues(
    input.report,
    locale,
    input.source === 'public_form',
    now,
  );
  throwIfIssues(issues.map((i) => ({ ...i, path: prefix(i.path) })));
  const reference = await nextReference(db, organizationId, now);
  const [incident] = await db
    .insert(incidents)
    .values({
      organizationId,
      reference,
      source: input.source,
      title: input.title?.trim() || titleFrom(input.report),
      report: input.report,
      seenAt,
      createdBy: input.actor?.userId ?? null,
    })
    .returning();
  if (!incident) throw new Error('incident insert returned nothing');
  await db.insert(incidentActions).values({
    incidentId: incident.id,
    at: incident.createdAt,
    kind: input.source === 'public_form' ? 'reported' : 'created',
    actorUserId: input.actor?.userId ?? null,
    actorName: input.actor?.name ?? input.report.reporterName,
    text: '',
  });
  return incident;
}

/** Records a report sent through a company's public form; run it in a transaction. */
export async function submitPublicReport(
  db: DbOrTx,
  slug: string,
  report: IncidentReportInput,
  locale: Locale,
): Promise<{ incident: Incident; organizationName: string }> {
  const form = await findOpenReportForm(db, slug);
  if (!form) throw new AppError('not_found');
  const incident = await insertIncident(
    db,
    form.organizationId,
    { report, title: undefined, source: 'public_form', actor: null },
    locale,
    (p) => p,
  );
  return { incident, organizationName: form.organizationName };
}

/** Records an incident staff learnt of another way; run it in a transaction. */
export async function createIncident(
  db: DbOrTx,
  organizationId: string,
  input: { title?: string | undefined; report: IncidentReportInput },
  actor: Actor,
  locale: Locale,
): Promise<IncidentDetail> {
  const incident = await insertIncident(
    db,
    organizationId,
    { report: input.report, title: input.title, source: 'staff', actor },
    locale,
    (p) => ['report', ...p],
  );
  return getIncident(db, organizationId, incident.id);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Who may be assigned an incident: the company's members and the experts assigned to it. */
export async function listAssignees(db: DbOrTx, organizationId: string): Promise<Person[]> {
  const members = (await listMembers(db, organizationId)).map((m) => ({
    userId: m.userId,
    name: m.name,
    kind: 'member' as const,
  }));
  const programId = await findCurrentProgramId(db, organizationId);
  const expertIds = programId
    ? (await listAssignments(db, programId))
        .filter((a) => a.companyId === organizationId)
        .map((a) => a.expertUserId)
    : [];
  const experts = (await findUsersByIds(db, expertIds))
    .filter((u) => !members.some((m) => m.userId === u.id))
    .map((u) => ({ userId: u.id, name: u.name, kind: 'expert' as const }));
  return [...members, ...experts];
}

async function namesOf(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  return new Map((await findUsersByIds(db, wanted)).map((u) => [u.id, u.name]));
}

/** The company's incidents, newest first. */
export async function listIncidents(
  db: DbOrTx,
  organizationId: string,
  filter: {
    status?: IncidentStatus | undefined;
    category?: string | undefined;
    severity?: IncidentSeverity | undefined;
  } = {},
): Promise<IncidentSummary[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.organizationId, organizationId),
        filter.status ? eq(incidents.status, filter.status) : undefined,
        filter.category ? eq(incidents.category, filter.category) : undefined,
        filter.severity ? eq(incidents.severity, filter.severity) : undefined,
      ),
    )
    .orderBy(desc(incidents.createdAt), desc(incidents.reference));
  const names = await namesOf(
    db,
    rows.map((r) => r.assigneeUserId),
  );
  return rows.map((r) => ({
    ...r,
    assigneeName: r.assigneeUserId ? (names.get(r.assigneeUserId) ?? null) : null,
  }));
}

export async function getIncident(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<IncidentDetail> {
  const [incident] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, id), eq(incidents.organizationId, organizationId)));
  if (!incident) throw new AppError('not_found');
  const [actions, evidence, names] = await Promise.all([
    db
      .select()
      .from(incidentActions)
      .where(eq(incidentActions.incidentId, id))
      .orderBy(asc(incidentActions.at), asc(incidentActions.seq)),
    db
      .select()
      .from(incidentEvidence)
      .where(eq(incidentEvidence.incidentId, id))
      .orderBy(asc(incidentEvidence.collectedAt), asc(incidentEvidence.id)),
    namesOf(db, [incident.assigneeUserId]),
  ]);
  return {
    ...incident,
    assigneeName: incident.assigneeUserId ? (names.get(incident.assigneeUserId) ?? null) : null,
    actions,
    evidence,
  };
}

// ---------------------------------------------------------------------------------------------
// Triage

const triageFields = [
  'title',
  'category',
  'severity',
  'functionalImpact',
  'informationImpact',
  'recoverability',
  'nextSteps',
] as const;

/** Applies triage changes and writes what changed to the timeline; run it in a transaction. */
export async function updateIncident(
  db: DbOrTx,
  organizationId: string,
  id: string,
  changes: UpdateIncidentRequest,
  actor: Actor,
  locale: Locale,
): Promise<{ incident: IncidentDetail; changed: string[] }> {
  const t = incidentMessages(locale);
  const current = await getIncident(db, organizationId, id);
  const issues: Issue[] = [];
  if (
    changes.category &&
    !loadIncidentContent().taxonomy.categories.some((c) => c.key === changes.category)
  )
    issues.push(bodyIssue(['category'], 'unknown_category', t.unknownCategory));
  let assignee: Person | undefined;
  if (changes.assigneeUserId) {
    assignee = (await listAssignees(db, organizationId)).find(
      (p) => p.userId === changes.assigneeUserId,
    );
    if (!assignee) issues.push(bodyIssue(['assigneeUserId'], 'not_assignable', t.notAssignable));
  }
  throwIfIssues(issues);

  const changed = (Object.keys(changes) as (keyof UpdateIncidentRequest)[]).filter(
    (k) => changes[k] !== undefined && changes[k] !== current[k],
  );
  if (changed.length === 0) return { incident: current, changed };
  const set = Object.fromEntries(changed.map((k) => [k, changes[k]]));
  const now = new Date();
  await db
    .update(incidents)
    .set({ ...set, updatedAt: now })
    .where(and(eq(incidents.id, id), eq(incidents.organizationId, organizationId)));

  // The timeline stores keys, not sentences, so each reader sees it in their own language.
  const entries: (typeof incidentActions.$inferInsert)[] = [];
  const base = { incidentId: id, at: now, actorUserId: actor.userId, actorName: actor.name };
  if (changed.includes('status')) entries.push({ ...base, kind: 'status', text: changes.status! });
  if (changed.includes('assigneeUserId'))
    entries.push({ ...base, kind: 'assigned', text: assignee?.name ?? '' });
  const triage = triageFields.filter((f) => changed.includes(f));
  if (triage.length > 0) entries.push({ ...base, kind: 'triage', text: triage.join(',') });
  if (entries.length > 0) await db.insert(incidentActions).values(entries);
  return { incident: await getIncident(db, organizationId, id), changed };
}

/** Adds a step to the timeline: what was done, by whom, when. Run it in a transaction. */
export async function addIncidentAction(
  db: DbOrTx,
  organizationId: string,
  id: string,
  input: { text: string; at?: string | undefined },
  actor: Actor,
): Promise<IncidentAction> {
  await getIncident(db, organizationId, id);
  const [action] = await db
    .insert(incidentActions)
    .values({
      incidentId: id,
      at: input.at ? new Date(input.at) : new Date(),
      kind: 'note',
      actorUserId: actor.userId,
      actorName: actor.name,
      text: input.text,
    })
    .returning();
  if (!action) throw new Error('incident action insert returned nothing');
  await touch(db, organizationId, id);
  return action;
}

/** Records an item of evidence and notes it on the timeline. Run it in a transaction. */
export async function addIncidentEvidence(
  db: DbOrTx,
  organizationId: string,
  id: string,
  input: AddIncidentEvidenceRequest,
  actor: Actor,
): Promise<IncidentEvidence> {
  await getIncident(db, organizationId, id);
  const [item] = await db
    .insert(incidentEvidence)
    .values({
      incidentId: id,
      description: input.description,
      location: input.location,
      hash: input.hash,
      collectedBy: input.collectedBy,
      collectedAt: new Date(input.collectedAt),
      recordedByUserId: actor.userId,
      recordedByName: actor.name,
    })
    .returning();
  if (!item) throw new Error('evidence insert returned nothing');
  await db.insert(incidentActions).values({
    incidentId: id,
    kind: 'evidence',
    actorUserId: actor.userId,
    actorName: actor.name,
    text: input.description,
  });
  await touch(db, organizationId, id);
  return item;
}

async function touch(db: DbOrTx, organizationId: string, id: string): Promise<void> {
  await db
    .update(incidents)
    .set({ updatedAt: new Date() })
    .where(and(eq(incidents.id, id), eq(incidents.organizationId, organizationId)));
}

/** The company admins, in their own language, to tell about a new public report. */
export async function listReportRecipients(
  db: DbOrTx,
  organizationId: string,
): Promise<{ email: string; locale: Locale }[]> {
  const admins = (await listMembers(db, organizationId)).filter((m) => m.role === 'company_admin');
  const users = await findUsersByIds(
    db,
    admins.map((a) => a.userId),
  );
  return users.map((u) => ({ email: u.email, locale: u.locale }));
}
