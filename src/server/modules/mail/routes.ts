import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import { mailboxMessage, mailboxMessageSummary } from '../../../contracts/operations';
import type { Api, AppContext } from '../../app-context';
import { actorOf, iso } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { clearMailbox, getMailboxMessage, listMailboxMessages } from './service';

const tags = ['mail'];
const errors = { 401: z.unknown(), 403: z.unknown(), 404: z.unknown() };

export function registerMailRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/api/dev-mailbox',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        response: {
          200: z.object({ enabled: z.boolean(), messages: z.array(mailboxMessageSummary) }),
          ...errors,
        },
      },
    },
    async () => ({
      enabled: ctx.devMailbox !== undefined,
      messages: (await listMailboxMessages(ctx.db)).map((m) => ({
        ...m,
        receivedAt: iso(m.receivedAt),
      })),
    }),
  );

  api.get(
    '/api/dev-mailbox/:messageId',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        params: z.strictObject({ messageId: z.uuid() }),
        response: { 200: mailboxMessage, 400: z.unknown(), ...errors },
      },
    },
    async (request) => {
      const m = await getMailboxMessage(ctx.db, request.params.messageId);
      return {
        id: m.id,
        receivedAt: iso(m.receivedAt),
        from: m.mailFrom,
        to: m.rcptTo,
        subject: m.subject,
        text: m.text,
        html: m.html,
      };
    },
  );

  api.delete(
    '/api/dev-mailbox',
    { config: { access: 'operator' }, schema: { tags, response: { 200: okResponse, ...errors } } },
    async (request) => {
      const deleted = await clearMailbox(ctx.db);
      await recordAudit(ctx.db, {
        action: 'mailbox.cleared',
        ...actorOf(request),
        details: { deleted },
      });
      return { ok: true as const };
    },
  );
}
