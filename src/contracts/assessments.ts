import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { localizedText } from './localized';
import { courseCodes } from './operations';

export { localizedText, type LocalizedText } from './localized';

// ---------------------------------------------------------------------------------------------
// Question sets: the shape of content/assessments/*.yaml, also what the browser renders from.
// Semantic checks (unique ids, expressions, references) live in the server's question-set.ts.
// ---------------------------------------------------------------------------------------------

/** Stable ids: answers are stored under them, so they never change once a version is published. */
export const nodeId = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');
const expressionText = z.string().trim().min(1).max(2000);

export const questionSetKinds = ['maturity', 'survey', 'hearing'] as const;
export type QuestionSetKind = (typeof questionSetKinds)[number];
export const answerTypes = [
  'scale',
  'single',
  'multiple',
  'ynp',
  'number',
  'date',
  'text',
  'evidence',
] as const;
export type AnswerType = (typeof answerTypes)[number];

const itemBase = {
  kind: z.literal('item'),
  id: nodeId,
  title: localizedText,
  /** Shown to everyone answering. */
  help: localizedText.optional(),
  /** Shown to the expert: what to ask, what to look at. */
  guidance: localizedText.optional(),
  weight: z.number().min(0).max(100).default(1),
  showIf: expressionText.optional(),
  /** Optional items may stay unanswered at submission. */
  optional: z.boolean().default(false),
};

export const choiceSchema = z.strictObject({
  id: nodeId,
  label: localizedText,
  /** Points make a choice item scored; either every choice has points or none does. */
  points: z.number().min(0).max(100).optional(),
  /** In a multiple-choice item, an exclusive choice ("none of these") stands alone. */
  exclusive: z.boolean().default(false),
});

export const scaleItem = z.strictObject({
  ...itemBase,
  type: z.literal('scale'),
  /** One descriptor for each level 0 to 5. */
  levels: z.array(localizedText).length(6),
  scored: z.boolean().default(true),
});
export const singleItem = z.strictObject({
  ...itemBase,
  type: z.literal('single'),
  choices: z.array(choiceSchema).min(2).max(50),
});
export const multipleItem = z.strictObject({
  ...itemBase,
  type: z.literal('multiple'),
  choices: z.array(choiceSchema).min(2).max(50),
});
/** Yes / partly / no; scored 1, 0.5 and 0 unless `scored: false`. */
export const ynpItem = z.strictObject({
  ...itemBase,
  type: z.literal('ynp'),
  scored: z.boolean().default(true),
});
export const numberItem = z.strictObject({
  ...itemBase,
  type: z.literal('number'),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(false),
  unit: localizedText.optional(),
});
export const dateItem = z.strictObject({ ...itemBase, type: z.literal('date') });
export const textItem = z.strictObject({
  ...itemBase,
  type: z.literal('text'),
  multiline: z.boolean().default(false),
  maxLength: z.int().min(1).max(20_000).default(4000),
});
export const evidenceItem = z.strictObject({
  ...itemBase,
  type: z.literal('evidence'),
  /** Media types accepted for the attached files. */
  accept: z
    .array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/))
    .min(1)
    .default([
      'application/pdf',
      'image/png',
      'image/jpeg',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/plain',
    ]),
  maxSizeBytes: z
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  maxFiles: z.int().min(1).max(20).default(5),
});

export const itemSchema = z.discriminatedUnion('type', [
  scaleItem,
  singleItem,
  multipleItem,
  ynpItem,
  numberItem,
  dateItem,
  textItem,
  evidenceItem,
]);
export type QuestionItem = z.infer<typeof itemSchema>;

/** What a section score means and what would raise it, from `min` up to the next band. */
export const scoreBand = z.strictObject({
  min: z.number().min(0).max(5),
  meaning: localizedText,
  toRaise: localizedText,
});

const sectionBase = {
  kind: z.literal('section'),
  id: nodeId,
  title: localizedText,
  description: localizedText.optional(),
  guidance: localizedText.optional(),
  /** Weight of this section in the overall score. */
  weight: z.number().min(0).max(100).default(1),
  showIf: expressionText.optional(),
  bands: z.array(scoreBand).min(1).optional(),
};

/** A group of items inside a section; the tree is at most two sections deep. */
export const subsectionSchema = z.strictObject({
  ...sectionBase,
  children: z.array(itemSchema).min(1),
});
export const sectionSchema = z.strictObject({
  ...sectionBase,
  children: z.array(z.discriminatedUnion('kind', [subsectionSchema, itemSchema])).min(1),
});
export type QuestionSection = z.infer<typeof sectionSchema>;
export type QuestionSubsection = z.infer<typeof subsectionSchema>;

