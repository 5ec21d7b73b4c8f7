import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  acceptInvitationRequest,
  invitationPreview,
  meResponse,
} from '../../../contracts/identity';
import {
  changeMemberRoleRequest,
  createCompanyRequest,
  createInvitationRequest,
  invitationView,
  memberView,
  organizationView,
  updateOrganizationRequest,
} from '../../../contracts/organizations';
import type { Api, AppContext } from '../../app-context';
import { buildPrincipalForUser } from '../../http/principal';
import {
  actorOf,
  companiesOf,
  iso,
  isoOrNull,
  presentMe,
  publicBaseUrl,
  setSessionCookie,
} from '../../http/presenters';
import { mailTexts } from '../../i18n/messages';
import { recordAudit } from '../audit/service';
import * as identity from '../identity/service';
import { formatForUser } from '../../i18n/format';
import * as orgs from './service';

const tags = ['organizations'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const memberParams = z.strictObject({ orgId: z.uuid(), userId: z.uuid() });
const invitationParams = z.strictObject({ orgId: z.uuid(), invitationId: z.uuid() });
const tokenParams = z.strictObject({ token: z.string().min(20).max(200) });

export function presentOrganization(o: orgs.Organization) {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    industry: (o.industry ?? null) as z.infer<typeof organizationView>['industry'],
    employeeCount: o.employeeCount,
    capitalJpy: o.capitalJpy,
    prefecture: o.prefecture,
    city: o.city,
    createdAt: iso(o.createdAt),
  };
}

const presentMember = (m: orgs.Member) => ({
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  joinedAt: iso(m.joinedAt),
  lastSignInAt: isoOrNull(m.lastSignInAt),
});

