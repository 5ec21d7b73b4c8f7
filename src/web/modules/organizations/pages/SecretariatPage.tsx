import { useTranslation } from 'react-i18next';
import { EmptyNote } from '../../../components/EmptyNote';
import { Page } from '../../../components/Page';
import { useSession } from '../../../lib/session';
import { MembersPage } from './MembersPage';

/** The secretariat's own people: operators and the experts they send to companies. */
export function SecretariatPage() {
  const { t } = useTranslation();
  const me = useSession();
  const operatorOrg = me.memberships.find((m) => m.role === 'operator');
  if (!operatorOrg) {
    return (
      <Page title={t('nav.secretariat')}>
        <EmptyNote>{t('notFound.body')}</EmptyNote>
      </Page>
    );
  }
  return <MembersPage organizationId={operatorOrg.organizationId} />;
}
