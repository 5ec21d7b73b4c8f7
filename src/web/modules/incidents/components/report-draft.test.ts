import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { incidentReportInput } from '../../../../contracts/incidents';
import { emptyReportDraft, reportDraftErrors, reportInputOf } from './report-draft';

const t = ((key: string) => key) as unknown as TFunction;

describe('the report draft', () => {
  it('names what is missing before sending, including a way to reach the reporter', () => {
    expect(reportDraftErrors(emptyReportDraft(), t, { requireContact: true })).toEqual({
      reporterName: 'validation.required',
      purpose: 'validation.required',
      whatWasSeen: 'validation.required',
      email: 'incidents.contactRequired',
      phone: 'incidents.contactRequired',
    });
    expect(
      reportDraftErrors({ ...emptyReportDraft(), email: 'nope', personalDataCount: '12a' }, t, {
        requireContact: false,
      }),
    ).toMatchObject({ email: 'validation.email', personalDataCount: 'validation.nonNegative' });
  });

  it('becomes a request the contract accepts', () => {
    const input = reportInputOf({
      ...emptyReportDraft(),
      reporterName: ' 大森 健 ',
      purpose: 'ask_for_help',
      phone: '03-1234-5678',
      whatWasSeen: '画面に身代金の要求が表示された',
      seenAt: '2026-11-20T09:15:30',
      hosting: ['saas'],
      personalData: 'yes',
      personalDataCount: '1200',
    });
    expect(input).toMatchObject({
      reporterName: '大森 健',
      seenAt: '2026-11-20T09:15',
      seenTimeZone: 'Asia/Tokyo',
      personalDataCount: 1200,
    });
    expect(incidentReportInput.safeParse(input).success).toBe(true);
    // A count left over from an earlier answer is not sent once the answer is "no".
    expect(
      reportInputOf({ ...emptyReportDraft(), personalData: 'no', personalDataCount: '5' })
        .personalDataCount,
    ).toBeNull();
  });
});