export const outcomeSchema = z.strictObject({
  id: nodeId,
  /** Outcomes are tried in order; the first whose condition holds is the result. */
  when: expressionText,
  result: z.strictObject({
    code: z.string().min(1).max(64),
    label: localizedText,
    recommendation: localizedText.optional(),
  }),
  /** Why: reasons without a condition always apply, the others when their condition holds. */
  reasons: z.array(z.strictObject({ text: localizedText, when: expressionText.optional() })).min(1),
});

export const questionSetShape = z.strictObject({
  id: nodeId,
  version: z.int().min(1),
  kind: z.enum(questionSetKinds),
  /** The course a hearing sheet belongs to. */
  course: z.enum(courseCodes).optional(),
  title: localizedText,
  description: localizedText.optional(),
  sections: z.array(sectionSchema).min(1),
  outcomes: z.array(outcomeSchema).default([]),
});
export type QuestionSet = z.infer<typeof questionSetShape>;

/** Whether an item's answer counts towards section scores. */
export function isScoredItem(item: QuestionItem): boolean {
  switch (item.type) {
    case 'scale':
    case 'ynp':
      return item.scored;
    case 'single':
    case 'multiple':
      return item.choices.some((c) => c.points !== undefined);
    default:
      return false;
  }
}

export const questionSetSummary = z.object({
  id: z.string(),
  version: z.int(),
  kind: z.enum(questionSetKinds),
  course: z.enum(courseCodes).nullable(),
  title: localizedText,
  description: localizedText.nullable(),
  /** Every published version; assessments keep the version they were started on. */
  versions: z.array(z.int()),
});
export const questionSetQuery = z.strictObject({
  version: z.coerce.number().int().min(1).optional(),
});

// ---------------------------------------------------------------------------------------------
// Assessments
// ---------------------------------------------------------------------------------------------

export const assessmentStatuses = ['draft', 'submitted', 'reviewed', 'reopened'] as const;
export const answerStates = ['answered', 'dont_know', 'not_applicable'] as const;
export type AnswerState = (typeof answerStates)[number];

export const evidenceFile = z.strictObject({
  name: z.string().trim().min(1).max(255),
  mediaType: z.string().min(3).max(255),
  sizeBytes: z.int().min(0),
  /** Set when the file itself was uploaded and is stored; download it by this id. */
  fileId: z.uuid().optional(),
});
/** Scale points, a choice id, yes/partial/no, a number, an ISO date, text, choice ids or files. */
export const answerValue = z.union([
  z.number(),
  z.string(),
  z.array(z.string()),
  z.array(evidenceFile),
]);
export type AnswerValue = z.infer<typeof answerValue>;

/** Scores on the 0–5 scale of section scores, by item id and by section id. */
export const targetsSchema = z.strictObject({
  items: z.record(z.string().max(64), z.number().min(0).max(5)).default({}),
  sections: z.record(z.string().max(64), z.number().min(0).max(5)).default({}),
});
export type Targets = z.infer<typeof targetsSchema>;

const userRef = z.object({ id: uuid, name: z.string() }).nullable();

export const assessmentView = z.object({
  id: uuid,
  organizationId: uuid,
  programId: uuid.nullable(),
  questionSet: z.object({
    id: z.string(),
    version: z.int(),
    kind: z.enum(questionSetKinds),
    title: localizedText,
  }),
  label: z.string().nullable(),
  status: z.enum(assessmentStatuses),
  baselineAssessmentId: uuid.nullable(),
  targets: targetsSchema,
  progress: z.object({ visible: z.int(), answered: z.int(), dontKnow: z.int() }),
  createdBy: userRef,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  submittedBy: userRef,
  submittedAt: isoDateTime.nullable(),
  reviewedBy: userRef,
  reviewedAt: isoDateTime.nullable(),
  reviewSummary: z.string().nullable(),
  reopenedBy: userRef,
  reopenedAt: isoDateTime.nullable(),
  reopenReason: z.string().nullable(),
});
export type AssessmentView = z.infer<typeof assessmentView>;

export const answerView = z.object({
  itemId: z.string(),
  /** null: only a comment so far. */
  state: z.enum(answerStates).nullable(),
  value: answerValue.nullable(),
  comment: z.string().nullable(),
  /** Carried over from the baseline assessment and not yet confirmed or changed. */
  carriedOver: z.boolean(),
  answeredBy: userRef,
  answeredAt: isoDateTime.nullable(),
});

