/*
 * Exercises (tabletop exercises): content, planning, live run, evaluation, after-action report.
 *
 * API (all JSON unless noted; org routes need the access in brackets, "facilitator" = the exercise's
 * facilitatorUserId, "evaluator" = a listed evaluator or the facilitator):
 *  Content
 *   GET    /api/exercise-content                                       [user]  → exerciseContentView
 *   GET    /api/exercise-content/scenarios/:scenarioId                 [user]  → scenarioView (raw, with {{placeholders}})
 *   GET    /api/orgs/:orgId/exercise-scenarios/:scenarioId/preview     [org:read] → scenarioView adapted to the company
 *  Planning
 *   GET    /api/orgs/:orgId/exercises                                  [org:read]  → exerciseListView
 *   POST   /api/orgs/:orgId/exercises                                  [org:write] createExerciseRequest → exerciseDetail
 *   GET    /api/orgs/:orgId/exercises/:exerciseId                      [org:read]  → exerciseDetail
 *   PATCH  /api/orgs/:orgId/exercises/:exerciseId                      [org:write] updateExerciseRequest → exerciseDetail (plan only while planned)
 *   DELETE /api/orgs/:orgId/exercises/:exerciseId                      [org:write] → ok (only while planned)
 *   PUT    /api/orgs/:orgId/exercises/:exerciseId/schedule             [org:write] scheduleRequest → exerciseDetail (phase timings, inject offsets and texts; only while planned)
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/participants         [org:write] participantRequest → participantView
 *   PATCH  /api/orgs/:orgId/exercises/:exerciseId/participants/:participantId [org:write] participantRequest → participantView
 *   DELETE /api/orgs/:orgId/exercises/:exerciseId/participants/:participantId [org:write] → ok (only while planned)
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/participants/:participantId/seat-link [org:read + facilitator]
 *          → seatLinkView (issues or reissues: the old link and any device claim stop working; token shown once)
 *   PUT    /api/orgs/:orgId/exercises/:exerciseId/evaluators           [org:write] setEvaluatorsRequest → exerciseDetail
 *   GET    /api/orgs/:orgId/exercises/:exerciseId/evaluator-candidates [org:read] → { candidates: userRef[] }
 *  Live run (facilitator)
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/start | /pause | /resume | /close   [org:read + facilitator] → exerciseDetail
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/injects/:injectId/release [facilitator] → exerciseDetail (by hand, ignores branching)
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/injects/:injectId/skip    [facilitator] → exerciseDetail
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/responses            [facilitator] staffResponseRequest → responseAck (in-room mode: for a role)
 *   GET    /api/orgs/:orgId/exercises/:exerciseId/responses            [org:read]  → { responses: responseView[] }
 *   GET    /api/orgs/:orgId/exercises/:exerciseId/events?after=N       [org:read]  → eventListView (catch-up)
 *  Evaluation (evaluator)
 *   PUT    /api/orgs/:orgId/exercises/:exerciseId/ratings/:checkpointId [evaluator] ratingRequest → ratingView
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/evidence             [evaluator] evidenceRequest → evidenceView (idempotent by id)
 *   GET    /api/orgs/:orgId/exercises/:exerciseId/evaluation           [org:read]  → evaluationView
 *  After-action
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/aar/generate         [org:write] → aarView (after close; rebuilds the draft)
 *   GET    /api/orgs/:orgId/exercises/:exerciseId/aar                  [org:read]  → aarView (404 until generated)
 *   PATCH  /api/orgs/:orgId/exercises/:exerciseId/aar                  [org:write] updateAarRequest → aarView
 *   GET    /api/orgs/:orgId/exercises/:exerciseId/aar/chart.svg        [org:read]  → image/svg+xml (checkpoint scores)
 *   POST   /api/orgs/:orgId/exercises/:exerciseId/aar/send-to-improvement [org:write] sendToImprovementRequest → sendToImprovementResult
 *   GET    /api/orgs/:orgId/exercises/:exerciseId/feedback             [org:read]  → feedbackSummaryView
 *   GET    /api/orgs/:orgId/exercise-trend                             [org:read]  → trendView
 *   GET    /api/orgs/:orgId/exercise-retests                           [org:read]  → retestProposalListView (open retests for the next plan)
 *  Seats (no account; every call sends headers x-seat-token and x-seat-device)
 *   POST   /api/exercise-seat/claim            [public] claimSeatRequest (token + device secret in the body) → seatView
 *   GET    /api/exercise-seat                  [public, seat headers] → seatView
 *   GET    /api/exercise-seat/events?after=N   [public, seat headers] → eventListView (only what a seat may see)
 *   POST   /api/exercise-seat/responses        [public, seat headers] seatResponseRequest → responseAck (idempotent by id)
 *   GET    /api/exercise-seat/feedback         [public, seat headers] → feedbackFormView
 *   POST   /api/exercise-seat/feedback         [public, seat headers] feedbackRequest → ok (after close)
 *  Real time
 *   Staff: the foundation's /api/ws, subscribe to room `exercise:<exerciseId>` (org:read on its company).
 *   Seats: GET /api/exercise-seat/ws?token=…&device=… (WebSocket) — joined to the seat room at once.
 *   Every message: { type: 'event', room, event: 'exercise.event', data: exerciseEvent }. On (re)connect,
 *   fetch events after the last seq you hold; refetch views as the event types suggest.
 */
