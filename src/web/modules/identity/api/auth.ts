import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import type {
  loginRequest,
  passwordResetConfirm,
  passwordResetRequest,
} from '../../../../contracts/identity';
import { meResponse } from '../../../../contracts/identity';
import { apiRequest, setCsrfToken } from '../../../api/client';
import { applyMe, meQueryKey } from '../../../api/me';

export type LoginInput = z.input<typeof loginRequest>;

export const login = (body: LoginInput) =>
  apiRequest('/api/auth/login', { method: 'POST', body, schema: meResponse });

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      // Whatever was cached belongs to the previous visitor.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
      applyMe(queryClient, me);
    },
  });
}

export const logout = () =>
  apiRequest('/api/auth/logout', { method: 'POST', body: {}, schema: okResponse });

/**
 * Signs out, then reloads the sign-in page so nothing of the session (cache, sockets) survives.
 * Runs even when the request fails: the user asked to leave.
 */
export function useLogout() {
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      setCsrfToken(null);
      window.location.assign('/login');
    },
  });
}

export const requestPasswordReset = (body: z.input<typeof passwordResetRequest>) =>
  apiRequest('/api/auth/password-reset/request', { method: 'POST', body, schema: okResponse });

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export const confirmPasswordReset = (body: z.input<typeof passwordResetConfirm>) =>
  apiRequest('/api/auth/password-reset/confirm', { method: 'POST', body, schema: okResponse });

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset });
}
