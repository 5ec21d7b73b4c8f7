import { useLocalStorage } from '@mantine/hooks';
import { useEffect } from 'react';
import { useMatch } from 'react-router';
import { ownCompanyId } from '../lib/session';
import type { Me } from '../../contracts/identity';

const LAST_COMPANY_KEY = 'banso.lastCompany';

/**
 * The company the user is working on: the one in the URL, else the last one chosen
 * (operators and experts), else their own company.
 */
export function useCurrentCompany(me: Me) {
  const match = useMatch('/companies/:orgId/*');
  const fromUrl = match?.params.orgId;
  const [last, setLast] = useLocalStorage<string | null>({
    key: LAST_COMPANY_KEY,
    defaultValue: null,
    getInitialValueInEffect: false,
  });
  const known = (id: string | null | undefined) =>
    id ? (me.companies.find((c) => c.id === id) ?? null) : null;
  const company = known(fromUrl) ?? known(last) ?? known(ownCompanyId(me));

  // Opening a company (from a list or a link) counts as choosing it.
  useEffect(() => {
    if (fromUrl && me.companies.some((c) => c.id === fromUrl)) setLast(fromUrl);
  }, [fromUrl, me.companies, setLast]);

  return { company, choose: setLast };
}
