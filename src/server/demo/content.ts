import { z } from 'zod';
import { courseCodes } from '../../contracts/operations';
import { industrySchema } from '../../contracts/organizations';
import { ContentError, loadContent } from '../content/loader';
import { loadDiagnosisDemo } from './diagnosis';

const person = z.strictObject({
  email: z.email(),
  name: z.string().min(1),
  locale: z.enum(['ja', 'en']).default('ja'),
});

export const demoContentSchema = z.strictObject({
  operator: z.strictObject({
    name: z.string().min(1),
    prefecture: z.string(),
    city: z.string().optional(),
    users: z.array(
      z.union([
        z.strictObject({ key: z.literal('admin'), role: z.literal('operator') }),
        person.extend({ role: z.literal('operator') }),
      ]),
    ),
  }),
  municipality: z.strictObject({
    name: z.string().min(1),
    prefecture: z.string(),
    users: z.array(person.extend({ role: z.literal('observer') })),
  }),
  program: z.strictObject({
    name: z.string().min(1),
    fiscalYear: z.int(),
    region: z.string(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    courses: z.array(
      z.strictObject({ code: z.enum(courseCodes), name: z.string(), capacity: z.int().min(1) }),
    ),
  }),
  experts: z.array(person),
  companies: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        industry: industrySchema,
        employeeCount: z.int().min(1),
        capitalJpy: z.int().min(0),
        prefecture: z.string(),
        city: z.string(),
        course: z.enum(courseCodes),
        experts: z.array(z.email()),
        users: z.array(person.extend({ role: z.enum(['company_admin', 'company_member']) })).min(1),
      }),
    )
    .min(1),
});
export type DemoContent = z.infer<typeof demoContentSchema>;

export function loadDemoContent(): DemoContent {
  const content = loadContent('demo/program.yaml', demoContentSchema);
  const expertEmails = new Set(content.experts.map((e) => e.email));
  for (const company of content.companies) {
    for (const e of company.experts) {
      if (!expertEmails.has(e))
        throw new Error(`demo company ${company.name} names unknown expert ${e}`);
    }
  }
  // The demo diagnosis names a demo company, one of its users and one of its experts.
  const diagnosis = loadDiagnosisDemo();
  const company = content.companies.find((c) => c.name === diagnosis.company);
  if (
    !company ||
    !company.users.some((u) => u.email === diagnosis.answeredBy) ||
    !company.experts.includes(diagnosis.reviewedBy)
  )
    throw new ContentError(
      'Invalid content:\n  demo/diagnosis.yaml: company, answeredBy and reviewedBy must be a demo company, its user and its expert',
    );
  return content;
}
