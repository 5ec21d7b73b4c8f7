import { and, asc, desc, eq, isNull, type SQL } from 'drizzle-orm';
import {
  documentKinds,
  documentLanguages,
  generatedDocumentSchema,
  isSubjectDocumentKind,
  type ChecklistEntryView,
  type CoverFieldKey,
  type DocumentDetailView,
  type DocumentDiffView,
  type DocumentKind,
  type DocumentRefView,
  type DocumentStatus,
  type DocumentSummaryView,
  type DocumentVersionView,
  type GeneratedDocument,
  type SectionOverride,
} from '../../../contracts/documents';
import type { AppContext } from '../../app-context';
import type { DbOrTx, Tx } from '../../db/client';
import { AppError } from '../../http/errors';
import { recordAudit } from '../audit/service';
import { findUsersByIds } from '../identity/service';
import { getOrganization } from '../organizations/service';
import { documentGenerator, type DocumentLanguage } from './kinds';
import {
  diffDocuments,
  documentChecklist,
  documentHash,
  effectiveDocument,
  normaliseEditText,
  sectionEditText,
  sectionHash,
} from './model';
import { documentComments, documentVersions, documents } from './tables';

export type DocumentRow = typeof documents.$inferSelect;
export type VersionRow = typeof documentVersions.$inferSelect;

/** Who did something, for the audit log and the version record. */
export interface Actor {
  actorUserId: string | null;
  actorEmail?: string | null | undefined;
  ip?: string | undefined;
}

export interface DocumentAddress {
  orgId: string;
  kind: DocumentKind;
  language: DocumentLanguage;
  /** The exercise of a subject-bound kind; absent (or null) for the company's own documents. */
  subjectId?: string | null | undefined;
}

/** The address's subject, refused when the kind needs one and has none, or the other way round. */
function subjectOf(a: DocumentAddress): string | null {
  const subject = a.subjectId ?? null;
  if (isSubjectDocumentKind(a.kind) !== (subject !== null)) {
    throw new AppError('document_subject_invalid', { kind: a.kind });
  }
  return subject;
}

function addressed(a: DocumentAddress): SQL {
  const subject = subjectOf(a);
  return and(
    eq(documents.organizationId, a.orgId),
    eq(documents.kind, a.kind),
    eq(documents.language, a.language),
    subject === null ? isNull(documents.subjectId) : eq(documents.subjectId, subject),
  )!;
}

const publishChange = (ctx: AppContext, address: DocumentAddress, version: number) =>
  ctx.realtime.publish(`org:${address.orgId}`, 'documents.changed', {
    kind: address.kind,
    language: address.language,
    ...(address.subjectId ? { subjectId: address.subjectId } : {}),
    version,
  });

async function audit(
  tx: Tx,
  action: string,
  actor: Actor,
  doc: DocumentRow,
  details: Record<string, unknown>,
) {
  await recordAudit(tx, {
    action,
    actorUserId: actor.actorUserId,
    actorEmail: actor.actorEmail,
    ip: actor.ip,
    organizationId: doc.organizationId,
    targetType: 'document',
    targetId: doc.id,
    details: {
      kind: doc.kind,
      language: doc.language,
      ...(doc.subjectId ? { subjectId: doc.subjectId } : {}),
      ...details,
    },
  });
}

async function findDocument(db: DbOrTx, a: DocumentAddress): Promise<DocumentRow | undefined> {
  const [row] = await db.select().from(documents).where(addressed(a));
  return row;
}

/** The document row, locked for the rest of the transaction so versions are numbered one at a time. */
async function lockDocument(tx: Tx, a: DocumentAddress): Promise<DocumentRow> {
  const [row] = await tx.select().from(documents).where(addressed(a)).for('update');
  if (!row) throw new AppError('not_found');
  return row;
}

async function getVersion(db: DbOrTx, documentId: string, version: number): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));
  if (!row) throw new AppError('not_found');
  return row;
}

