import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../i18n';
import { useSession } from '../../lib/session';
import type { LocalizedPair } from './lib';

/** Picks the text of content shipped in both languages for the current UI language. */
export function useLt(): (text: LocalizedPair | undefined | null) => string {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'ja';
  return (text) => (text ? text[locale] || text.ja : '');
}

/** The current time, re-rendered every interval (for clocks). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Whether the signed-in user may change the company's data (the server's org:write): operators,
 * the company's own people and its assigned experts — everyone whose company list holds it.
 */
export function useCanWrite(orgId: string): boolean {
  const me = useSession();
  return me.companies.some((c) => c.id === orgId);
}
