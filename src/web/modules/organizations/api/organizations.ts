import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type {
  createCompanyRequest,
  updateOrganizationRequest,
} from '../../../../contracts/organizations';
import { organizationView, type OrganizationView } from '../../../../contracts/organizations';
import { apiRequest } from '../../../api/client';
import { meQueryKey } from '../../../api/me';

export type { OrganizationView };
export type CompanyInput = z.input<typeof createCompanyRequest>;
export type CompanyUpdate = z.input<typeof updateOrganizationRequest>;

export const organizationKeys = {
  all: ['orgs'] as const,
  one: (orgId: string) => ['orgs', orgId] as const,
  members: (orgId: string) => ['orgs', orgId, 'members'] as const,
  invitations: (orgId: string) => ['orgs', orgId, 'invitations'] as const,
};

const organizationList = z.object({ organizations: z.array(organizationView) });

export const listOrganizations = (signal?: AbortSignal) =>
  apiRequest('/api/orgs', { schema: organizationList, signal });

export function useOrganizations() {
  return useQuery({
    queryKey: [...organizationKeys.all, 'list'],
    queryFn: ({ signal }) => listOrganizations(signal),
    select: (d) => d.organizations,
  });
}

export const getOrganization = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`/api/orgs/${orgId}`, { schema: organizationView, signal });

export function useOrganization(orgId: string) {
  return useQuery({
    queryKey: organizationKeys.one(orgId),
    queryFn: ({ signal }) => getOrganization(orgId, signal),
  });
}

export const createCompany = (body: CompanyInput) =>
  apiRequest('/api/orgs', { method: 'POST', body, schema: organizationView });

export function useCreateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCompany,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organizationKeys.all });
      // The company switcher lists me.companies.
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export const updateOrganization = (orgId: string, body: CompanyUpdate) =>
  apiRequest(`/api/orgs/${orgId}`, { method: 'PATCH', body, schema: organizationView });

export function useUpdateOrganization(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CompanyUpdate) => updateOrganization(orgId, body),
    onSuccess: async (org) => {
      queryClient.setQueryData(organizationKeys.one(orgId), org);
      await queryClient.invalidateQueries({ queryKey: organizationKeys.all });
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
