import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type {
  createWebhookRequest,
  updateWebhookRequest,
} from '../../../../contracts/phishing-webhooks';
import {
  createdWebhookResponse,
  webhookDeliveryView,
  webhookView,
} from '../../../../contracts/phishing-webhooks';
import { apiRequest } from '../../../api/client';

export type Webhook = z.infer<typeof webhookView>;
export type WebhookDelivery = z.infer<typeof webhookDeliveryView>;
export type CreateWebhook = z.input<typeof createWebhookRequest>;
export type UpdateWebhook = z.input<typeof updateWebhookRequest>;

const base = (orgId: string) => `/api/orgs/${orgId}/phishing/webhooks`;
export const webhookKeys = {
  list: (orgId: string) => ['phishing', orgId, 'webhooks'] as const,
  deliveries: (orgId: string, id: string) =>
    ['phishing', orgId, 'webhooks', id, 'deliveries'] as const,
};

export function useWebhooks(orgId: string) {
  return useQuery({
    queryKey: webhookKeys.list(orgId),
    queryFn: ({ signal }) =>
      apiRequest(base(orgId), { schema: z.object({ webhooks: z.array(webhookView) }), signal }),
    select: (d) => d.webhooks,
  });
}

export function useWebhookDeliveries(orgId: string, id: string) {
  return useQuery({
    queryKey: webhookKeys.deliveries(orgId, id),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/${id}/deliveries`, {
        schema: z.object({ deliveries: z.array(webhookDeliveryView) }),
        signal,
      }),
    select: (d) => d.deliveries,
  });
}

export function useCreateWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhook) =>
      apiRequest(base(orgId), { method: 'POST', body, schema: createdWebhookResponse }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list(orgId) }),
  });
}

export function useUpdateWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; body: UpdateWebhook }) =>
      apiRequest(`${base(orgId)}/${input.id}`, {
        method: 'PATCH',
        body: input.body,
        schema: webhookView,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list(orgId) }),
  });
}

export function useDeleteWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`${base(orgId)}/${id}`, {
        method: 'DELETE',
        body: {},
        schema: z.object({ ok: z.literal(true) }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list(orgId) }),
  });
}

export function useTestWebhook(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`${base(orgId)}/${id}/test`, {
        method: 'POST',
        body: {},
        schema: webhookDeliveryView,
      }),
    onSettled: (_d, _e, id) =>
      queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(orgId, id) }),
  });
}
