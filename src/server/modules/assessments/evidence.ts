import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { AnswerValue, QuestionItem } from '../../../contracts/assessments';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { throwIfIssues, type Issue } from '../../lib/issues';
import { visibleItemIds } from './scoring';
import * as svc from './service';
import { assessmentAnswerHistory, assessmentAnswers, assessmentEvidenceFiles } from './tables';

/** The program-wide ceiling; an item may set a lower one. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The kinds of file accepted anywhere, each with how its first bytes look: a file is taken only when
 * its declared type is on this list, on the item's own list, and its content agrees.
 */
const KINDS: Record<string, { ext: string; looksRight: (b: Buffer) => boolean }> = {
  'application/pdf': {
    ext: 'pdf',
    looksRight: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  },
  'image/png': {
    ext: 'png',
    looksRight: (b) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  'image/jpeg': { ext: 'jpg', looksRight: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: 'docx',
    looksRight: isZip,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    ext: 'xlsx',
    looksRight: isZip,
  },
  'text/plain': { ext: 'txt', looksRight: isText },
};
export const EVIDENCE_MEDIA_TYPES = Object.keys(KINDS);

function isZip(b: Buffer): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function isText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/**
 * Supporting files on an item of any other type (a policy behind a survey score, a screenshot behind
 * a maturity answer) take every kind above, the program-wide ceiling, and this many files.
 */
export const SUPPORTING_MAX_FILES = 5;

const M = {
  type: (list: string) => ({
    ja: `添付できるのは ${list} のファイルです。`,
    en: `Only these kinds of file can be attached: ${list}.`,
  }),
  mismatch: {
    ja: 'ファイルの中身が種類（拡張子）と一致しません。',
    en: 'The file’s content does not match its type.',
  },
  size: (mb: number) => ({
    ja: `ファイルは${mb}MB以下にしてください。`,
    en: `Files must be ${mb} MB or smaller.`,
  }),
  empty: { ja: 'ファイルが空です。', en: 'The file is empty.' },
  count: (n: number) => ({
    ja: `この項目に添付できるのは${n}件までです。`,
    en: `At most ${n} files can be attached to this item.`,
  }),
  name: { ja: 'ファイル名がありません。', en: 'The file has no name.' },
  hidden: {
    ja: 'これまでの回答では表示されない項目のため、添付できません。',
    en: 'This item is hidden by the answers given so far, so nothing can be attached.',
  },
};

const fileIssue = (code: string, message: string): Issue => ({
  in: 'body',
  path: ['file'],
  code,
  message,
});

export type EvidenceFile = Omit<typeof assessmentEvidenceFiles.$inferSelect, 'content'>;

const listColumns = {
  id: assessmentEvidenceFiles.id,
  assessmentId: assessmentEvidenceFiles.assessmentId,
  itemId: assessmentEvidenceFiles.itemId,
  name: assessmentEvidenceFiles.name,
  mediaType: assessmentEvidenceFiles.mediaType,
  sizeBytes: assessmentEvidenceFiles.sizeBytes,
  sha256: assessmentEvidenceFiles.sha256,
  uploadedBy: assessmentEvidenceFiles.uploadedBy,
  uploadedAt: assessmentEvidenceFiles.uploadedAt,
};

async function filesOfItem(db: DbOrTx, assessmentId: string, itemId: string) {
  return db
    .select(listColumns)
    .from(assessmentEvidenceFiles)
    .where(
      and(
        eq(assessmentEvidenceFiles.assessmentId, assessmentId),
        eq(assessmentEvidenceFiles.itemId, itemId),
      ),
    )
    .orderBy(asc(assessmentEvidenceFiles.uploadedAt), asc(assessmentEvidenceFiles.id));
}

/** The item's answer follows its stored files: the list of them, or unanswered when none is left. */
async function syncAnswer(
  tx: DbOrTx,
  assessmentId: string,
  itemId: string,
  actor: svc.Actor,
): Promise<EvidenceFile[]> {
  const files = await filesOfItem(tx, assessmentId, itemId);
  const value: AnswerValue | null =
    files.length === 0
      ? null
      : files.map((f) => ({
          name: f.name,
          mediaType: f.mediaType,
          sizeBytes: f.sizeBytes,
          fileId: f.id,
        }));
  const state = value === null ? null : ('answered' as const);
  const now = new Date();
  const change = {
    state,
    value,
    carriedOver: false,
    answeredBy: actor.userId,
    answeredAt: now,
    updatedAt: now,
  };
  const [saved] = await tx
    .insert(assessmentAnswers)
    .values({ assessmentId, itemId, ...change })
    .onConflictDoUpdate({
      target: [assessmentAnswers.assessmentId, assessmentAnswers.itemId],
      set: change,
    })
    .returning();
  await tx.insert(assessmentAnswerHistory).values({
    assessmentId,
    itemId,
    change: 'answer',
    state,
    value,
    comment: saved!.comment,
    changedBy: actor.userId,
    changedAt: now,
  });
  return files;
}

interface FileLimits {
  accept: readonly string[];
  maxBytes: number;
  maxFiles: number;
  /** An evidence item's answer is its files; on any other item they only support the answer. */
  filesAreTheAnswer: boolean;
}

/** The limits an item sets for its files: an evidence item's own, or those of supporting files. */
export function fileLimitsOf(item: QuestionItem): FileLimits {
  if (item.type === 'evidence') {
    return {
      accept: item.accept.filter((t) => t in KINDS),
      maxBytes: Math.min(item.maxSizeBytes, EVIDENCE_MAX_BYTES),
      maxFiles: item.maxFiles,
      filesAreTheAnswer: true,
    };
  }
  return {
    accept: EVIDENCE_MEDIA_TYPES,
    maxBytes: EVIDENCE_MAX_BYTES,
    maxFiles: SUPPORTING_MAX_FILES,
    filesAreTheAnswer: false,
  };
}

async function openItemForFiles(
  tx: DbOrTx,
  orgId: string,
  assessmentId: string,
  itemId: string,
  locale: Locale,
): Promise<FileLimits> {
  const assessment = await svc.lockAssessment(tx, orgId, assessmentId);
  if (!svc.EDITABLE.includes(assessment.status)) throw svc.lockedError(assessment);
  const index = svc.questionSetOf(assessment);
  const item = index.items.get(itemId)?.item;
  if (!item) throw new AppError('not_found');
  const answers = svc.toAnswerMap(await svc.listAnswers(tx, assessmentId));
  if (!visibleItemIds(index, answers).has(itemId))
    throwIfIssues([fileIssue('hidden_item', M.hidden[locale])]);
  return fileLimitsOf(item);
}

/**
 * Checks and stores one uploaded file for an item. On an evidence item the answer then lists it;
 * on any other item the answer stays as given.
 */
export async function addEvidenceFile(
  tx: DbOrTx,
  orgId: string,
  assessmentId: string,
  itemId: string,
  input: { name: string; mediaType: string; content: Buffer },
  actor: svc.Actor,
  locale: Locale,
): Promise<EvidenceFile[]> {
  const limits = await openItemForFiles(tx, orgId, assessmentId, itemId, locale);
  const { accept: accepted, maxBytes } = limits;
  const mediaType = input.mediaType.split(';')[0]!.trim().toLowerCase();
  const name = input.name
    .trim()
    .replace(/[\\/\r\n\t]+/g, '_')
    .slice(0, 255);
  const issues: Issue[] = [];
  if (!name) issues.push(fileIssue('no_name', M.name[locale]));
  if (!accepted.includes(mediaType)) {
    const list = accepted.map((t) => KINDS[t]!.ext).join(', ');
    issues.push(fileIssue('type_not_allowed', M.type(list)[locale]));
  } else if (!KINDS[mediaType]!.looksRight(input.content)) {
    issues.push(fileIssue('content_mismatch', M.mismatch[locale]));
  }
  if (input.content.length === 0) issues.push(fileIssue('empty', M.empty[locale]));
  if (input.content.length > maxBytes)
    issues.push(fileIssue('too_large', M.size(Math.floor(maxBytes / 1024 / 1024))[locale]));
  const existing = await filesOfItem(tx, assessmentId, itemId);
  if (existing.length >= limits.maxFiles)
    issues.push(fileIssue('too_many_files', M.count(limits.maxFiles)[locale]));
  throwIfIssues(issues);
  await tx.insert(assessmentEvidenceFiles).values({
    assessmentId,
    itemId,
    name,
    mediaType,
    sizeBytes: input.content.length,
    sha256: createHash('sha256').update(input.content).digest('hex'),
    content: input.content,
    uploadedBy: actor.userId,
  });
  return limits.filesAreTheAnswer
    ? syncAnswer(tx, assessmentId, itemId, actor)
    : filesOfItem(tx, assessmentId, itemId);
}

/** Removes one stored file; the item's answer then lists the rest. */
export async function deleteEvidenceFile(
  tx: DbOrTx,
  orgId: string,
  assessmentId: string,
  itemId: string,
  fileId: string,
  actor: svc.Actor,
  locale: Locale,
): Promise<{ deleted: EvidenceFile; files: EvidenceFile[] }> {
  const limits = await openItemForFiles(tx, orgId, assessmentId, itemId, locale);
  const [deleted] = await tx
    .delete(assessmentEvidenceFiles)
    .where(
      and(
        eq(assessmentEvidenceFiles.id, fileId),
        eq(assessmentEvidenceFiles.assessmentId, assessmentId),
        eq(assessmentEvidenceFiles.itemId, itemId),
      ),
    )
    .returning(listColumns);
  if (!deleted) throw new AppError('not_found');
  const files = limits.filesAreTheAnswer
    ? await syncAnswer(tx, assessmentId, itemId, actor)
    : await filesOfItem(tx, assessmentId, itemId);
  return { deleted, files };
}

/** One stored file with its bytes, only through an assessment of the given company. */
export async function getEvidenceFile(
  db: DbOrTx,
  orgId: string,
  assessmentId: string,
  itemId: string,
  fileId: string,
): Promise<EvidenceFile & { content: Buffer }> {
  await svc.getAssessment(db, orgId, assessmentId);
  const [row] = await db
    .select()
    .from(assessmentEvidenceFiles)
    .where(
      and(
        eq(assessmentEvidenceFiles.id, fileId),
        eq(assessmentEvidenceFiles.assessmentId, assessmentId),
        eq(assessmentEvidenceFiles.itemId, itemId),
      ),
    );
  if (!row) throw new AppError('not_found');
  return { ...row, content: Buffer.from(row.content) };
}

/** Every stored file of an assessment, without their bytes, in upload order. */
export async function listAssessmentFiles(
  db: DbOrTx,
  assessmentId: string,
): Promise<EvidenceFile[]> {
  return db
    .select(listColumns)
    .from(assessmentEvidenceFiles)
    .where(eq(assessmentEvidenceFiles.assessmentId, assessmentId))
    .orderBy(asc(assessmentEvidenceFiles.uploadedAt), asc(assessmentEvidenceFiles.id));
}

/** The stored files of an item, without their bytes. */
export async function listEvidenceFiles(
  db: DbOrTx,
  orgId: string,
  assessmentId: string,
  itemId: string,
): Promise<EvidenceFile[]> {
  await svc.getAssessment(db, orgId, assessmentId);
  return filesOfItem(db, assessmentId, itemId);
}