import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { actionEffortSchema } from './improvement';

/** Lower-case ids used in content: scenarios, injects, questions, options, phases. */
export const slugId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens')
  .max(64);

export const exerciseCourses = ['csirt', 'itbcp', 'both'] as const;
export const exerciseCourseSchema = z.enum(exerciseCourses);
export type ExerciseCourse = z.infer<typeof exerciseCourseSchema>;

/** The company's own functions. */
export const internalRoles = [
  'executive',
  'csirt',
  'it',
  'legal',
  'pr',
  'hr',
  'finance',
  'sales',
  'general-affairs',
  'helpdesk',
] as const;
/** Outside parties; in an exercise someone plays them (often the facilitator's helper). */
export const outsideRoles = [
  'maintenance-vendor',
  'cloud-provider',
  'regulator',
  'press',
  'customer',
  'police',
  'insurer',
  'bank',
] as const;
export const exerciseRoles = [...internalRoles, ...outsideRoles] as const;
export const exerciseRoleSchema = z.enum(exerciseRoles);
export type ExerciseRole = z.infer<typeof exerciseRoleSchema>;
export function isOutsideRole(role: ExerciseRole): boolean {
  return (outsideRoles as readonly string[]).includes(role);
}

/** What form an inject reaches the participants in. */
export const injectMediumKinds = [
  'email',
  'ransom-note',
  'phone-call',
  'news-enquiry',
  'chat',
  'system-alert',
  'document',
  'social-post',
] as const;
export const injectMediumKindSchema = z.enum(injectMediumKinds);
export type InjectMediumKind = z.infer<typeof injectMediumKindSchema>;

export const questionKinds = ['free', 'choice'] as const;
export const questionKindSchema = z.enum(questionKinds);

/** The seed's 11 checkpoints, in order; content/exercises/checkpoints.yaml names and explains them. */
export const checkpointIds = [
  'decision-owner',
  'decision-criteria',
  'relevant-documents',
  'contact-structure',
  'role-duties',
  'information-sharing',
  'initial-response',
  'customer-notice',
  'recovery',
  'incident-information',
  'incident-investigation',
] as const;
export const checkpointIdSchema = z.enum(checkpointIds);
export type CheckpointId = z.infer<typeof checkpointIdSchema>;

/**
 * Placeholders scenario text may carry; replaced from the company's asset inventory and BIA when an
 * exercise is planned, with neutral defaults where the company has not recorded one.
 */
