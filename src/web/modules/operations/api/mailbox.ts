import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import { mailboxMessage, mailboxMessageSummary } from '../../../../contracts/operations';
import { apiRequest } from '../../../api/client';

export type MailboxSummary = z.infer<typeof mailboxMessageSummary>;
export type MailboxMessage = z.infer<typeof mailboxMessage>;
export const mailboxKey = ['mailbox'] as const;
const mailboxList = z.object({ enabled: z.boolean(), messages: z.array(mailboxMessageSummary) });

export const listMailbox = (signal?: AbortSignal) =>
  apiRequest('/api/dev-mailbox', { schema: mailboxList, signal });

export function useMailbox() {
  return useQuery({
    queryKey: [...mailboxKey, 'list'],
    queryFn: ({ signal }) => listMailbox(signal),
  });
}

export const getMailboxMessage = (messageId: string, signal?: AbortSignal) =>
  apiRequest(`/api/dev-mailbox/${messageId}`, { schema: mailboxMessage, signal });

export function useMailboxMessage(messageId: string | undefined) {
  return useQuery({
    queryKey: [...mailboxKey, 'message', messageId],
    queryFn: ({ signal }) => getMailboxMessage(messageId ?? '', signal),
    enabled: Boolean(messageId),
    staleTime: Infinity,
  });
}

export const clearMailbox = () =>
  apiRequest('/api/dev-mailbox', { method: 'DELETE', body: {}, schema: okResponse });

export function useClearMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: clearMailbox,
    onSettled: () => queryClient.invalidateQueries({ queryKey: mailboxKey }),
  });
}
