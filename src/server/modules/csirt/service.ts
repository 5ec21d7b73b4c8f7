import { and, asc, eq } from 'drizzle-orm';
import type { Locale } from '../../../contracts/common';
import {
  flowStages,
  emptyProjectCharter,
  emptyTeamFacts,
  type ContactRequest,
  type ContactView,
  type CsirtWarning,
  type CsirtWorkspaceView,
  type FlowStep,
  type ProjectCharter,
  type RoleView,
  type TeamFacts,
  type UpdateChecklistEntryRequest,
  type UpdateContactRequest,
  type UpdateProfileRequest,
  type UpdateRoleRequest,
} from '../../../contracts/csirt';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { isoOrNull } from '../../http/presenters';
import { bodyIssue, throwIfIssues, type Issue } from '../../lib/issues';
import { getOrganization, listMembers, type Member } from '../organizations/service';
import { loadCsirtContent, type CsirtContent } from './content';
import { csirtMessages } from './messages';
import {
  csirtChecklistEntries,
  csirtContacts,
  csirtProfiles,
  csirtRoles,
  type StoredRolePerson,
} from './tables';

type Entry = typeof csirtChecklistEntries.$inferSelect;
type RoleRow = typeof csirtRoles.$inferSelect;
export type Contact = typeof csirtContacts.$inferSelect;

export interface CsirtProfile {
  model: CsirtWorkspaceView['profile']['model'];
  scope: string;
  serviceKeys: string[];
  team: TeamFacts;
  charter: ProjectCharter;
  flowSteps: FlowStep[] | null;
  updatedAt: Date | null;
}

/** Everything the company has decided about its CSIRT, read once for views, warnings and documents. */
export interface CsirtState {
  organizationId: string;
  organizationName: string;
  entries: Map<string, Entry>;
  profile: CsirtProfile;
  roles: Map<string, RoleRow>;
  contacts: Contact[];
  members: Member[];
  /** The latest change to any of it; null when nothing was recorded yet. */
  lastUpdated: Date | null;
}

export interface ResolvedPerson {
  userId: string | null;
  name: string;
  member: boolean;
}