async function appendVersion(
  tx: Tx,
  doc: DocumentRow,
  values: Pick<VersionRow, 'origin' | 'generated' | 'generatedHash' | 'overrides'>,
  actor: Actor,
): Promise<number> {
  const version = doc.latestVersion + 1;
  await tx.insert(documentVersions).values({
    documentId: doc.id,
    version,
    ...values,
    status: 'draft',
    createdBy: actor.actorUserId,
  });
  await tx
    .update(documents)
    .set({ latestVersion: version, status: 'draft', updatedAt: new Date() })
    .where(eq(documents.id, doc.id));
  return version;
}

/**
 * Runs the kind's generator for the company and stores the result as a new draft version, keeping
 * the company's section texts. A regeneration that produces the same content makes no new version.
 */
export async function generateAndStore(
  ctx: AppContext,
  input: DocumentAddress & Actor,
): Promise<DocumentRefView & { documentId: string; version: number }> {
  const generate = documentGenerator(input.kind);
  if (!generate) throw new AppError('document_kind_unavailable', { kind: input.kind });
  const subjectId = subjectOf(input);
  // A generator bug must surface as a server error, never as a stored malformed document.
  const generated = generatedDocumentSchema.parse(
    await generate(ctx, input.orgId, input.language, subjectId),
  );
  const hash = documentHash(generated);
  const result = await ctx.db.transaction(async (tx) => {
    await tx
      .insert(documents)
      .values({
        organizationId: input.orgId,
        kind: input.kind,
        language: input.language,
        subjectId,
      })
      .onConflictDoNothing();
    const doc = await lockDocument(tx, input);
    const latest =
      doc.latestVersion > 0 ? await getVersion(tx, doc.id, doc.latestVersion) : undefined;
    if (latest?.generatedHash === hash) {
      return { documentId: doc.id, version: latest.version, status: latest.status, created: false };
    }
    const version = await appendVersion(
      tx,
      doc,
      { origin: 'generated', generated, generatedHash: hash, overrides: latest?.overrides ?? {} },
      input,
    );
    await audit(tx, 'document.generated', input, doc, { version });
    return { documentId: doc.id, version, status: 'draft' as const, created: true };
  });
  if (result.created) await publishChange(ctx, input, result.version);
  return result;
}

/** Replaces one section's text with the company's own (or, with null, goes back to the generated text). */
export async function editSection(
  ctx: AppContext,
  input: DocumentAddress & Actor & { baseVersion: number; sectionKey: string; text: string | null },
): Promise<DocumentRefView> {
  const result = await ctx.db.transaction(async (tx) => {
    const doc = await lockDocument(tx, input);
    if (input.baseVersion !== doc.latestVersion) {
      throw new AppError('conflict', { latestVersion: doc.latestVersion });
    }
    const latest = await getVersion(tx, doc.id, doc.latestVersion);
    const section = latest.generated.sections.find((s) => s.key === input.sectionKey);
    if (!section) throw new AppError('not_found', { sectionKey: input.sectionKey });
    if (!section.editable) {
      throw new AppError('document_section_not_editable', { sectionKey: input.sectionKey });
    }
    const overrides: Record<string, SectionOverride> = { ...latest.overrides };
    const existing = overrides[input.sectionKey];
    const baseHash = sectionHash(section);
    if (input.text === null) {
      if (!existing) return { doc, version: latest, created: false };
      delete overrides[input.sectionKey];
    } else {
      const text = normaliseEditText(input.text);
      const unchanged = existing
        ? existing.text === text && existing.baseHash === baseHash
        : text === normaliseEditText(sectionEditText(section));
      if (unchanged) return { doc, version: latest, created: false };
      overrides[input.sectionKey] = {
        text,
        baseHash,
        editedBy: input.actorUserId,
        editedAt: new Date().toISOString(),
      };
    }
    const version = await appendVersion(
      tx,
      doc,
      {
        origin: 'edited',
        generated: latest.generated,
        generatedHash: latest.generatedHash,
        overrides,
      },
      input,
    );
    await audit(tx, 'document.section_edited', input, doc, {
      version,
      sectionKey: input.sectionKey,
      reverted: input.text === null,
    });
    return { doc, version: { ...latest, version, status: 'draft' as const }, created: true };
  });
  if (result.created) await publishChange(ctx, input, result.version.version);
  return {
    documentId: result.doc.id,
    version: result.version.version,
    status: result.version.status,
    created: result.created,
  };
}

