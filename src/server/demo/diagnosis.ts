import { z } from 'zod';
import { ciaRating } from '../../contracts/assets';
import type { Locale } from '../../contracts/common';
import { localizedText, type LocalizedText } from '../../contracts/localized';
import { riskStatusSchema, riskTreatmentSchema } from '../../contracts/risks';
import { nodeId, targetsSchema, type SaveAnswerRequest } from '../../contracts/assessments';
import { ContentError, loadContent } from '../content/loader';
import type { DbOrTx } from '../db/client';
import * as assessments from '../modules/assessments/service';
import * as assetsService from '../modules/assets/service';
import * as improvement from '../modules/improvement/service';
import * as risksService from '../modules/risks/service';

const FILE = 'demo/diagnosis.yaml';
const DAY = 24 * 60 * 60 * 1000;

/** A choice id, yes/partial/no or a 0–5 score; `dont_know` and `not_applicable` are the states. */
const answer = z.union([z.number(), z.string().min(1)]);
const review = z.strictObject({
  summary: localizedText,
  sections: z.record(nodeId, localizedText).default({}),
});
const assessmentSeed = {
  label: localizedText,
  answers: z.record(nodeId, answer),
  comments: z.record(nodeId, localizedText).default({}),
  review,
};

const demoDiagnosisSchema = z.strictObject({
  /** The demo company (by name in content/demo/program.yaml) that gets this diagnosis. */
  company: z.string().min(1),
  answeredBy: z.email(),
  reviewedBy: z.email(),
  maturity: z.strictObject(assessmentSeed),
  surveys: z
    .array(
      z.strictObject({
        ...assessmentSeed,
        ref: nodeId,
        /** An earlier survey of this list, whose scores become the "before". */
        baseline: nodeId.optional(),
        submittedDaysAgo: z.int().min(0).max(3650),
        targets: targetsSchema.optional(),
      }),
    )
    .min(1),
  assets: z.array(
    z.strictObject({
      ref: nodeId,
      name: localizedText,
      type: z.enum(['information', 'business_process']),
      owner: localizedText,
      location: localizedText,
      confidentiality: ciaRating,
      integrity: ciaRating,
      availability: ciaRating,
      /** Systems of content/demo/bcp.yaml by name. */
      supportedBy: z.array(z.string().min(1)),
    }),
  ),
  risks: z.array(
    z.strictObject({
      ref: nodeId,
      title: localizedText,
      threat: localizedText,
      vulnerability: localizedText,
      /** Asset refs of this file or system names of content/demo/bcp.yaml. */
      assets: z.array(z.string().min(1)).min(1),
      likelihood: z.int().min(1).max(5),
      impact: z.int().min(1).max(5),
      residualLikelihood: z.int().min(1).max(5).optional(),
      residualImpact: z.int().min(1).max(5).optional(),
      treatment: riskTreatmentSchema,
      treatmentPlan: localizedText,
      owner: localizedText,
      dueInDays: z.int().min(1).max(3650).optional(),
      status: riskStatusSchema,
    }),
  ),
  actions: z.strictObject({
    items: z.array(nodeId),
    risks: z.array(nodeId),
    agreedVisit: z.int().min(1).max(20),
  }),
});
export type DemoDiagnosis = z.infer<typeof demoDiagnosisSchema>;

let cached: DemoDiagnosis | undefined;

/** The demo diagnosis, validated: references between its parts resolve (the BIA's systems are checked on seeding). */
export function loadDiagnosisDemo(): DemoDiagnosis {
  if (cached) return cached;
  const content = loadContent(FILE, demoDiagnosisSchema);
  const problems: string[] = [];
  const surveyRefs = new Set<string>();
  for (const s of content.surveys) {
    if (s.baseline && !surveyRefs.has(s.baseline))
      problems.push(`surveys.${s.ref}: baseline ${s.baseline} is not an earlier survey`);
    surveyRefs.add(s.ref);
  }
  const riskRefs = new Set(content.risks.map((r) => r.ref));
  for (const r of content.actions.risks)
    if (!riskRefs.has(r)) problems.push(`actions.risks: unknown risk ${r}`);
  if (problems.length > 0)
    throw new ContentError(
      `Invalid content:\n  ${problems.map((p) => `${FILE}: ${p}`).join('\n  ')}`,
    );
  cached = content;
  return content;
}

const stateOf = (value: string | number): SaveAnswerRequest =>
  value === 'dont_know' || value === 'not_applicable'
    ? { state: value }
    : { state: 'answered', value };