const latest = (dates: (Date | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

/** Reads the company's CSIRT decisions, roles, contacts and members. */
export async function loadCsirtState(db: DbOrTx, organizationId: string): Promise<CsirtState> {
  const org = await getOrganization(db, organizationId);
  const [entries, [profile], roles, contacts, members] = await Promise.all([
    db
      .select()
      .from(csirtChecklistEntries)
      .where(eq(csirtChecklistEntries.organizationId, organizationId)),
    db.select().from(csirtProfiles).where(eq(csirtProfiles.organizationId, organizationId)),
    db.select().from(csirtRoles).where(eq(csirtRoles.organizationId, organizationId)),
    db
      .select()
      .from(csirtContacts)
      .where(eq(csirtContacts.organizationId, organizationId))
      .orderBy(asc(csirtContacts.createdAt), asc(csirtContacts.id)),
    listMembers(db, organizationId),
  ]);
  return {
    organizationId,
    organizationName: org.name,
    entries: new Map(entries.map((e) => [e.itemKey, e])),
    profile: {
      model: profile?.model ?? null,
      scope: profile?.scope ?? '',
      serviceKeys: profile?.serviceKeys ?? [],
      team: { ...emptyTeamFacts, ...profile?.team },
      charter: { ...emptyProjectCharter, ...profile?.charter },
      flowSteps: profile?.flowSteps ?? null,
      updatedAt: profile?.updatedAt ?? null,
    },
    roles: new Map(roles.map((r) => [r.roleKey, r])),
    contacts,
    members,
    lastUpdated: latest([
      profile?.updatedAt,
      ...entries.map((e) => e.updatedAt),
      ...roles.map((r) => r.updatedAt),
      ...contacts.map((c) => c.updatedAt),
    ]),
  };
}

/** The people in a role, members shown under their current name. */
export function peopleOf(state: CsirtState, roleKey: string): ResolvedPerson[] {
  const names = new Map(state.members.map((m) => [m.userId, m.name]));
  return (state.roles.get(roleKey)?.people ?? []).map((p) =>
    p.userId
      ? {
          userId: p.userId,
          name: names.get(p.userId) ?? p.name ?? '',
          member: names.has(p.userId),
        }
      : { userId: null, name: p.name ?? '', member: false },
  );
}

/** A role counts as staffed when someone is named or an outside provider holds it. */
export function isStaffed(state: CsirtState, roleKey: string): boolean {
  const role = state.roles.get(roleKey);
  if (!role) return false;
  return role.people.length > 0 || (role.outsourced && role.provider.trim() !== '');
}

/** Names for a role as one line: people, else the provider. */
export function roleHolders(state: CsirtState, roleKey: string, locale: Locale): string {
  const people = peopleOf(state, roleKey).map((p) => p.name);
  const role = state.roles.get(roleKey);
  if (role?.outsourced && role.provider) people.push(role.provider);
  return people.join(locale === 'ja' ? '、' : ', ');
}

export function roleTitle(content: CsirtContent, roleKey: string, locale: Locale): string {
  return content.checklist.roles.find((r) => r.key === roleKey)?.title[locale] ?? roleKey;
}

/** The flow generated from the template and the company's roles and decisions. */
export function defaultFlowSteps(state: CsirtState, locale: Locale): FlowStep[] {
  const content = loadCsirtContent();
  const pick = (roles: string[]) => roles.find((r) => isStaffed(state, r)) ?? roles[0]!;
  const definitions = state.entries.get('incident-definitions');
  return content.flow.map((s) => ({
    id: s.id,
    stage: s.stage,
    lane: pick(s.lanes),
    title: s.title[locale],
    detail: s.detail[locale],
    decision: s.decision
      ? {
          question: s.decision.question[locale],
          ownerRole: pick(s.decision.ownerRoles),
          // The company's own incident classification is the triage criterion once it is decided.
          criteria:
            s.id === 'triage' && definitions?.decision.trim()
              ? definitions.decision.trim()
              : s.decision.criteria[locale],
        }
      : null,
    notify: s.notify,
  }));
}

export function effectiveFlowSteps(state: CsirtState, locale: Locale): FlowStep[] {
  const own = state.profile.flowSteps;
  const steps = own && own.length > 0 ? own : defaultFlowSteps(state, locale);
  const order = (s: FlowStep) => flowStages.indexOf(s.stage);
  // Stable sort: steps of one stage keep the company's order.
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => order(a.s) - order(b.s) || a.i - b.i)
    .map((x) => x.s);
}

/** Team facts RFC 2350 cannot do without. */
export const essentialTeamFields = [
  'teamName',
  'address',
  'telephone',
  'email',
  'operatingHours',
  'constituency',
  'mission',
  'authority',
  'disclaimer',
] as const satisfies readonly (keyof TeamFacts)[];

/** Constituency and mission: the team facts, else the checklist decision. */
export function teamText(state: CsirtState, field: 'constituency' | 'mission'): string {
  return state.profile.team[field].trim() || (state.entries.get(field)?.decision.trim() ?? '');
}

/** Missing and contradictory decisions; never throws, whatever the data. */
export function csirtWarnings(state: CsirtState, locale: Locale): CsirtWarning[] {
  const content = loadCsirtContent();
  const t = csirtMessages(locale).warnings;
  const labels = csirtMessages(locale).team;
  const warnings: CsirtWarning[] = [];
  const add = (area: string, code: string, ref: string | null, message: string) =>
    warnings.push({ area, code, ref, message });
  const list = (names: string[]) => names.join(locale === 'ja' ? '、' : ', ');

  for (const category of content.checklist.categories) {
    const open = category.items.filter(
      (i) => (state.entries.get(i.key)?.status ?? 'open') === 'open',
    );
    if (open.length > 0)
      add(
        'checklist',
        'items_undecided',
        category.key,
        t.categoryUndecided(
          category.title[locale],
          open.length,
          category.items.length,
          list(open.map((i) => i.title[locale])),
        ),
      );
    for (const item of category.items) {
      const e = state.entries.get(item.key);
      if (!e) continue;
      const title = item.title[locale];
      if (e.status === 'decided' && !e.decision.trim())
        add('checklist', 'decided_without_decision', item.key, t.decidedWithoutDecision(title));
      if (e.status !== 'open' && e.visit === null)
        add('checklist', 'decided_without_visit', item.key, t.decidedWithoutVisit(title));
      if (e.status === 'open' && e.visit !== null)
        add('checklist', 'visit_without_decision', item.key, t.visitWithoutDecision(title));
    }
  }

  if (!state.profile.model) {
    add('model', 'model_missing', null, t.modelMissing);
    if (state.entries.get('csirt-model')?.status === 'decided')
      add('model', 'model_not_recorded', 'csirt-model', t.modelNotRecorded);
  }
  const chosen = content.services.services.filter((s) => state.profile.serviceKeys.includes(s.key));
  if (chosen.length === 0) add('services', 'services_missing', null, t.servicesMissing);
  else if (!chosen.some((s) => s.category === 'reactive'))
    add('services', 'no_reactive_service', null, t.noReactiveService);

  for (const role of content.checklist.roles) {
    const row = state.roles.get(role.key);
    const title = role.title[locale];
    if (role.required && !isStaffed(state, role.key))
      add('roles', 'role_unfilled', role.key, t.roleUnfilled(title));
    if (row?.outsourced && !role.outsourceable)
      add('roles', 'role_not_outsourceable', role.key, t.roleNotOutsourceable(title));
    if (row?.outsourced && !row.provider.trim())
      add('roles', 'provider_missing', role.key, t.providerMissing(title));
  }

  if (state.contacts.length === 0) add('contacts', 'no_contacts', null, t.noContacts);
  for (const c of state.contacts)
    if (!c.phone.trim() && !c.email.trim())
      add('contacts', 'contact_unreachable', c.id, t.contactUnreachable(c.name));

  const steps = effectiveFlowSteps(state, locale);
  const notified = new Set(steps.flatMap((s) => s.notify));
  const uncovered = content.parties.filter(
    (p) =>
      notified.has(p.key) &&
      p.key !== 'individuals' &&
      !state.contacts.some((c) => c.partyKey === p.key),
  );
  if (uncovered.length > 0)
    add(
      'contacts',
      'parties_without_contact',
      null,
      t.partiesWithoutContact(list(uncovered.map((p) => p.name[locale]))),
    );

  const team = state.profile.team;
  const missingTeam = essentialTeamFields.filter((f) =>
    f === 'constituency' || f === 'mission' ? !teamText(state, f) : !team[f].trim(),
  );
  if (missingTeam.length > 0)
    add('team', 'team_incomplete', null, t.teamMissing(list(missingTeam.map((f) => labels[f]))));
  if (team.operatingHours.trim() && !team.outOfHours.trim())
    add('team', 'no_out_of_hours', 'outOfHours', t.hoursWithoutOutOfHours);

  for (const step of steps) {
    if (!isStaffed(state, step.lane))
      add(
        'flow',
        'lane_unstaffed',
        step.id,
        t.laneUnstaffed(step.title, roleTitle(content, step.lane, locale)),
      );
    if (step.decision && !isStaffed(state, step.decision.ownerRole))
      add(
        'flow',
        'owner_unstaffed',
        step.id,
        t.ownerUnstaffed(
          step.decision.question,
          roleTitle(content, step.decision.ownerRole, locale),
        ),
      );
  }

  const deadline = state.profile.charter.deadline;
  if (deadline && deadline < new Date().toISOString().slice(0, 10))
    add('charter', 'deadline_past', 'deadline', t.charterDeadlinePast);
  return warnings;
}

export function presentContact(c: Contact): ContactView {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    organization: c.organization,
    roleKey: c.roleKey,
    partyKey: c.partyKey,
    phone: c.phone,
    email: c.email,
    hours: c.hours,
    escalatesToId: c.escalatesToId,
    notes: c.notes,
  };
}

