import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../contracts/common';
import { en, ja } from './bundles';

export const resources = { ja: { translation: ja }, en: { translation: en } } as const;
export const supportedLocales: readonly Locale[] = ['ja', 'en'];
const STORAGE_KEY = 'banso.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}

/** The language chosen before sign-in (or last used); Japanese when nothing was chosen. */
function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'ja';
  } catch {
    return 'ja';
  }
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'ja';
}

/** Switches the UI language and remembers it on this device. */
export async function setUiLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

function reflectLanguage(lng: string): void {
  document.documentElement.lang = lng;
}

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLocale(),
  fallbackLng: 'ja',
  supportedLngs: supportedLocales,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
reflectLanguage(i18n.language);
i18n.on('languageChanged', reflectLanguage);

export default i18n;
