import type { Locale } from '../../../contracts/common';
import type { TimetableEntry } from '../../../contracts/exercises';
import { bodyIssue, throwIfIssues, type Issue } from '../../lib/issues';

// The timing rules of an exercise's plan, with messages in the caller's language: phases and injects
// fall within the exercise's length.

export const msg = {
  beyondDuration: {
    ja: (max: number) => `演習の長さ（${max}分）を超えています。0〜${max}分で指定してください。`,
    en: (max: number) =>
      `This is beyond the exercise's length (${max} minutes). Use 0 to ${max} minutes.`,
  },
  duplicate: { ja: '同じ項目が2回指定されています。', en: 'This entry is given twice.' },
  unknownInject: {
    ja: 'この演習にない状況付与です。',
    en: 'This exercise has no such inject.',
  },
  beforeSource: {
    ja: (source: string) =>
      `分岐の状況付与は、元になる選択（${source}）より後に配信される必要があります。`,
    en: (source: string) => `A branch must fall due after the choice it follows (${source}).`,
  },
  mediaCount: {
    ja: (n: number) => `資料の数がこの状況付与と合いません（${n}件）。`,
    en: (n: number) => `The number of materials does not match this inject (${n}).`,
  },
} as const;

export function timetableIssues(
  timetable: readonly TimetableEntry[],
  duration: number,
  locale: Locale,
  path: string,
): Issue[] {
  const seen = new Set<string>();
  return timetable.flatMap((entry, i) => {
    const issues: Issue[] = [];
    if (entry.startMinute > duration)
      issues.push(
        bodyIssue(
          [path, i, 'startMinute'],
          'beyond_duration',
          msg.beyondDuration[locale](duration),
        ),
      );
    if (seen.has(entry.phaseId))
      issues.push(bodyIssue([path, i, 'phaseId'], 'duplicate', msg.duplicate[locale]));
    seen.add(entry.phaseId);
    return issues;
  });
}

/** Refuses a timetable with a phase after the end of the exercise (also used by the plan edit). */
export function assertTimetable(
  duration: number,
  timetable: readonly TimetableEntry[],
  locale: Locale,
): void {
  const issues = timetableIssues(timetable, duration, locale, 'timetable');
  throwIfIssues(issues);
}
