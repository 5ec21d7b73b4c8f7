import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import type { changePasswordRequest, updateMeRequest } from '../../../../contracts/identity';
import { meResponse } from '../../../../contracts/identity';
import { apiRequest } from '../../../api/client';
import { applyMe } from '../../../api/me';

export type UpdateMeInput = z.input<typeof updateMeRequest>;

export const updateMe = (body: UpdateMeInput) =>
  apiRequest('/api/me', { method: 'PATCH', body, schema: meResponse });

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => applyMe(queryClient, me),
  });
}

export const changePassword = (body: z.input<typeof changePasswordRequest>) =>
  apiRequest('/api/me/password', { method: 'POST', body, schema: okResponse });

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