export const placeholderKeys = [
  'company.name',
  'process.critical',
  'process.second',
  'system.core',
  'system.email',
  'system.files',
  'system.backup',
  'system.remote',
  'system.website',
  'vendor.maintenance',
  'rto.critical',
] as const;
export type PlaceholderKey = (typeof placeholderKeys)[number];

export const hseepRatings = ['performed', 'some_challenges', 'major_challenges', 'unable'] as const;
export const hseepRatingSchema = z.enum(hseepRatings);
export type HseepRating = z.infer<typeof hseepRatingSchema>;
/** Numeric mapping of the HSEEP scale for scores and charts (0–3; 3 = performed). */
export const hseepScore: Record<HseepRating, number> = {
  performed: 3,
  some_challenges: 2,
  major_challenges: 1,
  unable: 0,
};

export const exerciseModes = ['online', 'in_room'] as const;
export const exerciseModeSchema = z.enum(exerciseModes);
export type ExerciseMode = z.infer<typeof exerciseModeSchema>;

export const exerciseStatuses = ['planned', 'running', 'paused', 'closed'] as const;
export const exerciseStatusSchema = z.enum(exerciseStatuses);
export type ExerciseStatus = z.infer<typeof exerciseStatusSchema>;

const lt = z.object({ ja: z.string(), en: z.string() });
const shortText = (max: number) => z.string().trim().max(max);

// ---------- content views ----------

export const checkpointView = z.object({
  id: checkpointIdSchema,
  no: z.int(),
  name: lt,
  description: lt,
  performed: lt,
});
export type CheckpointView = z.infer<typeof checkpointView>;

export const questionView = z.object({
  id: z.string(),
  text: lt,
  kind: questionKindSchema,
  options: z.array(z.object({ id: z.string(), label: lt })).optional(),
});
export type QuestionView = z.infer<typeof questionView>;

export const expectedActionView = z.object({
  id: z.string(),
  text: lt,
  checkpoints: z.array(checkpointIdSchema),
  roles: z.array(exerciseRoleSchema),
});

export const injectMediumView = z.object({
  kind: injectMediumKindSchema,
  from: lt.optional(),
  subject: lt.optional(),
  body: lt,
});

export const injectConditionView = z.object({
  inject: z.string(),
  question: z.string(),
  anyOf: z.array(z.string()).optional(),
  noneOf: z.array(z.string()).optional(),
});

/** An inject as written in the scenario (or as adapted into an exercise's snapshot). */
export const injectContentView = z.object({
  id: z.string(),
  offsetMinutes: z.int(),
  phase: z.string(),
  title: lt,
  situation: lt,
  media: z.array(injectMediumView),
  roles: z.array(exerciseRoleSchema),
  questions: z.array(questionView),
  expectedActions: z.array(expectedActionView),
  when: injectConditionView.optional(),
  attackerStep: z.int().optional(),
  /** Set on an inject carried over from an earlier exercise's after-action action (a retest). */
  retestOf: z
    .object({ exerciseId: uuid, actionId: uuid, checkpointId: checkpointIdSchema.nullable() })
    .optional(),
});
export type InjectContentView = z.infer<typeof injectContentView>;

export const phaseView = z.object({
  id: z.string(),
  title: lt,
  startMinute: z.int(),
  purpose: lt,
});
export type PhaseView = z.infer<typeof phaseView>;

export const scenarioSummaryView = z.object({
  id: z.string(),
  course: exerciseCourseSchema,
  title: lt,
  summary: lt,
  durationMinutes: z.int(),
  roles: z.array(exerciseRoleSchema),
  injectCount: z.int(),
});
export type ScenarioSummaryView = z.infer<typeof scenarioSummaryView>;

export const scenarioView = scenarioSummaryView.extend({
  objectives: z.array(lt),
  phases: z.array(phaseView),
  attackerSteps: z.array(z.object({ no: z.int(), title: lt, description: lt })),
  injects: z.array(injectContentView),
});
export type ScenarioView = z.infer<typeof scenarioView>;