/** Items decided per visit (1–3) and cumulatively; not-applicable items count as settled. */
export function visitProgress(state: CsirtState) {
  const settled = [...state.entries.values()].filter((e) => e.status !== 'open');
  let cumulative = 0;
  return [1, 2, 3].map((visit) => {
    const decided = settled.filter((e) => e.visit === visit).length;
    cumulative += decided;
    return { visit, decided, cumulative };
  });
}

/** The whole CSIRT workspace of a company, with its warnings in the caller's language. */
export async function getWorkspace(
  db: DbOrTx,
  organizationId: string,
  locale: Locale,
): Promise<CsirtWorkspaceView> {
  const content = loadCsirtContent();
  const state = await loadCsirtState(db, organizationId);
  const memberNames = new Map(state.members.map((m) => [m.userId, m.name]));
  const entries = [...state.entries.values()];
  const roles: RoleView[] = content.checklist.roles.map((r) => {
    const row = state.roles.get(r.key);
    return {
      key: r.key,
      title: r.title,
      description: r.description,
      required: r.required,
      outsourceable: r.outsourceable,
      people: peopleOf(state, r.key),
      outsourced: row?.outsourced ?? false,
      provider: row?.provider ?? '',
      notes: row?.notes ?? '',
    };
  });
  return {
    checklist: content.checklist.categories.map((cat) => ({
      key: cat.key,
      title: cat.title,
      description: cat.description,
      items: cat.items.map((item) => {
        const e = state.entries.get(item.key);
        return {
          key: item.key,
          title: item.title,
          guidance: item.guidance,
          before: e?.before ?? '',
          after: e?.after ?? '',
          decision: e?.decision ?? '',
          notes: e?.notes ?? '',
          status: e?.status ?? 'open',
          visit: e?.visit ?? null,
          updatedAt: isoOrNull(e?.updatedAt),
          updatedByName: e?.updatedBy ? (memberNames.get(e.updatedBy) ?? null) : null,
        };
      }),
    })),
    progress: {
      total: content.itemKeys.size,
      decided: entries.filter((e) => e.status === 'decided').length,
      notApplicable: entries.filter((e) => e.status === 'not_applicable').length,
      visits: visitProgress(state),
    },
    areas: content.services.areas,
    services: content.services.services,
    models: content.checklist.models,
    roles,
    contacts: state.contacts.map(presentContact),
    parties: content.parties,
    profile: {
      model: state.profile.model,
      scope: state.profile.scope,
      serviceKeys: state.profile.serviceKeys,
      team: state.profile.team,
      charter: state.profile.charter,
      updatedAt: isoOrNull(state.profile.updatedAt),
    },
    members: state.members.map((m) => ({ userId: m.userId, name: m.name })),
    warnings: csirtWarnings(state, locale),
  };
}

