import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../../contracts/localized';
import { isLocale } from '../../../i18n';

/** Picks the UI language's text of a {ja, en} pair. */
export function useLocalized() {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'ja';
  return (text: LocalizedText) => text[locale];
}