type Transition = 'submit' | 'return' | 'approve';
const transitions: Record<
  Transition,
  { from: DocumentStatus; to: DocumentStatus; action: string }
> = {
  submit: { from: 'draft', to: 'in_review', action: 'document.submitted' },
  return: { from: 'in_review', to: 'draft', action: 'document.returned' },
  approve: { from: 'in_review', to: 'approved', action: 'document.approved' },
};

/**
 * Moves the latest version through the workflow: submit for the expert's review, return it to draft,
 * or approve it (the route lets only the company admin do that).
 */
export async function changeStatus(
  ctx: AppContext,
  input: DocumentAddress & Actor & { version: number; transition: Transition },
): Promise<DocumentRefView> {
  const rule = transitions[input.transition];
  const doc = await ctx.db.transaction(async (tx) => {
    const doc = await lockDocument(tx, input);
    if (input.version !== doc.latestVersion) {
      throw new AppError('conflict', { latestVersion: doc.latestVersion });
    }
    const current = await getVersion(tx, doc.id, input.version);
    if (current.status !== rule.from) {
      throw new AppError('document_status_invalid', { status: current.status });
    }
    const now = new Date();
    await tx
      .update(documentVersions)
      .set({
        status: rule.to,
        ...(input.transition === 'submit'
          ? { submittedBy: input.actorUserId, submittedAt: now }
          : {}),
        ...(input.transition === 'return' ? { submittedBy: null, submittedAt: null } : {}),
        ...(input.transition === 'approve'
          ? { approvedBy: input.actorUserId, approvedAt: now }
          : {}),
      })
      .where(eq(documentVersions.id, current.id));
    await tx
      .update(documents)
      .set({ status: rule.to, updatedAt: now })
      .where(eq(documents.id, doc.id));
    await audit(tx, rule.action, input, doc, { version: input.version });
    return doc;
  });
  await publishChange(ctx, input, input.version);
  return { documentId: doc.id, version: input.version, status: rule.to, created: false };
}

/** A review remark on one section of one version. */
export async function addComment(
  ctx: AppContext,
  input: DocumentAddress & Actor & { version: number; sectionKey: string; body: string },
): Promise<{ id: string }> {
  const id = await ctx.db.transaction(async (tx) => {
    const doc = await lockDocument(tx, input);
    const version = await getVersion(tx, doc.id, input.version);
    if (!version.generated.sections.some((s) => s.key === input.sectionKey)) {
      throw new AppError('not_found', { sectionKey: input.sectionKey });
    }
    const [row] = await tx
      .insert(documentComments)
      .values({
        documentId: doc.id,
        version: input.version,
        sectionKey: input.sectionKey,
        authorUserId: input.actorUserId,
        body: input.body,
      })
      .returning({ id: documentComments.id });
    await audit(tx, 'document.commented', input, doc, {
      version: input.version,
      sectionKey: input.sectionKey,
    });
    return row!.id;
  });
  await publishChange(ctx, input, input.version);
  return { id };
}

// --- reading ---------------------------------------------------------------------------------

/** Every kind and language with the state of its document, including kinds not generated yet. */
export async function listDocuments(db: DbOrTx, orgId: string): Promise<DocumentSummaryView[]> {
  const rows = await db.select().from(documents).where(eq(documents.organizationId, orgId));
  const latest = new Map<string, VersionRow>();
  for (const doc of rows) {
    if (doc.latestVersion > 0) latest.set(doc.id, await getVersion(db, doc.id, doc.latestVersion));
  }
  const out: DocumentSummaryView[] = [];
  for (const kind of documentKinds) {
    for (const language of documentLanguages) {
      const available = documentGenerator(kind) !== undefined;
      // Subject-bound documents are generated from their exercise's page: only stored ones are listed.
      const stored = rows
        .filter((r) => r.kind === kind && r.language === language)
        // A bound kind without a subject cannot be addressed (stored before documents had subjects).
        .filter((r) => !isSubjectDocumentKind(kind) || r.subjectId !== null)
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
      const entries: (DocumentRow | undefined)[] =
        isSubjectDocumentKind(kind) || stored.length > 0 ? stored : [undefined];
      for (const doc of entries) {
        if (!doc && !available) continue;
        const version = doc ? latest.get(doc.id) : undefined;
        out.push({
          kind,
          language,
          subjectId: doc?.subjectId ?? null,
          subtitle: version?.generated.subtitle ?? null,
          available,
          documentId: doc?.id ?? null,
          status: doc?.status ?? null,
          latestVersion: doc?.latestVersion ?? null,
          updatedAt: doc ? doc.updatedAt.toISOString() : null,
          title: version?.generated.title ?? null,
          openItems: version
            ? documentChecklist(effectiveDocument(version.generated, version.overrides), language)
                .length
            : 0,
        });
      }
    }
  }
  return out;
}