/** Records the company's state, decision and notes on one checklist item. */
export async function updateChecklistEntry(
  db: DbOrTx,
  organizationId: string,
  itemKey: string,
  input: UpdateChecklistEntryRequest,
  userId: string,
): Promise<void> {
  if (!loadCsirtContent().itemKeys.has(itemKey)) throw new AppError('not_found');
  const set = {
    ...(input.before !== undefined ? { before: input.before } : {}),
    ...(input.after !== undefined ? { after: input.after } : {}),
    ...(input.decision !== undefined ? { decision: input.decision } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.visit !== undefined ? { visit: input.visit } : {}),
    updatedBy: userId,
    updatedAt: new Date(),
  };
  await db
    .insert(csirtChecklistEntries)
    .values({ organizationId, itemKey, ...set })
    .onConflictDoUpdate({
      target: [csirtChecklistEntries.organizationId, csirtChecklistEntries.itemKey],
      set,
    });
}

async function currentProfileRow(db: DbOrTx, organizationId: string) {
  const [row] = await db
    .select()
    .from(csirtProfiles)
    .where(eq(csirtProfiles.organizationId, organizationId));
  return row;
}

/** Changes the model, scope, chosen services, team facts or charter; unknown services are refused. */
export async function updateProfile(
  db: DbOrTx,
  organizationId: string,
  input: UpdateProfileRequest,
  userId: string,
  locale: Locale,
): Promise<void> {
  const content = loadCsirtContent();
  const t = csirtMessages(locale).issues;
  const issues: Issue[] = [];
  input.serviceKeys?.forEach((k, i) => {
    if (!content.serviceKeys.has(k))
      issues.push(bodyIssue(['serviceKeys', i], 'unknown_service', t.unknownService(k)));
  });
  throwIfIssues(issues);
  const row = await currentProfileRow(db, organizationId);
  const set = {
    ...(input.model !== undefined ? { model: input.model } : {}),
    ...(input.scope !== undefined ? { scope: input.scope } : {}),
    ...(input.serviceKeys !== undefined ? { serviceKeys: [...new Set(input.serviceKeys)] } : {}),
    ...(input.team !== undefined ? { team: { ...(row?.team ?? {}), ...input.team } } : {}),
    ...(input.charter !== undefined
      ? { charter: { ...(row?.charter ?? {}), ...input.charter } }
      : {}),
    updatedBy: userId,
    updatedAt: new Date(),
  };
  await db
    .insert(csirtProfiles)
    .values({ organizationId, ...set })
    .onConflictDoUpdate({ target: csirtProfiles.organizationId, set });
}

