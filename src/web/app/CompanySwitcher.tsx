import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Me } from '../../contracts/identity';

/** Operators and experts move between the companies they may open. */
export function CompanySwitcher({
  me,
  currentId,
  onChoose,
  fullWidth,
}: {
  me: Me;
  currentId: string | null;
  onChoose: (id: string) => void;
  fullWidth?: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Select
      aria-label={t('header.company')}
      placeholder={t('header.chooseCompany')}
      data={me.companies.map((c) => ({ value: c.id, label: c.name }))}
      value={currentId}
      onChange={(id) => {
        if (!id) return;
        onChoose(id);
        void navigate(`/companies/${id}`);
      }}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t('header.noCompanyFound')}
      w={fullWidth ? '100%' : 240}
      size="sm"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