export const exerciseContentView = z.object({
  checkpoints: z.array(checkpointView),
  scenarios: z.array(scenarioSummaryView),
  roles: z.array(z.object({ id: exerciseRoleSchema, outside: z.boolean() })),
});

// ---------- planning ----------

export const timetableEntry = z.strictObject({
  phaseId: slugId,
  title: z.object({ ja: shortText(200), en: shortText(200) }),
  startMinute: z
    .int()
    .min(0)
    .max(24 * 60),
  purpose: z.object({ ja: shortText(1000), en: shortText(1000) }),
});
export type TimetableEntry = z.infer<typeof timetableEntry>;

/** The editable plan; free text is the company's own (one language, as typed). */
export const exercisePlanFields = z.strictObject({
  title: z.string().trim().min(1).max(200),
  overview: shortText(4000),
  background: shortText(4000),
  objectives: z.array(shortText(1000)).max(20),
  scope: shortText(4000),
  /** When the session is planned to take place (informational; the clock starts on "start"). */
  scheduledAt: isoDateTime.nullable(),
  location: shortText(200),
  mode: exerciseModeSchema,
  timetable: z.array(timetableEntry).min(1).max(20),
  checkpoints: z.array(checkpointIdSchema).min(1).max(checkpointIds.length),
  preparationNotes: shortText(4000),
  facilitatorUserId: uuid,
  /** Seat links stop working after this many hours from issue. */
  seatLinkHours: z
    .int()
    .min(1)
    .max(24 * 14),
});
export type ExercisePlanFields = z.infer<typeof exercisePlanFields>;

export const createExerciseRequest = z.strictObject({
  scenarioId: slugId,
  title: z.string().trim().min(1).max(200).optional(),
  mode: exerciseModeSchema.default('online'),
  scheduledAt: isoDateTime.nullable().optional(),
  /** Defaults to the caller. */
  facilitatorUserId: uuid.optional(),
  /**
   * Open retest proposals of earlier exercises (see GET exercise-retests) to add to this exercise's
   * scenario as injects.
   */
  retests: z
    .array(z.strictObject({ exerciseId: uuid, actionId: uuid }))
    .max(20)
    .optional(),
});
export type CreateExerciseRequest = z.infer<typeof createExerciseRequest>;

export const updateExerciseRequest = exercisePlanFields.partial();
export type UpdateExerciseRequest = z.infer<typeof updateExerciseRequest>;

const editText = (max: number) =>
  z.object({ ja: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });

/** One inject adapted by hand before the start: when it falls due and, optionally, what it says. */
export const injectEdit = z.strictObject({
  id: slugId,
  offsetMinutes: z
    .int()
    .min(0)
    .max(24 * 60),
  title: editText(300).optional(),
  situation: editText(4000).optional(),
  /** The participants' material, one entry per medium of the inject, in the same order. */
  media: z
    .array(z.strictObject({ subject: editText(300).optional(), body: editText(8000) }))
    .max(10)
    .optional(),
});
export type InjectEdit = z.infer<typeof injectEdit>;

/**
 * The timetable and the injects' timings and texts, edited before the exercise starts. Offsets are
 * minutes from the start, within the exercise's length; a branch stays after the choice it follows.
 */
export const scheduleRequest = z.strictObject({
  timetable: z.array(timetableEntry).min(1).max(20).optional(),
  injects: z.array(injectEdit).max(100).optional(),
});
export type ScheduleRequest = z.infer<typeof scheduleRequest>;

export const participantRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: exerciseRoleSchema,
  /** Department or company the person is from (free text). */
  affiliation: shortText(200).default(''),
});
export type ParticipantRequest = z.infer<typeof participantRequest>;

export const participantView = z.object({
  id: uuid,
  name: z.string(),
  role: exerciseRoleSchema,
  affiliation: z.string(),
  seat: z.object({
    /** none: no link issued yet; issued: link out, no device yet; claimed: a device holds it; expired. */
    state: z.enum(['none', 'issued', 'claimed', 'expired']),
    issuedAt: isoDateTime.nullable(),
    expiresAt: isoDateTime.nullable(),
    claimedAt: isoDateTime.nullable(),
  }),
});
export type ParticipantView = z.infer<typeof participantView>;

