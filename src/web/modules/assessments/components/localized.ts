import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../../contracts/assessments';
import { isLocale } from '../../../i18n';

/** Picks the UI language's text of a content node ({ja, en}). */
export function useLocalized() {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'ja';
  return (text: LocalizedText) => text[locale];
}

/** A score on the 0–5 scale with one decimal, or a dash. */
export const formatScore = (score: number | null) => (score === null ? '—' : score.toFixed(1));
