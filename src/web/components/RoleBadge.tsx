import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../contracts/identity';

const colors: Record<Role, string> = {
  operator: 'indigo',
  expert: 'violet',
  company_admin: 'teal',
  company_member: 'gray',
  observer: 'orange',
};

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[role]} variant="light" tt="none">
      {t(`roles.${role}`)}
    </Badge>
  );
}