export const seatLinkView = z.object({
  participantId: uuid,
  /** Absolute path of the seat page with the token, e.g. /seat/<token>; prefix with the site's origin. */
  path: z.string(),
  token: z.string(),
  /** QR code of the full URL (origin taken from the request), as SVG markup. */
  qrSvg: z.string(),
  url: z.string(),
  expiresAt: isoDateTime,
});
export type SeatLinkView = z.infer<typeof seatLinkView>;

export const userRef = z.object({ id: uuid, name: z.string(), kind: z.enum(['member', 'expert']) });
export type UserRef = z.infer<typeof userRef>;

export const setEvaluatorsRequest = z.strictObject({ userIds: z.array(uuid).max(20) });

// ---------- live state ----------

export const injectStates = ['pending', 'released', 'skipped'] as const;
export const injectStateSchema = z.enum(injectStates);

export const injectRunView = injectContentView.extend({
  state: injectStateSchema,
  /** Wall-clock due time by the shared clock (shifts while paused); null before the start. */
  dueAt: isoDateTime.nullable(),
  releasedAt: isoDateTime.nullable(),
  /** manual: released by hand; schedule: by the timetable. */
  releasedBy: z.enum(['manual', 'schedule']).nullable(),
});
export type InjectRunView = z.infer<typeof injectRunView>;

/**
 * The shared clock. Exercise time excludes pauses. elapsedMs is as of serverNow; a client adds its own
 * elapsed time since fetching while status is running.
 */
export const clockView = z.object({
  status: exerciseStatusSchema,
  serverNow: isoDateTime,
  startedAt: isoDateTime.nullable(),
  pausedAt: isoDateTime.nullable(),
  pausedTotalMs: z.int(),
  elapsedMs: z.int(),
  closedAt: isoDateTime.nullable(),
});
export type ClockView = z.infer<typeof clockView>;