/** Answers, comments, submits and reviews one assessment, dated back when it was done earlier. */
async function fillAssessment(
  tx: DbOrTx,
  orgId: string,
  id: string,
  seed: Pick<DemoDiagnosis['maturity'], 'answers' | 'comments' | 'review'>,
  people: { company: assessments.Actor; expert: assessments.Actor },
  locale: Locale,
  submittedAt: Date | undefined,
) {
  for (const [itemId, value] of Object.entries(seed.answers))
    await assessments.saveAnswer(tx, orgId, id, itemId, stateOf(value), people.company, locale);
  for (const [itemId, text] of Object.entries(seed.comments))
    await assessments.saveComment(tx, orgId, id, itemId, text[locale], people.company, locale);
  await assessments.submitAssessment(tx, orgId, id, people.company, locale);
  await assessments.reviewAssessment(
    tx,
    orgId,
    id,
    people.expert,
    {
      summary: seed.review.summary[locale],
      sections: Object.entries(seed.review.sections).map(([sectionId, text]) => ({
        sectionId,
        feedback: text[locale],
      })),
    },
    locale,
  );
  if (submittedAt) await assessments.backdateAssessment(tx, orgId, id, submittedAt);
}

/**
 * Gives the demo company a diagnosis to look at on first start: surveys with a baseline, a maturity
 * check, information assets on its systems, risks and actions. Runs after its BIA (content/demo/bcp.yaml).
 */
export async function seedDiagnosisDemo(
  tx: DbOrTx,
  company: { id: string; name: string },
  users: ReadonlyMap<string, { id: string; locale: string }>,
): Promise<void> {
  const demo = loadDiagnosisDemo();
  if (demo.company !== company.name) return;
  const orgId = company.id;
  const answerer = users.get(demo.answeredBy);
  const reviewer = users.get(demo.reviewedBy);
  if (!answerer || !reviewer)
    throw new ContentError(`${FILE}: answeredBy and reviewedBy must be demo users`);
  // Written in the language the company works in: that of its admin.
  const locale: Locale = answerer.locale === 'en' ? 'en' : 'ja';
  const people = {
    company: { userId: answerer.id, standing: 'company_admin' as const },
    expert: { userId: reviewer.id, standing: 'expert' as const },
  };
  const now = Date.now();

  const surveyIds = new Map<string, string>();
  for (const s of demo.surveys) {
    const created = await assessments.createAssessment(
      tx,
      orgId,
      people.company,
      {
        questionSetId: 'security-survey',
        label: s.label[locale],
        baselineAssessmentId: s.baseline ? surveyIds.get(s.baseline) : undefined,
        copyBaselineAnswers: false,
        targets: s.targets,
      },
      locale,
    );
    surveyIds.set(s.ref, created.id);
    const submittedAt = new Date(now - s.submittedDaysAgo * DAY);
    await fillAssessment(tx, orgId, created.id, s, people, locale, submittedAt);
  }
  const maturity = await assessments.createAssessment(
    tx,
    orgId,
    people.company,
    { questionSetId: 'maturity', label: demo.maturity.label[locale], copyBaselineAnswers: false },
    locale,
  );
  await fillAssessment(tx, orgId, maturity.id, demo.maturity, people, locale, undefined);

  const assetIds = new Map(
    (await assetsService.listAllAssets(tx, orgId)).map((a) => [a.name, a.id] as const),
  );
  const assetId = (ref: string) => {
    const id = assetIds.get(ref);
    if (!id) throw new ContentError(`${FILE}: unknown asset or system ${ref}`);
    return id;
  };
  for (const a of demo.assets) {
    const created = await assetsService.createAsset(
      tx,
      orgId,
      {
        name: a.name[locale],
        type: a.type,
        owner: a.owner[locale],
        location: a.location[locale],
        confidentiality: a.confidentiality,
        integrity: a.integrity,
        availability: a.availability,
        notes: '',
        linkedAssetIds: a.supportedBy.map(assetId),
      },
      locale,
    );
    assetIds.set(a.ref, created.id);
  }

  const riskIds = new Map<string, string>();
  const text = (t: LocalizedText) => t[locale];
  for (const r of demo.risks) {
    const created = await risksService.createRisk(
      tx,
      orgId,
      {
        title: text(r.title),
        threat: text(r.threat),
        vulnerability: text(r.vulnerability),
        assetIds: r.assets.map(assetId),
        likelihood: r.likelihood,
        impact: r.impact,
        residualLikelihood: r.residualLikelihood ?? null,
        residualImpact: r.residualImpact ?? null,
        treatment: r.treatment,
        treatmentPlan: text(r.treatmentPlan),
        ownerName: text(r.owner),
        dueOn: r.dueInDays ? new Date(now + r.dueInDays * DAY).toISOString().slice(0, 10) : null,
        status: r.status,
      },
      locale,
    );
    riskIds.set(r.ref, created.id);
  }

  const wanted = new Set([
    ...demo.actions.items.map((i) => `assessment:${i}`),
    ...demo.actions.risks.map((r) => `risk:${riskIds.get(r)}`),
  ]);
  const proposals = (await improvement.listProposals(tx, orgId, locale)).filter((p) =>
    wanted.has(p.key),
  );
  if (proposals.length !== wanted.size)
    throw new ContentError(`${FILE}: actions name items or risks the plan does not propose`);
  await improvement.addActionItems(
    { db: tx },
    {
      orgId,
      actorUserId: answerer.id,
      locale,
      items: proposals.map((p) => ({
        title: p.title,
        detail: p.detail,
        source: p.source,
        agreedVisit: demo.actions.agreedVisit,
      })),
    },
  );
}
