import { z } from 'zod';
import { isoDateTime, uuid } from './common';

/** The program's key figure: fewer than one person in twenty clicks. */
export const CLICK_RATE_TARGET = 0.05;

/**
 * People-only figures of one campaign (or one department in it); rates are of the messages
 * delivered (accepted by the relay and not bounced), as in the campaign's funnel.
 */
const peopleFigures = {
  sent: z.int(),
  delivered: z.int(),
  opened: z.int(),
  clicked: z.int(),
  submitted: z.int(),
  reported: z.int(),
  openRate: z.number(),
  clickRate: z.number(),
  reportRate: z.number(),
};

export const campaignTrendView = z.object({
  campaigns: z.array(
    z.object({
      campaignId: uuid,
      name: z.string(),
      launchedAt: isoDateTime,
      ...peopleFigures,
      lessonsAssigned: z.int(),
      lessonsCompleted: z.int(),
    }),
  ),
  clickRateTarget: z.number(),
});

export const departmentHistoryView = z.object({
  departments: z.array(
    z.object({
      department: z.string().nullable(),
      campaigns: z.array(z.object({ campaignId: uuid, ...peopleFigures })),
    }),
  ),
});

export const personHistoryQuery = z.strictObject({ email: z.string().trim().min(3).max(254) });
export const personHistoryView = z.object({
  email: z.string(),
  campaigns: z.array(
    z.object({
      campaignId: uuid,
      campaignName: z.string(),
      launchedAt: isoDateTime.nullable(),
      name: z.string(),
      department: z.string().nullable(),
      sentAt: isoDateTime.nullable(),
      sendError: z.string().nullable(),
      openedAt: isoDateTime.nullable(),
      clickedAt: isoDateTime.nullable(),
      submittedAt: isoDateTime.nullable(),
      reportedAt: isoDateTime.nullable(),
      scannerEvents: z.int(),
      lessonKey: z.string().nullable(),
      lessonCompletedAt: isoDateTime.nullable(),
    }),
  ),
});

export const campaignTimelineView = z.object({
  bucketSeconds: z.int(),
  buckets: z.array(
    z.object({
      at: isoDateTime,
      open: z.int(),
      click: z.int(),
      submit: z.int(),
      report: z.int(),
      scanner: z.int(),
      forwarded: z.int(),
    }),
  ),
});