export const exerciseSummaryView = z.object({
  id: uuid,
  scenarioId: z.string(),
  title: z.string(),
  status: exerciseStatusSchema,
  mode: exerciseModeSchema,
  scheduledAt: isoDateTime.nullable(),
  startedAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type ExerciseSummaryView = z.infer<typeof exerciseSummaryView>;
export const exerciseListView = z.object({ exercises: z.array(exerciseSummaryView) });

export const exerciseDetail = exerciseSummaryView.extend({
  organizationId: uuid,
  plan: exercisePlanFields,
  /** The scenario as adapted when planned (company names substituted); content changes never alter it. */
  scenario: z.object({
    id: z.string(),
    course: exerciseCourseSchema,
    title: lt,
    summary: lt,
    objectives: z.array(lt),
    durationMinutes: z.int(),
    roles: z.array(exerciseRoleSchema),
    attackerSteps: z.array(z.object({ no: z.int(), title: lt, description: lt })),
  }),
  injects: z.array(injectRunView),
  participants: z.array(participantView),
  evaluators: z.array(userRef),
  facilitator: userRef.nullable(),
  clock: clockView,
  lastSeq: z.int(),
  /** What the caller may do here. */
  you: z.object({ facilitator: z.boolean(), evaluator: z.boolean(), canEdit: z.boolean() }),
});
export type ExerciseDetail = z.infer<typeof exerciseDetail>;

// ---------- responses (answers and decisions) ----------

export const responseKinds = ['answer', 'decision'] as const;
export const responseKindSchema = z.enum(responseKinds);

const responseBase = {
  /** Generated by the client (uuid); sending the same id again returns the first acknowledgement. */
  id: uuid,
  injectId: slugId,
  /** For kind answer: the question; decisions are free entries tied to the inject. */
  questionId: slugId.optional(),
  kind: responseKindSchema,
  text: shortText(4000).default(''),
  /** For choice questions. */
  optionId: slugId.optional(),
};
export const seatResponseRequest = z.strictObject(responseBase);
export type SeatResponseRequest = z.infer<typeof seatResponseRequest>;
export const staffResponseRequest = z.strictObject({ ...responseBase, role: exerciseRoleSchema });
export type StaffResponseRequest = z.infer<typeof staffResponseRequest>;

export const responseView = z.object({
  id: uuid,
  injectId: z.string(),
  questionId: z.string().nullable(),
  kind: responseKindSchema,
  text: z.string(),
  optionId: z.string().nullable(),
  role: exerciseRoleSchema,
  participantId: uuid.nullable(),
  participantName: z.string().nullable(),
  /** Set when the facilitator recorded it (in-room mode). */
  recordedByUserId: uuid.nullable(),
  createdAt: isoDateTime,
  seq: z.int(),
});
export type ResponseView = z.infer<typeof responseView>;

/** Sent only after the response is committed. */
export const responseAck = z.object({
  id: uuid,
  seq: z.int(),
  createdAt: isoDateTime,
  duplicate: z.boolean(),
});
export type ResponseAck = z.infer<typeof responseAck>;

// ---------- events ----------

export const exerciseEventTypes = [
  'exercise.planned',
  'exercise.updated',
  'exercise.started',
  'exercise.paused',
  'exercise.resumed',
  'exercise.closed',
  'inject.released',
  'inject.skipped',
  'response.recorded',
  'rating.recorded',
  'evidence.recorded',
  'participant.changed',
  'seat.claimed',
  'seat.reissued',
  'feedback.submitted',
  'aar.updated',
] as const;
export const exerciseEventTypeSchema = z.enum(exerciseEventTypes);
export type ExerciseEventType = z.infer<typeof exerciseEventTypeSchema>;

/**
 * One change to an exercise; seq grows per exercise from 1 in commit order. A gap can appear (rarely: an
 * answer resent while its first copy was being stored), so never treat a gap as a lost event.
 */
export const exerciseEvent = z.object({
  exerciseId: uuid,
  seq: z.int(),
  type: exerciseEventTypeSchema,
  at: isoDateTime,
  injectId: z.string().nullable(),
  /** Roles concerned (inject roles, the responding role); empty for everyone. */
  roles: z.array(exerciseRoleSchema),
  /** Small details: ids, the exercise clock in ms, a checkpoint id, a rating. */
  data: z.record(z.string(), z.unknown()),
});
export type ExerciseEvent = z.infer<typeof exerciseEvent>;

export const eventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export const eventListView = z.object({
  events: z.array(exerciseEvent),
  lastSeq: z.int(),
  /** True when more events follow; ask again with after = the last seq received. */
  more: z.boolean(),
});
export type EventListView = z.infer<typeof eventListView>;

export const exerciseRealtimeEventName = 'exercise.event';

// ---------- seats ----------

/** The device secret is made by the browser (crypto.getRandomValues) and kept in its storage. */
export const deviceSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/);
export const seatTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/);
export const claimSeatRequest = z.strictObject({
  token: seatTokenSchema,
  deviceSecret: deviceSecretSchema,
});
export const seatHeaders = z.object({
  'x-seat-token': seatTokenSchema,
  'x-seat-device': deviceSecretSchema,
});

export const seatInjectView = z.object({
  id: z.string(),
  phase: z.string(),
  title: lt,
  media: z.array(injectMediumView),
  roles: z.array(exerciseRoleSchema),
  questions: z.array(questionView),
  releasedAt: isoDateTime,
});
export type SeatInjectView = z.infer<typeof seatInjectView>;