/** Names the people in a role (members or free names) and whether it is outsourced. */
export async function updateRole(
  db: DbOrTx,
  organizationId: string,
  roleKey: string,
  input: UpdateRoleRequest,
  locale: Locale,
): Promise<void> {
  if (!loadCsirtContent().roleKeys.has(roleKey)) throw new AppError('not_found');
  const t = csirtMessages(locale).issues;
  const members = new Map((await listMembers(db, organizationId)).map((m) => [m.userId, m.name]));
  const issues: Issue[] = [];
  const people: StoredRolePerson[] = [];
  input.people.forEach((p, i) => {
    if ('userId' in p) {
      const name = members.get(p.userId);
      if (name === undefined)
        issues.push(bodyIssue(['people', i, 'userId'], 'not_member', t.notMember));
      else if (!people.some((x) => x.userId === p.userId)) people.push({ userId: p.userId, name });
    } else people.push({ name: p.name });
  });
  throwIfIssues(issues);
  const set = {
    people,
    outsourced: input.outsourced,
    provider: input.provider,
    notes: input.notes,
    updatedAt: new Date(),
  };
  await db
    .insert(csirtRoles)
    .values({ organizationId, roleKey, ...set })
    .onConflictDoUpdate({ target: [csirtRoles.organizationId, csirtRoles.roleKey], set });
}

async function contactsOf(db: DbOrTx, organizationId: string): Promise<Contact[]> {
  return db.select().from(csirtContacts).where(eq(csirtContacts.organizationId, organizationId));
}

function contactIssues(
  all: Contact[],
  id: string | null,
  input: Partial<ContactRequest>,
  locale: Locale,
): Issue[] {
  const content = loadCsirtContent();
  const t = csirtMessages(locale).issues;
  const issues: Issue[] = [];
  if (input.roleKey && !content.roleKeys.has(input.roleKey))
    issues.push(bodyIssue(['roleKey'], 'unknown_role', t.unknownRole(input.roleKey)));
  if (input.partyKey && !content.partyKeys.has(input.partyKey))
    issues.push(bodyIssue(['partyKey'], 'unknown_party', t.unknownParty(input.partyKey)));
  const parent = input.escalatesToId;
  if (parent) {
    const byId = new Map(all.map((c) => [c.id, c]));
    if (parent === id)
      issues.push(bodyIssue(['escalatesToId'], 'escalation_self', t.escalationSelf));
    else if (!byId.has(parent))
      issues.push(bodyIssue(['escalatesToId'], 'unknown_contact', t.unknownContact));
    else if (id) {
      // Walk up from the new parent; meeting this contact again would close a loop.
      const seen = new Set<string>();
      let cursor: string | null = parent;
      while (cursor && !seen.has(cursor)) {
        if (cursor === id) {
          issues.push(bodyIssue(['escalatesToId'], 'escalation_cycle', t.escalationCycle));
          break;
        }
        seen.add(cursor);
        cursor = byId.get(cursor)?.escalatesToId ?? null;
      }
    }
  }
  return issues;
}

