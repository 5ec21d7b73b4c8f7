import { lessonLibrarySchema, type Lesson } from '../../../contracts/phishing-followup';
import { loadContent } from '../../content/loader';
import { findLibraryTemplate } from './content';

let lessons: readonly Lesson[] | undefined;

/** Reads and validates the follow-up lessons; called at start-up so bad content stops the server. */
export function loadLessonContent(): readonly Lesson[] {
  lessons ??= loadContent('phishing/lessons.yaml', lessonLibrarySchema).lessons;
  return lessons;
}

export function findLesson(key: string): Lesson | undefined {
  return loadLessonContent().find((l) => l.key === key);
}

/**
 * The lesson that follows up a campaign's message: the one for its library template's category;
 * a company's own template (or a library entry since removed) gets the general one.
 */
export function lessonForTemplate(templateRef: string): Lesson {
  const all = loadLessonContent();
  const key = templateRef.startsWith('library:') ? templateRef.slice('library:'.length) : '';
  const category = findLibraryTemplate(key)?.category ?? 'other';
  const lesson = all.find((l) => l.categories.includes(category));
  if (!lesson) throw new Error(`no lesson for template category ${category}`);
  return lesson;
}