export const seatView = z.object({
  participantId: uuid,
  name: z.string(),
  role: exerciseRoleSchema,
  exercise: z.object({
    id: uuid,
    title: z.string(),
    scenarioTitle: lt,
    mode: exerciseModeSchema,
    phases: z.array(phaseView),
  }),
  clock: clockView,
  /** Released injects addressed to this seat's role, oldest first. */
  injects: z.array(seatInjectView),
  /** This seat's own answers and decisions. */
  responses: z.array(responseView),
  feedbackSubmitted: z.boolean(),
  lastSeq: z.int(),
});
export type SeatView = z.infer<typeof seatView>;

// ---------- evaluation ----------

export const ratingRequest = z.strictObject({
  rating: hseepRatingSchema,
  note: shortText(4000).default(''),
});
export const ratingView = z.object({
  checkpointId: checkpointIdSchema,
  evaluatorUserId: uuid,
  evaluatorName: z.string(),
  rating: hseepRatingSchema,
  note: z.string(),
  updatedAt: isoDateTime,
});
export type RatingView = z.infer<typeof ratingView>;

export const evidenceRequest = z.strictObject({
  /** Client-generated; resending returns the stored note. */
  id: uuid,
  checkpointId: checkpointIdSchema,
  /** The inject that prompted what was observed. */
  injectId: slugId.nullable().default(null),
  note: z.string().trim().min(1).max(4000),
});
export const evidenceView = z.object({
  id: uuid,
  checkpointId: checkpointIdSchema,
  injectId: z.string().nullable(),
  note: z.string(),
  evaluatorUserId: uuid,
  evaluatorName: z.string(),
  /** Wall clock and exercise clock at the moment the note was taken. */
  at: isoDateTime,
  exerciseMs: z.int(),
});
export type EvidenceView = z.infer<typeof evidenceView>;

export const checkpointScoreView = z.object({
  checkpointId: checkpointIdSchema,
  /** Mean of the evaluators' ratings on 0–3; null when nobody rated it. */
  score: z.number().nullable(),
  ratings: z.int(),
  /** The rating closest to the mean (ties toward the lower rating). */
  rating: hseepRatingSchema.nullable(),
});
export type CheckpointScoreView = z.infer<typeof checkpointScoreView>;

export const evaluationView = z.object({
  checkpoints: z.array(checkpointView),
  ratings: z.array(ratingView),
  evidence: z.array(evidenceView),
  scores: z.array(checkpointScoreView),
});
export type EvaluationView = z.infer<typeof evaluationView>;

// ---------- after-action report ----------

