import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../../contracts/localized';
import { isLocale } from '../../../i18n';
import type { IncidentTaxonomy } from '../api/incidents';

/** Picks the UI language's text of a {ja, en} pair. */
export function useLocalized() {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'ja';
  return (text: LocalizedText) => text[locale];
}

/** The label of a category or scale entry by key; the key itself when content no longer has it. */
export function useTaxonomyLabel(taxonomy: IncidentTaxonomy | undefined) {
  const localized = useLocalized();
  return (list: keyof IncidentTaxonomy, key: string | null): string | null => {
    if (key === null) return null;
    const entry = taxonomy?.[list].find((e) => e.key === key);
    return entry ? localized(entry.label) : key;
  };
}
