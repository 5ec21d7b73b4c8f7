import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../../contracts/localized';
import { isLocale } from '../../../i18n';

/** The UI language, and a picker for the matching text of a {ja, en} pair. */
export function useLocalized() {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'ja';
  return Object.assign((text: LocalizedText) => text[locale], { locale });
}

/** An SVG drawn by the server, shown as an image so that nothing in it can run as page markup. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