const labels = {
  version: { ja: '版', en: 'Version' },
  date: { ja: '作成日', en: 'Date' },
  author: { ja: '作成者', en: 'Author' },
  approver: { ja: '承認者', en: 'Approver' },
  approvedOn: { ja: '承認日', en: 'Approved on' },
  status: { ja: '状態', en: 'Status' },
  company: { ja: '会社名', en: 'Company' },
  notApproved: { ja: '未承認', en: 'Not approved' },
  draft: { ja: '下書き', en: 'Draft' },
  in_review: { ja: '専門家レビュー中', en: 'In expert review' },
  approved: { ja: '承認済み', en: 'Approved' },
} as const;

export const statusLabel = (status: DocumentStatus, lang: DocumentLanguage) => labels[status][lang];

/** A date as the reader expects it, in Japan time. */
export function formatDocumentDate(date: Date, lang: DocumentLanguage): string {
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    dateStyle: lang === 'ja' ? 'long' : 'medium',
  }).format(date);
}

/**
 * Fills the cover's company, version, date, author, status and approver where the generator left them
 * empty, and adds those it left out. Fields are matched by key, so a generator may word a label its
 * own way ("バージョン" rather than "版"); a keyless field with the standard label (versions stored
 * before fields had keys) still counts as that field.
 */
function fillCover(
  doc: GeneratedDocument,
  version: VersionRow,
  names: Map<string, string>,
  companyName: string,
): GeneratedDocument['cover'] {
  const lang = doc.language;
  const name = (id: string | null) => (id ? (names.get(id) ?? '') : '');
  const standard: [CoverFieldKey, string][] = [
    ['company', companyName],
    ['version', String(version.version)],
    ['date', formatDocumentDate(version.createdAt, lang)],
    ['author', name(version.createdBy)],
    ['status', statusLabel(version.status, lang)],
    ['approver', version.approvedBy ? name(version.approvedBy) : labels.notApproved[lang]],
    ...(version.approvedAt
      ? [['approvedOn', formatDocumentDate(version.approvedAt, lang)] as [CoverFieldKey, string]]
      : []),
  ];
  const cover = doc.cover.map((c) => ({ ...c }));
  for (const [key, value] of standard) {
    const label = labels[key][lang];
    const present =
      cover.find((c) => c.key === key) ?? cover.find((c) => !c.key && c.label === label);
    if (!present) cover.push({ key, label, value });
    else {
      present.key = key;
      if (present.value.trim() === '') present.value = value;
    }
  }
  return cover;
}

export interface RenderableDocument {
  kind: DocumentKind;
  language: DocumentLanguage;
  version: number;
  companyName: string;
  document: GeneratedDocument;
  checklist: ChecklistEntryView[];
}

async function namesOf(db: DbOrTx, ids: (string | null | undefined)[]) {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  return new Map((await findUsersByIds(db, unique)).map((u) => [u.id, u.name]));
}

const person = (names: Map<string, string>, id: string | null) =>
  id ? { id, name: names.get(id) ?? '' } : null;

function presentVersion(v: VersionRow, names: Map<string, string>): DocumentVersionView {
  return {
    version: v.version,
    origin: v.origin,
    status: v.status,
    createdAt: v.createdAt.toISOString(),
    createdBy: person(names, v.createdBy),
    submittedAt: v.submittedAt?.toISOString() ?? null,
    submittedBy: person(names, v.submittedBy),
    approvedAt: v.approvedAt?.toISOString() ?? null,
    approvedBy: person(names, v.approvedBy),
  };
}

