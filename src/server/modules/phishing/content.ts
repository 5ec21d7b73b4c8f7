import { phishingLibrarySchema, type LibraryTemplate } from '../../../contracts/phishing';
import { loadContent } from '../../content/loader';

let library: readonly LibraryTemplate[] | undefined;

/** Reads and validates the shipped template library; called at start-up so bad content stops the server. */
export function loadPhishingContent(): readonly LibraryTemplate[] {
  library ??= loadContent('phishing/templates.yaml', phishingLibrarySchema).templates;
  return library;
}

export function findLibraryTemplate(key: string): LibraryTemplate | undefined {
  return loadPhishingContent().find((t) => t.key === key);
}