export function registerOrganizationRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  const membersChanged = (orgId: string) =>
    ctx.realtime.publish(`org:${orgId}`, 'members.changed', { orgId });

  api.get(
    '/api/orgs',
    {
      config: { access: 'user' },
      schema: { tags, response: { 200: z.object({ organizations: z.array(organizationView) }) } },
    },
    async (request) => ({
      organizations: (await companiesOf(db, request.principal!)).map(presentOrganization),
    }),
  );

  api.post(
    '/api/orgs',
    {
      config: { access: 'operator' },
      schema: { tags, body: createCompanyRequest, response: { 201: organizationView, ...errors } },
    },
    async (request, reply) => {
      const org = await db.transaction(async (tx) => {
        const created = await orgs.createOrganization(tx, { kind: 'company', ...request.body });
        await recordAudit(tx, {
          action: 'organization.created',
          ...actorOf(request),
          organizationId: created.id,
          targetType: 'organization',
          targetId: created.id,
        });
        return created;
      });
      return reply.code(201).send(presentOrganization(org));
    },
  );

  api.get(
    '/api/orgs/:orgId',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: organizationView, ...errors } },
    },
    async (request) => presentOrganization(await orgs.getOrganization(db, request.params.orgId)),
  );

  api.patch(
    '/api/orgs/:orgId',
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: updateOrganizationRequest,
        response: { 200: organizationView, ...errors },
      },
    },
    async (request) => {
      const org = await db.transaction(async (tx) => {
        const updated = await orgs.updateOrganization(tx, request.params.orgId, request.body);
        await recordAudit(tx, {
          action: 'organization.updated',
          ...actorOf(request),
          organizationId: updated.id,
          details: { fields: Object.keys(request.body) },
        });
        return updated;
      });
      return presentOrganization(org);
    },
  );

  api.get(
    '/api/orgs/:orgId/members',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ members: z.array(memberView) }), ...errors },
      },
    },
    async (request) => ({
      members: (await orgs.listMembers(db, request.params.orgId)).map(presentMember),
    }),
  );

  api.patch(
    '/api/orgs/:orgId/members/:userId',
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: memberParams,
        body: changeMemberRoleRequest,
        response: { 200: memberView, ...errors },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params;
      const member = await db.transaction(async (tx) => {
        const result = await orgs.changeMemberRole(tx, orgId, userId, request.body.role);
        await recordAudit(tx, {
          action: 'member.role_changed',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'user',
          targetId: userId,
          details: { from: result.before, to: request.body.role },
        });
        return result.member;
      });
      await membersChanged(orgId);
      return presentMember(member);
    },
  );

  api.delete(
    '/api/orgs/:orgId/members/:userId',
    {
      config: { access: 'org:admin' },
      schema: { tags, params: memberParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, userId } = request.params;
      await db.transaction(async (tx) => {
        const removed = await orgs.removeMember(tx, orgId, userId);
        await recordAudit(tx, {
          action: 'member.removed',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'user',
          targetId: userId,
          details: { role: removed.role },
        });
      });
      await membersChanged(orgId);
      return { ok: true as const };
    },
  );

  const presentInvitation = (i: orgs.Invitation, inviterName: string | null) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    invitedByName: inviterName,
    createdAt: iso(i.createdAt),
    expiresAt: iso(i.expiresAt),
  });

  api.get(
    '/api/orgs/:orgId/invitations',
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ invitations: z.array(invitationView) }), ...errors },
      },
    },
    async (request) => {
      const list = await orgs.listPendingInvitations(db, request.params.orgId);
      const inviters = new Map(
        (
          await identity.findUsersByIds(
            db,
            list.flatMap((i) => (i.invitedBy ? [i.invitedBy] : [])),
          )
        ).map((u) => [u.id, u.name]),
      );
      return {
        invitations: list.map((i) =>
          presentInvitation(i, i.invitedBy ? (inviters.get(i.invitedBy) ?? null) : null),
        ),
      };
    },
  );

  api.post(
    '/api/orgs/:orgId/invitations',
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: createInvitationRequest,
        response: { 201: invitationView, ...errors },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const { orgId } = request.params;
      const org = await orgs.getOrganization(db, orgId);
      const { invitation, token } = await db.transaction(async (tx) => {
        const created = await orgs.createInvitation(tx, {
          organizationId: orgId,
          email: request.body.email,
          role: request.body.role,
          invitedBy: principal.userId,
        });
        await recordAudit(tx, {
          action: 'invitation.created',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'invitation',
          targetId: created.invitation.id,
          details: { email: request.body.email, role: request.body.role },
        });
        return created;
      });
      const recipient = await identity.findUserByEmail(db, invitation.email);
      const link = `${publicBaseUrl(ctx, request)}/invite/${token}`;
      // Someone new has no language yet: they get both, Japanese first.
      const locales = recipient ? [recipient.locale] : (['ja', 'en'] as const);
      const parts = locales.map((locale) => ({
        subject: mailTexts[locale].invitation.subject,
        text: mailTexts[locale].invitation.body({
          inviter: principal.name,
          organization: org.name,
          link,
          expires: formatForUser(invitation.expiresAt, {
            locale,
            timeZone: recipient?.timeZone ?? principal.timeZone,
          }),
        }),
      }));
      await ctx.sendMail({
        to: invitation.email,
        subject: parts.map((p) => p.subject).join(' / '),
        text: parts.map((p) => p.text).join('\n\n----------\n\n'),
      });
      await membersChanged(orgId);
      return reply.code(201).send(presentInvitation(invitation, principal.name));
    },
  );

  api.delete(
    '/api/orgs/:orgId/invitations/:invitationId',
    {
      config: { access: 'org:admin' },
      schema: { tags, params: invitationParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, invitationId } = request.params;
      await db.transaction(async (tx) => {
        const revoked = await orgs.revokeInvitation(tx, orgId, invitationId);
        await recordAudit(tx, {
          action: 'invitation.revoked',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'invitation',
          targetId: revoked.id,
        });
      });
      await membersChanged(orgId);
      return { ok: true as const };
    },
  );

  api.get(
    '/api/invitations/:token',
    {
      config: { access: 'public' },
      schema: { tags, params: tokenParams, response: { 200: invitationPreview, ...errors } },
    },
    async (request) => {
      const { invitation, organization } = await orgs.findOpenInvitation(db, request.params.token);
      return {
        email: invitation.email,
        organizationName: organization.name,
        role: invitation.role,
        expiresAt: iso(invitation.expiresAt),
      };
    },
  );

  api.post(
    '/api/invitations/:token/accept',
    {
      config: {
        access: 'public',
        rateLimit: { max: ctx.config.authRateLimit, timeWindow: '1 minute' },
      },
      schema: {
        tags,
        params: tokenParams,
        body: acceptInvitationRequest,
        response: { 200: meResponse, ...errors, 429: z.unknown() },
      },
    },
    async (request, reply) => {
      const { user, invitation } = await db.transaction(async (tx) => {
        const accepted = await orgs.acceptInvitation(tx, request.params.token, request.body);
        await recordAudit(tx, {
          action: 'invitation.accepted',
          actorUserId: accepted.user.id,
          actorEmail: accepted.user.email,
          ip: request.ip,
          organizationId: accepted.invitation.organizationId,
          targetType: 'invitation',
          targetId: accepted.invitation.id,
          details: { role: accepted.invitation.role },
        });
        return accepted;
      });
      const session = await identity.createSession(db, user.id, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      await identity.recordSignIn(db, user.id);
      setSessionCookie(ctx, reply, session.token);
      await membersChanged(invitation.organizationId);
      return presentMe(db, await buildPrincipalForUser(db, user, session));
    },
  );
}
