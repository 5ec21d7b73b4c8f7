import { z } from 'zod';
import { programSummary, programView } from '../../../contracts/operations';
import type { Api, AppContext } from '../../app-context';
import * as experts from '../experts/service';
import * as programs from './service';

const tags = ['programs'];
const errors = { 400: z.unknown(), 401: z.unknown(), 403: z.unknown(), 404: z.unknown() };
const listResponse = z.object({ programs: z.array(programView) });

const present = (p: programs.ProgramWithCourses) => ({
  id: p.id,
  name: p.name,
  fiscalYear: p.fiscalYear,
  region: p.region,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  courses: p.courses,
});

export function registerProgramRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/api/programs',
    { config: { access: 'user' }, schema: { tags, response: { 200: listResponse, ...errors } } },
    async (request) => {
      const principal = request.principal!;
      const assigned = await experts.listAssignedProgramIds(ctx.db, principal.userId);
      return {
        programs: (await programs.listProgramsFor(ctx.db, principal, assigned)).map(present),
      };
    },
  );

  api.get(
    '/api/programs/observed',
    { config: { access: 'user' }, schema: { tags, response: { 200: listResponse, ...errors } } },
    async (request) => ({
      programs: (await programs.listObservedPrograms(ctx.db, request.principal!)).map(present),
    }),
  );

  api.get(
    '/api/programs/:programId/summary',
    {
      config: { access: 'user' },
      schema: {
        tags,
        params: z.strictObject({ programId: z.uuid() }),
        response: { 200: programSummary, ...errors },
      },
    },
    async (request) =>
      programs.summarizeProgram(ctx.db, request.principal!, request.params.programId),
  );
}
