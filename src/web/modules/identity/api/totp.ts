import { useMutation, useQueryClient } from '@tanstack/react-query';
import { okResponse } from '../../../../contracts/common';
import { totpSetupResponse } from '../../../../contracts/identity';
import { apiRequest } from '../../../api/client';
import { meQueryKey } from '../../../api/me';

export const beginTotpSetup = () =>
  apiRequest('/api/me/totp/setup', { method: 'POST', body: {}, schema: totpSetupResponse });

export function useBeginTotpSetup() {
  return useMutation({ mutationFn: beginTotpSetup });
}

export const enableTotp = (code: string) =>
  apiRequest('/api/me/totp/enable', { method: 'POST', body: { code }, schema: okResponse });

export function useEnableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: enableTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export const disableTotp = (password: string) =>
  apiRequest('/api/me/totp/disable', { method: 'POST', body: { password }, schema: okResponse });

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