export const timelineKinds = [
  'started',
  'paused',
  'resumed',
  'closed',
  'released',
  'skipped',
  'answer',
  'decision',
  'rating',
  'evidence',
] as const;
export const timelineEntry = z.object({
  at: isoDateTime,
  exerciseMs: z.int(),
  kind: z.enum(timelineKinds),
  injectId: z.string().nullable(),
  role: exerciseRoleSchema.nullable(),
  checkpointId: checkpointIdSchema.nullable(),
  /** A short line in the company's words (answers, notes) or an inject title key for the client to show. */
  text: z.string(),
  actor: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const retestInject = z.object({
  title: z.string().trim().min(1).max(300),
  situation: z.string().trim().max(2000),
  question: z.string().trim().max(1000),
  roles: z.array(exerciseRoleSchema).max(20),
});
export type RetestInject = z.infer<typeof retestInject>;

export const aarActionView = z.object({
  id: uuid,
  checkpointId: checkpointIdSchema.nullable(),
  title: z.string(),
  detail: z.string(),
  ownerName: z.string(),
  dueDate: z.iso.date().nullable(),
  effort: actionEffortSchema.nullable(),
  retest: retestInject,
  /** Set once handed to the improvement plan. */
  sentAt: isoDateTime.nullable(),
});
export type AarActionView = z.infer<typeof aarActionView>;

/** A retest proposed by an earlier exercise's report and not yet carried into a later exercise. */
export const retestProposalView = z.object({
  exerciseId: uuid,
  exerciseTitle: z.string(),
  closedAt: isoDateTime.nullable(),
  actionId: uuid,
  actionTitle: z.string(),
  checkpointId: checkpointIdSchema.nullable(),
  retest: retestInject,
});
export type RetestProposalView = z.infer<typeof retestProposalView>;
export const retestProposalListView = z.object({ proposals: z.array(retestProposalView) });

export const aarFinding = z.object({
  checkpointId: checkpointIdSchema.nullable(),
  text: z.string(),
});
export type AarFinding = z.infer<typeof aarFinding>;

export const aarView = z.object({
  exerciseId: uuid,
  generatedAt: isoDateTime,
  updatedAt: isoDateTime,
  timeline: z.array(timelineEntry),
  scores: z.array(checkpointScoreView),
  /** Mean over rated checkpoints, 0–3. */
  overallScore: z.number().nullable(),
  strengths: z.array(aarFinding),
  gaps: z.array(aarFinding),
  actions: z.array(aarActionView),
  /** Path of the score chart (SVG). */
  chartPath: z.string(),
  feedback: z.lazy(() => feedbackSummaryView),
});
export type AarView = z.infer<typeof aarView>;

const findingEdit = z.strictObject({
  checkpointId: checkpointIdSchema.nullable().default(null),
  text: z.string().trim().min(1).max(2000),
});
export const aarActionEdit = z.strictObject({
  /** Omit for a new action. */
  id: uuid.optional(),
  checkpointId: checkpointIdSchema.nullable().default(null),
  title: z.string().trim().min(1).max(200),
  detail: z.string().trim().max(4000).default(''),
  ownerName: z.string().trim().max(200).default(''),
  dueDate: z.iso.date().nullable().default(null),
  effort: actionEffortSchema.nullable().default(null),
  retest: retestInject,
});
export const updateAarRequest = z.strictObject({
  strengths: z.array(findingEdit).max(50).optional(),
  gaps: z.array(findingEdit).max(50).optional(),
  /** Replaces the list; actions already sent keep their sentAt when their id is kept. */
  actions: z.array(aarActionEdit).max(50).optional(),
});
export type UpdateAarRequest = z.infer<typeof updateAarRequest>;

export const sendToImprovementRequest = z.strictObject({
  /** Defaults to every action not sent yet. */
  actionIds: z.array(uuid).max(50).optional(),
});
export const sendToImprovementResult = z.object({ sent: z.int(), alreadySent: z.int() });

// ---------- feedback survey ----------

export const feedbackQuestionView = z.object({
  id: z.string(),
  text: lt,
  kind: z.enum(['scale', 'free']),
  /** For scale questions: 1..max with labels for both ends. */
  max: z.int().optional(),
  minLabel: lt.optional(),
  maxLabel: lt.optional(),
});
export const feedbackFormView = z.object({
  questions: z.array(feedbackQuestionView),
  submitted: z.boolean(),
  /** Feedback opens once the exercise is closed. */
  open: z.boolean(),
});
export const feedbackRequest = z.strictObject({
  answers: z
    .array(
      z.strictObject({
        questionId: slugId,
        value: z.int().min(1).max(10).optional(),
        text: z.string().trim().max(4000).optional(),
      }),
    )
    .max(50),
});
export type FeedbackRequest = z.infer<typeof feedbackRequest>;
export const feedbackSummaryView = z.object({
  responses: z.int(),
  questions: z.array(
    z.object({
      id: z.string(),
      text: lt,
      kind: z.enum(['scale', 'free']),
      average: z.number().nullable(),
      /** Counts per value 1..max for scale questions. */
      distribution: z.array(z.int()),
      comments: z.array(z.string()),
    }),
  ),
});
export type FeedbackSummaryView = z.infer<typeof feedbackSummaryView>;

// ---------- trend ----------

export const trendView = z.object({
  exercises: z.array(
    z.object({
      id: uuid,
      title: z.string(),
      closedAt: isoDateTime.nullable(),
      scores: z.array(checkpointScoreView),
      overallScore: z.number().nullable(),
    }),
  ),
});
export type TrendView = z.infer<typeof trendView>;
