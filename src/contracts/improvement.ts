import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { localizedText } from './localized';

export const actionSourceKinds = ['assessment', 'risk', 'exercise', 'manual'] as const;
export const actionSourceKindSchema = z.enum(actionSourceKinds);
export type ActionSourceKind = z.infer<typeof actionSourceKindSchema>;

export const actionStatuses = ['planned', 'in_progress', 'done', 'dropped'] as const;
export const actionStatusSchema = z.enum(actionStatuses);
export type ActionStatus = z.infer<typeof actionStatusSchema>;

export const actionEfforts = ['small', 'medium', 'large'] as const;
export const actionEffortSchema = z.enum(actionEfforts);
export type ActionEffort = z.infer<typeof actionEffortSchema>;

/** The six expert visits of the program. */
export const VISIT_COUNT = 6;
export const visitNumber = z.int().min(1).max(VISIT_COUNT);

const text = (max: number) => z.string().trim().max(max);
const day = z.iso.date();

/** Where an action item came from; refId names the thing within its kind (item id, risk id, finding id). */
export const actionSource = z.strictObject({
  kind: actionSourceKindSchema,
  refId: text(200).nullable().optional(),
  label: text(300).default(''),
});
export type ActionSource = z.input<typeof actionSource>;

export const createActionRequest = z.strictObject({
  title: z.string().trim().min(1).max(200),
  detail: text(4000).default(''),
  source: actionSource.default({ kind: 'manual', label: '' }),
  ownerUserId: uuid.nullable().optional(),
  ownerName: text(120).nullable().optional(),
  dueOn: day.nullable().optional(),
  effort: actionEffortSchema.nullable().optional(),
  agreedVisit: visitNumber.nullable().optional(),
});
export type CreateActionRequest = z.infer<typeof createActionRequest>;

export const updateActionRequest = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  detail: text(4000).optional(),
  ownerUserId: uuid.nullable().optional(),
  ownerName: text(120).nullable().optional(),
  dueOn: day.nullable().optional(),
  effort: actionEffortSchema.nullable().optional(),
  status: actionStatusSchema.optional(),
  agreedVisit: visitNumber.nullable().optional(),
  checkedVisit: visitNumber.nullable().optional(),
});
export type UpdateActionRequest = z.infer<typeof updateActionRequest>;

/** What was seen at one visit: the status then and a short note. */
export const recordProgressRequest = z.strictObject({
  visit: visitNumber,
  status: actionStatusSchema,
  note: text(2000).default(''),
});
export type RecordProgressRequest = z.infer<typeof recordProgressRequest>;

export const actionProgressView = z.object({
  visit: visitNumber,
  status: actionStatusSchema,
  note: z.string(),
  recordedAt: isoDateTime,
});

export const actionView = z.object({
  id: uuid,
  title: z.string(),
  detail: z.string(),
  source: z.object({
    kind: actionSourceKindSchema,
    refId: z.string().nullable(),
    label: z.string(),
  }),
  ownerUserId: uuid.nullable(),
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  effort: actionEffortSchema.nullable(),
  status: actionStatusSchema,
  agreedVisit: visitNumber.nullable(),
  checkedVisit: visitNumber.nullable(),
  progress: z.array(actionProgressView),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ActionView = z.infer<typeof actionView>;

/** A suggestion computed from the latest submitted assessment or the risk register; nothing is stored. */
export const actionProposalView = z.object({
  key: z.string(),
  title: z.string(),
  detail: z.string(),
  source: z.object({ kind: actionSourceKindSchema, refId: z.string(), label: z.string() }),
  /** Why it is proposed: the item's score against its target, or the risk's level. */
  reason: z.string(),
  score: z.number().nullable(),
  target: z.number().nullable(),
});
export type ActionProposalView = z.infer<typeof actionProposalView>;

export const acceptProposalsRequest = z.strictObject({
  keys: z.array(z.string().min(1).max(300)).min(1).max(200),
  agreedVisit: visitNumber.nullable().optional(),
});

export const progressChartView = z.object({
  visits: z.array(z.object({ visit: visitNumber, done: z.int(), open: z.int(), dropped: z.int() })),
});

export const sectionGoalInput = z.strictObject({
  sectionId: z.string().min(1).max(100),
  targetScore: z.number().min(0).max(5).multipleOf(0.5),
});
export const freeGoalInput = z.strictObject({
  title: z.string().trim().min(1).max(300),
  detail: text(2000).default(''),
});
export const putGoalsRequest = z.strictObject({
  sections: z.array(sectionGoalInput).max(50),
  free: z.array(freeGoalInput).max(50),
});
export type PutGoalsRequest = z.infer<typeof putGoalsRequest>;

export const goalsView = z.object({
  /** The survey whose sections the targets refer to, with its section titles for display. */
  sections: z.array(
    z.object({
      sectionId: z.string(),
      title: localizedText,
      latestScore: z.number().nullable(),
      targetScore: z.number().nullable(),
    }),
  ),
  free: z.array(z.object({ id: uuid, title: z.string(), detail: z.string() })),
  updatedAt: isoDateTime.nullable(),
});

/** The company's SECURITY ACTION standing; two stars need the self-check and the published policy. */
export const securityActionRequest = z.strictObject({
  oneStarDeclaredOn: day.nullable(),
  selfCheckDoneOn: day.nullable(),
  policyPublishedOn: day.nullable(),
  twoStarDeclaredOn: day.nullable(),
});
export type SecurityActionRequest = z.infer<typeof securityActionRequest>;

export const securityActionView = z.object({
  oneStarDeclaredOn: z.string().nullable(),
  selfCheckDoneOn: z.string().nullable(),
  policyPublishedOn: z.string().nullable(),
  twoStarDeclaredOn: z.string().nullable(),
  stars: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  updatedAt: isoDateTime.nullable(),
});

/** Per-section movement between the previous and the latest submitted survey. */
export const movementView = z.object({
  questionSetId: z.string().nullable(),
  previous: z
    .object({ id: uuid, label: z.string().nullable(), submittedAt: isoDateTime.nullable() })
    .nullable(),
  latest: z
    .object({ id: uuid, label: z.string().nullable(), submittedAt: isoDateTime.nullable() })
    .nullable(),
  sections: z.array(
    z.object({
      sectionId: z.string(),
      title: localizedText,
      previous: z.number().nullable(),
      latest: z.number().nullable(),
      change: z.enum(['up', 'down', 'same', 'new']),
    }),
  ),
  /** The same, item by item (scored items of the latest survey), under their section. */
  items: z.array(
    z.object({
      itemId: z.string(),
      sectionId: z.string(),
      title: localizedText,
      previous: z.number().nullable(),
      latest: z.number().nullable(),
      change: z.enum(['up', 'down', 'same', 'new']),
    }),
  ),
});

const statusCounts = z.object({
  planned: z.int(),
  in_progress: z.int(),
  done: z.int(),
  dropped: z.int(),
});

export const improvementOverview = z.object({
  actions: z.array(actionView),
  counts: statusCounts,
  progress: progressChartView,
});
export type ImprovementOverview = z.infer<typeof improvementOverview>;

/**
 * What operators and the observer see for a program: aggregates only, withheld (null) while fewer
 * companies than the minimum group size take part.
 */
export const programImprovementSummary = z.object({
  minimumGroupSize: z.int(),
  companies: z.int(),
  oneStar: z.int().nullable(),
  twoStars: z.int().nullable(),
  actions: statusCounts.nullable(),
});
