import { z } from 'zod';
import { isoDateTime, localeSchema, uuid } from './common';
import { libraryTemplateSchema } from './phishing';

/** The template categories; every one of them is followed up by exactly one lesson. */
export const templateCategories = libraryTemplateSchema.shape.category.options;
export type TemplateCategory = (typeof templateCategories)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const lessonText = z.strictObject({
  title: text(200),
  summary: text(1000),
  keyPoints: z.array(text(500)).min(2).max(6),
});
const question = z.strictObject({
  question: text(500),
  options: z.array(text(300)).min(2).max(5),
  explanation: text(1000),
});
const checkItem = z
  .strictObject({ answer: z.int().min(0), ja: question, en: question })
  .refine(
    (q) => q.ja.options.length === q.en.options.length,
    'both languages need the same options',
  )
  .refine((q) => q.answer < q.ja.options.length, 'the answer must be one of the options');

/** One entry of content/phishing/lessons.yaml. */
export const lessonSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
  categories: z.array(z.enum(templateCategories)).min(1),
  ja: lessonText,
  en: lessonText,
  check: z.array(checkItem).min(2).max(3),
});
export type Lesson = z.infer<typeof lessonSchema>;

export const lessonLibrarySchema = z
  .strictObject({ lessons: z.array(lessonSchema).min(1) })
  .refine(
    (lib) => new Set(lib.lessons.map((l) => l.key)).size === lib.lessons.length,
    'lesson keys must be unique',
  )
  .refine((lib) => {
    const covered = lib.lessons.flatMap((l) => l.categories);
    return (
      covered.length === templateCategories.length &&
      templateCategories.every((c) => covered.includes(c))
    );
  }, 'every template category needs exactly one lesson');

/** A lesson as the results page lists it (titles only). */
export const lessonSummaryView = z.object({
  key: z.string(),
  title: z.strictObject({ ja: z.string(), en: z.string() }),
  categories: z.array(z.enum(templateCategories)),
});

export const followUpStatusSchema = z.enum(['assigned', 'opened', 'completed']);

export const followUpCounts = z.object({
  /** People (not scanners) who clicked or sent the form. */
  eligible: z.int(),
  assigned: z.int(),
  opened: z.int(),
  completed: z.int(),
});
export const followUpAssignmentView = z.object({
  recipientId: uuid,
  name: z.string(),
  email: z.string(),
  department: z.string().nullable(),
  clickedAt: isoDateTime.nullable(),
  submittedAt: isoDateTime.nullable(),
  lessonKey: z.string().nullable(),
  status: followUpStatusSchema.nullable(),
  assignedBy: z.enum(['automatic', 'admin']).nullable(),
  assignedAt: isoDateTime.nullable(),
  mailQueuedAt: isoDateTime.nullable(),
  openedAt: isoDateTime.nullable(),
  completedAt: isoDateTime.nullable(),
  attempts: z.int(),
});
export const followUpView = z.object({
  counts: followUpCounts,
  /** The lesson a new assignment in this campaign gets unless the admin picks another. */
  defaultLessonKey: z.string(),
  lessons: z.array(lessonSummaryView),
  /** Everyone who clicked or sent the form, and anyone already assigned. */
  people: z.array(followUpAssignmentView),
});
export const assignLessonRequest = z.strictObject({
  recipientId: uuid,
  /** Absent: the campaign's default lesson. */
  lessonKey: z.string().max(60).optional(),
});

const publicLessonText = lessonText.extend({
  check: z.array(z.object({ question: z.string(), options: z.array(z.string()) })),
});
/** What the lesson page shows, without an account: the lesson in both languages, no answers. */
export const publicLessonView = z.object({
  locale: localeSchema,
  name: z.string(),
  lesson: z.object({ key: z.string(), ja: publicLessonText, en: publicLessonText }),
  completedAt: isoDateTime.nullable(),
});
export const lessonTokenParams = z.strictObject({ token: z.string().min(1).max(100) });
export const completeLessonRequest = z.strictObject({
  answers: z.array(z.int().min(0).max(10)).min(1).max(10),
});
export const completeLessonResult = z.object({
  completed: z.boolean(),
  completedAt: isoDateTime.nullable(),
  /** Per question: right or not, with the explanation in both languages. */
  results: z.array(
    z.object({
      correct: z.boolean(),
      explanation: z.strictObject({ ja: z.string(), en: z.string() }),
    }),
  ),
});