export async function createContact(
  db: DbOrTx,
  organizationId: string,
  input: ContactRequest,
  locale: Locale,
): Promise<Contact> {
  throwIfIssues(contactIssues(await contactsOf(db, organizationId), null, input, locale));
  const [row] = await db
    .insert(csirtContacts)
    .values({ organizationId, ...input })
    .returning();
  return row!;
}

async function getContact(db: DbOrTx, organizationId: string, id: string): Promise<Contact> {
  const [row] = await db
    .select()
    .from(csirtContacts)
    .where(and(eq(csirtContacts.id, id), eq(csirtContacts.organizationId, organizationId)));
  if (!row) throw new AppError('not_found');
  return row;
}

export async function updateContact(
  db: DbOrTx,
  organizationId: string,
  id: string,
  input: UpdateContactRequest,
  locale: Locale,
): Promise<Contact> {
  await getContact(db, organizationId, id);
  throwIfIssues(contactIssues(await contactsOf(db, organizationId), id, input, locale));
  const [row] = await db
    .update(csirtContacts)
    .set({ ...input, updatedAt: new Date() })
    .where(and(eq(csirtContacts.id, id), eq(csirtContacts.organizationId, organizationId)))
    .returning();
  return row!;
}

/** Deletes a contact; those who escalated to it move up to its own escalation contact. */
export async function deleteContact(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<Contact> {
  const contact = await getContact(db, organizationId, id);
  await db
    .update(csirtContacts)
    .set({ escalatesToId: contact.escalatesToId, updatedAt: new Date() })
    .where(
      and(eq(csirtContacts.organizationId, organizationId), eq(csirtContacts.escalatesToId, id)),
    );
  await db.delete(csirtContacts).where(eq(csirtContacts.id, id));
  return contact;
}

/** Stores the company's own flow steps after checking every role, owner and party exists. */
export async function setFlowSteps(
  db: DbOrTx,
  organizationId: string,
  steps: FlowStep[],
  userId: string,
  locale: Locale,
): Promise<void> {
  const content = loadCsirtContent();
  const t = csirtMessages(locale).issues;
  const issues: Issue[] = [];
  const ids = new Set<string>();
  steps.forEach((s, i) => {
    if (ids.has(s.id))
      issues.push(bodyIssue(['steps', i, 'id'], 'duplicate_step', t.duplicateStep(s.id)));
    ids.add(s.id);
    if (!content.roleKeys.has(s.lane))
      issues.push(bodyIssue(['steps', i, 'lane'], 'unknown_role', t.unknownRole(s.lane)));
    if (s.decision && !content.roleKeys.has(s.decision.ownerRole))
      issues.push(
        bodyIssue(
          ['steps', i, 'decision', 'ownerRole'],
          'unknown_role',
          t.unknownRole(s.decision.ownerRole),
        ),
      );
    s.notify.forEach((p, j) => {
      if (!content.partyKeys.has(p))
        issues.push(bodyIssue(['steps', i, 'notify', j], 'unknown_party', t.unknownParty(p)));
    });
  });
  throwIfIssues(issues);
  const set = { flowSteps: steps, updatedBy: userId, updatedAt: new Date() };
  await db
    .insert(csirtProfiles)
    .values({ organizationId, ...set })
    .onConflictDoUpdate({ target: csirtProfiles.organizationId, set });
}

/** Returns the flow to the default generated from the company's roles. */
export async function resetFlowSteps(
  db: DbOrTx,
  organizationId: string,
  userId: string,
): Promise<void> {
  await db
    .update(csirtProfiles)
    .set({ flowSteps: null, updatedBy: userId, updatedAt: new Date() })
    .where(eq(csirtProfiles.organizationId, organizationId));
}

/** The company's CSIRT contact points, for other modules (the incident report form names them). */
export async function listCsirtContacts(
  db: DbOrTx,
  organizationId: string,
): Promise<ContactView[]> {
  return (await contactsOf(db, organizationId)).map(presentContact);
}

/** The team's own reporting channels (RFC 2350 contact facts), for other modules. */
export async function getCsirtTeamFacts(db: DbOrTx, organizationId: string): Promise<TeamFacts> {
  const row = await currentProfileRow(db, organizationId);
  return { ...emptyTeamFacts, ...row?.team };
}