export const sectionProgress = z.object({
  sectionId: z.string(),
  visible: z.int(),
  answered: z.int(),
  dontKnow: z.int(),
  notApplicable: z.int(),
});

export const sectionReviewView = z.object({
  sectionId: z.string(),
  feedback: z.string(),
  reviewer: userRef,
  updatedAt: isoDateTime,
});

/** A stored evidence file, without its bytes. */
export const evidenceFileView = z.object({
  id: uuid,
  name: z.string(),
  mediaType: z.string(),
  sizeBytes: z.int(),
  uploadedAt: isoDateTime,
});

export const assessmentDetail = assessmentView.extend({
  answers: z.array(answerView),
  visibleItemIds: z.array(z.string()),
  sectionProgress: z.array(sectionProgress),
  reviews: z.array(sectionReviewView),
  /** Every stored file, on evidence items (where they are the answer) and on any other item. */
  files: z.array(evidenceFileView.extend({ itemId: z.string() })),
});

export const createAssessmentRequest = z.strictObject({
  questionSetId: nodeId,
  label: z.string().trim().min(1).max(200).optional(),
  /** Last year's submitted assessment of the same set: its scores become the "before". */
  baselineAssessmentId: uuid.optional(),
  /** Start from the baseline's answers (those still valid in the current version). */
  copyBaselineAnswers: z.boolean().default(true),
  targets: targetsSchema.optional(),
});

export const saveAnswerRequest = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('answered'), value: z.unknown() }),
  z.strictObject({ state: z.literal('dont_know') }),
  z.strictObject({ state: z.literal('not_applicable') }),
  /** Takes an answer back; the comment stays. */
  z.strictObject({ state: z.literal('unanswered') }),
]);
export type SaveAnswerRequest = z.infer<typeof saveAnswerRequest>;

export const saveAnswerResponse = z.object({
  answer: answerView,
  /** An answer can show or hide later items. */
  visibleItemIds: z.array(z.string()),
  sectionProgress: z.array(sectionProgress),
});

export const evidenceFileList = z.object({ files: z.array(evidenceFileView) });
export type EvidenceFileView = z.infer<typeof evidenceFileView>;

/** What an offline answer-sheet import changed. */
export const sheetImportResult = z.object({
  answered: z.int(),
  comments: z.int(),
  unchanged: z.int(),
});

export const saveCommentRequest = z.strictObject({
  comment: z.string().trim().max(4000).nullable(),
});

export const reviewRequest = z.strictObject({
  summary: z.string().trim().max(8000).optional(),
  sections: z
    .array(z.strictObject({ sectionId: nodeId, feedback: z.string().trim().min(1).max(8000) }))
    .max(100),
});

export const reopenRequest = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const answerHistoryQuery = z.strictObject({
  itemId: nodeId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const answerHistoryEntry = z.object({
  itemId: z.string(),
  change: z.enum(['answer', 'comment', 'carried_over']),
  state: z.enum(answerStates).nullable(),
  value: answerValue.nullable(),
  comment: z.string().nullable(),
  changedBy: userRef,
  changedAt: isoDateTime,
});

const scoreValue = z.number().min(0).max(5).nullable();

export const assessmentResults = z.object({
  assessmentId: uuid,
  status: z.enum(assessmentStatuses),
  questionSet: z.object({ id: z.string(), version: z.int() }),
  total: scoreValue,
  baselineTotal: scoreValue,
  sections: z.array(
    z.object({
      sectionId: z.string(),
      parentId: z.string().nullable(),
      title: localizedText,
      score: scoreValue,
      target: scoreValue,
      baselineScore: scoreValue,
      /** The program's average; null unless enough companies contributed. */
      programAverage: scoreValue,
      band: z.object({ meaning: localizedText, toRaise: localizedText }).nullable(),
      progress: sectionProgress,
    }),
  ),
  items: z.array(
    z.object({
      itemId: z.string(),
      sectionId: z.string(),
      score: scoreValue,
      target: scoreValue,
      baselineScore: scoreValue,
    }),
  ),
  outcome: z
    .object({
      id: z.string(),
      code: z.string(),
      label: localizedText,
      recommendation: localizedText.nullable(),
      reasons: z.array(localizedText),
    })
    .nullable(),
  /** Items answered "don't know": to be found out before the next visit. */
  followUps: z.array(z.object({ itemId: z.string(), comment: z.string().nullable() })),
  programComparison: z.object({
    minimumGroupSize: z.int(),
    /** How many companies' assessments the average is taken over; null when too few to show. */
    companies: z.int().nullable(),
  }),
});
export type AssessmentResults = z.infer<typeof assessmentResults>;