async function requireDocument(db: DbOrTx, a: DocumentAddress): Promise<DocumentRow> {
  const doc = await findDocument(db, a);
  if (!doc || doc.latestVersion === 0) throw new AppError('not_found');
  return doc;
}

/** One version (the latest by default) as the viewer shows it, with the history and the comments. */
export async function getDocument(
  db: DbOrTx,
  a: DocumentAddress,
  versionNumber?: number,
): Promise<DocumentDetailView> {
  const doc = await requireDocument(db, a);
  const versions = await db
    .select()
    .from(documentVersions)
    .where(eq(documentVersions.documentId, doc.id))
    .orderBy(desc(documentVersions.version));
  const current = versions.find((v) => v.version === (versionNumber ?? doc.latestVersion));
  if (!current) throw new AppError('not_found');
  const comments = await db
    .select()
    .from(documentComments)
    .where(eq(documentComments.documentId, doc.id))
    .orderBy(asc(documentComments.createdAt), asc(documentComments.id));
  const effective = effectiveDocument(current.generated, current.overrides);
  const names = await namesOf(db, [
    ...versions.flatMap((v) => [v.createdBy, v.submittedBy, v.approvedBy]),
    ...comments.map((c) => c.authorUserId),
    ...Object.values(current.overrides).map((o) => o.editedBy),
  ]);
  const org = await getOrganization(db, a.orgId);
  return {
    id: doc.id,
    kind: doc.kind,
    language: doc.language,
    subjectId: doc.subjectId,
    available: documentGenerator(doc.kind) !== undefined,
    status: doc.status,
    latestVersion: doc.latestVersion,
    version: presentVersion(current, names),
    versions: versions.map((v) => presentVersion(v, names)),
    document: {
      ...effective.document,
      cover: fillCover(effective.document, current, names, org.name),
    },
    sections: effective.sections.map((s) => ({
      key: s.section.key,
      heading: s.section.heading,
      editable: s.section.editable,
      overridden: s.override !== undefined,
      stale: s.stale,
      editText: s.override ? s.override.text : sectionEditText(s.generated),
      generatedText: sectionEditText(s.generated),
      editedAt: s.override?.editedAt ?? null,
      editedBy: s.override ? person(names, s.override.editedBy) : null,
    })),
    orphanedOverrides: effective.orphaned,
    checklist: documentChecklist(effective, doc.language),
    comments: comments.map((c) => ({
      id: c.id,
      version: c.version,
      sectionKey: c.sectionKey,
      author: person(names, c.authorUserId),
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

/** The effective document of one version with its cover filled in, ready to render to a file. */
export async function loadRenderable(
  db: DbOrTx,
  a: DocumentAddress,
  versionNumber?: number,
): Promise<RenderableDocument> {
  const doc = await requireDocument(db, a);
  const version = await getVersion(db, doc.id, versionNumber ?? doc.latestVersion);
  const effective = effectiveDocument(version.generated, version.overrides);
  const names = await namesOf(db, [version.createdBy, version.approvedBy]);
  const org = await getOrganization(db, a.orgId);
  return {
    kind: doc.kind,
    language: doc.language,
    version: version.version,
    companyName: org.name,
    document: {
      ...effective.document,
      cover: fillCover(effective.document, version, names, org.name),
    },
    checklist: documentChecklist(effective, doc.language),
  };
}

/** Section by section, what changed between two versions of the effective document. */
export async function diffVersions(
  db: DbOrTx,
  a: DocumentAddress,
  from: number,
  to: number,
): Promise<DocumentDiffView> {
  const doc = await requireDocument(db, a);
  const [va, vb] = await Promise.all([getVersion(db, doc.id, from), getVersion(db, doc.id, to)]);
  return diffDocuments(
    { version: from, document: effectiveDocument(va.generated, va.overrides).document },
    { version: to, document: effectiveDocument(vb.generated, vb.overrides).document },
  );
}

/**
 * Removes every document bound to one subject of the company (its exercise was deleted), with their
 * versions and comments. Runs in the caller's transaction so both go together.
 */
export async function deleteSubjectDocuments(
  tx: DbOrTx,
  orgId: string,
  subjectId: string,
): Promise<void> {
  await tx
    .delete(documents)
    .where(and(eq(documents.organizationId, orgId), eq(documents.subjectId, subjectId)));
}
