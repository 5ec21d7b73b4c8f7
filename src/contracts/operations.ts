import { z } from 'zod';
import { isoDateTime, uuid } from './common';

export const auditEntryView = z.object({
  id: uuid,
  at: isoDateTime,
  action: z.string(),
  actorUserId: uuid.nullable(),
  actorEmail: z.string().nullable(),
  organizationId: uuid.nullable(),
  organizationName: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const auditQuery = z.strictObject({
  action: z.string().max(100).optional(),
  organizationId: uuid.optional(),
  /** The `nextBefore` of the previous page (the id of its last entry). */
  before: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const auditPage = z.object({
  entries: z.array(auditEntryView),
  /** Pass as `before` to read the next (older) page; null on the last page. */
  nextBefore: uuid.nullable(),
});

export const mailboxMessageSummary = z.object({
  id: uuid,
  receivedAt: isoDateTime,
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
});
export const mailboxMessage = mailboxMessageSummary.extend({
  text: z.string(),
  html: z.string().nullable(),
});

export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgresql']),
  version: z.string(),
});

export const courseCodes = ['csirt', 'itbcp'] as const;
export const programView = z.object({
  id: uuid,
  name: z.string(),
  fiscalYear: z.int(),
  region: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  courses: z.array(
    z.object({ code: z.enum(courseCodes), name: z.string(), capacity: z.int(), enrolled: z.int() }),
  ),
});
/** What an observer sees: counts only, with groups below the minimum size withheld. */
export const programSummary = z.object({
  programId: uuid,
  minimumGroupSize: z.int(),
  enrolledCompanies: z.int().nullable(),
  byCourse: z.array(z.object({ course: z.enum(courseCodes), companies: z.int().nullable() })),
  byIndustry: z.array(z.object({ industry: z.string(), companies: z.int().nullable() })),
  /**
   * Phishing training over the companies with a campaign in the program's period, people only;
   * every figure is null while fewer than the minimum number of companies contribute.
   */
  phishing: z.object({
    companies: z.int().nullable(),
    campaigns: z.int().nullable(),
    openRate: z.number().nullable(),
    clickRate: z.number().nullable(),
    reportRate: z.number().nullable(),
    /** Of the contributing companies, the share whose own click rate is under the target. */
    companiesUnderTarget: z.number().nullable(),
    clickRateTarget: z.number(),
  }),
});

/** Messages on /api/ws. Client → server: subscribe/unsubscribe to a room; server → client: events. */
export const wsClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), room: z.string().max(200) }),
  z.object({ type: z.literal('unsubscribe'), room: z.string().max(200) }),
  z.object({ type: z.literal('ping') }),
]);
export const wsServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribed'), room: z.string() }),
  z.object({ type: z.literal('event'), room: z.string(), event: z.string(), data: z.unknown() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('pong') }),
]);

export const expertAssignmentView = z.object({
  id: uuid,
  companyId: uuid,
  companyName: z.string(),
  expertUserId: uuid,
  expertName: z.string(),
  assignedAt: isoDateTime,
});
export const createExpertAssignmentRequest = z.strictObject({
  companyId: uuid,
  expertUserId: uuid,
});
