import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedDocumentSchema, type GeneratedDocument } from '../../../contracts/documents';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { documentGenerator } from '../documents/kinds';
import {
  csirtContentProblems,
  csirtDocumentWording,
  documentSectionKeys,
  documentsFile,
  loadCsirtContent,
} from './content';
import { escapeXml, wrapText } from './svg';

/** Parses SVG as strict XML; throws on anything not well-formed. */
function parseXml(svg: string): { root: string; texts: string[] } {
  const parser = new SaxesParser({ xmlns: true });
  let root = '';
  const texts: string[] = [];
  parser.on('opentag', (tag) => {
    if (!root) root = tag.local;
  });
  parser.on('text', (t) => texts.push(t));
  parser.write(svg).close();
  return { root, texts };
}

describe('CSIRT content', () => {
  it('loads and validates the checklist, services, notification parties and default flow', () => {
    const c = loadCsirtContent();
    const categories = c.checklist.categories.map((x) => x.key);
    expect(categories).toEqual([
      'services-departments',
      'basic-concept',
      'services',
      'internal-structure',
      'external-cooperation',
      'resources',
    ]);
    const departments = c.checklist.categories[0]!.items.map((i) => i.key);
    for (const d of [
      'dept-executives',
      'dept-it-operations',
      'dept-internal-control',
      'dept-legal',
      'dept-pr',
      'dept-hr',
      'dept-training',
      'dept-corporate-planning',
      'dept-help-desk',
      'dept-physical-security',
    ])
      expect(departments).toContain(d);
    expect(new Set(c.services.services.map((s) => s.category))).toEqual(
      new Set(['reactive', 'proactive', 'quality']),
    );
    expect(c.services.areas.map((a) => a.key)).toEqual([
      'event-management',
      'incident-management',
      'vulnerability-management',
      'situational-awareness',
      'knowledge-transfer',
    ]);
    const ppc = c.parties.find((p) => p.key === 'ppc')!;
    expect(ppc.when.ja).toContain('1,000人');
    expect(ppc.deadlines.map((d) => d.within.ja).join()).toMatch(/3〜5日.*30日.*60日/);
    for (const key of ['police', 'ipa', 'jpcert', 'insurer', 'vendors', 'individuals'])
      expect(c.partyKeys.has(key)).toBe(true);
    expect(c.checklist.roles.filter((r) => r.outsourceable).length).toBeGreaterThan(0);
  });

  it('reports duplicate keys and references that do not resolve', () => {
    const c = loadCsirtContent();
    const broken = {
      checklist: {
        ...c.checklist,
        roles: [...c.checklist.roles, c.checklist.roles[0]!],
      },
      services: {
        ...c.services,
        services: [
          ...c.services.services,
          { ...c.services.services[0]!, key: 'x', area: 'nowhere' },
        ],
      },
      parties: c.parties,
      flow: [...c.flow, { ...c.flow[0]!, id: 'extra', lanes: ['ghost'], notify: ['nobody'] }],
    };
    const problems = csirtContentProblems(broken).join('\n');
    expect(problems).toContain('roles: key executive is used twice');
    expect(problems).toContain('unknown area nowhere');
    expect(problems).toContain('unknown role ghost');
    expect(problems).toContain('unknown party nobody');
    expect(csirtContentProblems(c)).toEqual([]);
  });

  it('the documents’ wording is content: a heading for every section key, in both languages', () => {
    const { documents } = loadCsirtContent();
    // (Object keys that look like integers come first, so compare them sorted.)
    expect(Object.keys(documents.description.headings).sort()).toEqual(
      [...documentSectionKeys.description].sort(),
    );
    expect(csirtDocumentWording('ja').description.s210).toBe('業務時間');
    expect(csirtDocumentWording('en').description.s511).toBe('Incident triage');
    expect(csirtDocumentWording('en').charter.standardDeliverables.length).toBeGreaterThan(2);
    // A missing heading, an unknown one or a missing language is refused.
    const { '2.10': _dropped, ...withoutOne } = documents.description.headings;
    const broken = (description: unknown) =>
      documentsFile.safeParse({ ...documents, description }).success;
    expect(broken({ ...documents.description, headings: withoutOne })).toBe(false);
    expect(
      broken({
        ...documents.description,
        headings: { ...documents.description.headings, '8': { ja: 'x', en: 'x' } },
      }),
    ).toBe(false);
    expect(
      broken({
        ...documents.description,
        headings: { ...documents.description.headings, '7': { ja: '免責事項' } },
      }),
    ).toBe(false);
    expect(broken(documents.description)).toBe(true);
  });
});

describe('SVG helpers', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
  it('wraps Japanese and English within the width', () => {
    const lines = wrapText('インシデントとして対応するかどうかを判断する', 100, 12);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('インシデントとして対応するかどうかを判断する');
    expect(wrapText('Set the response level and inform executives', 100, 12).join(' ')).toBe(
      'Set the response level and inform executives',
    );
  });
});

let app: TestApp;
let orgId: string;
let admin: TestClient;
let staff: TestClient;
let expert: TestClient;
let otherAdmin: TestClient;
let otherExpert: TestClient;

beforeAll(async () => {
  app = await createTestApp();
  orgId = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  staff = await signIn(app, demo.minatoStaff);
  expert = await signIn(app, demo.expert1);
  otherAdmin = await signIn(app, demo.sakuraAdmin);
  otherExpert = await signIn(app, demo.expert2);
});
afterAll(() => app.close());

const base = () => `/api/orgs/${orgId}/csirt`;

describe('CSIRT checklist API', () => {
  it('starts empty with warnings for every missing decision, never failing', async () => {
    const res = await admin.get(base());
    expect(res.statusCode).toBe(200);
    const ws = res.json();
    expect(ws.progress.total).toBeGreaterThan(20);
    expect(ws.progress.decided).toBe(0);
    expect(ws.progress.visits).toEqual([
      { visit: 1, decided: 0, cumulative: 0 },
      { visit: 2, decided: 0, cumulative: 0 },
      { visit: 3, decided: 0, cumulative: 0 },
    ]);
    const codes = ws.warnings.map((w: { code: string }) => w.code);
    for (const code of [
      'items_undecided',
      'model_missing',
      'services_missing',
      'role_unfilled',
      'no_contacts',
      'team_incomplete',
    ])
      expect(codes).toContain(code);
    expect(ws.profile.team.timeZone).toBe('Asia/Tokyo');
  });

  it('the company and its expert record decisions per visit; progress follows', async () => {
    let res = await admin.request('PUT', `${base()}/checklist/mission`, {
      before: '未定義',
      after: '全社の情報資産をインシデントから守る',
      decision: '事業を止めないことを最優先に、被害の最小化と早期復旧を図る',
      status: 'decided',
      visit: 1,
    });
    expect(res.statusCode).toBe(200);
    res = await expert.request('PUT', `${base()}/checklist/constituency`, {
      decision: '本社と大田区の工場の全従業員・全システム',
      status: 'decided',
      visit: 2,
    });
    expect(res.statusCode).toBe(200);
    res = await staff.request('PUT', `${base()}/checklist/dept-pr`, {
      status: 'not_applicable',
      visit: 2,
    });
    expect(res.statusCode).toBe(200);
    const ws = res.json();
    expect(ws.progress.decided).toBe(2);
    expect(ws.progress.notApplicable).toBe(1);
    expect(ws.progress.visits).toEqual([
      { visit: 1, decided: 1, cumulative: 1 },
      { visit: 2, decided: 2, cumulative: 3 },
      { visit: 3, decided: 0, cumulative: 3 },
    ]);
    const item = ws.checklist
      .flatMap((c: { items: unknown[] }) => c.items)
      .find((i: { key: string }) => i.key === 'mission');
    expect(item).toMatchObject({
      before: '未定義',
      status: 'decided',
      visit: 1,
      updatedByName: '港 誠',
    });
  });

  it('flags contradictions as warnings rather than refusing them', async () => {
    const res = await admin.request('PUT', `${base()}/checklist/budget`, { status: 'decided' });
    expect(res.statusCode).toBe(200);
    const refs = res
      .json()
      .warnings.filter((w: { ref: string }) => w.ref === 'budget')
      .map((w: { code: string }) => w.code);
    expect(refs).toEqual(
      expect.arrayContaining(['decided_without_decision', 'decided_without_visit']),
    );
  });

  it('rejects bad input with a localised error and changes nothing', async () => {
    const before = (await admin.get(base())).json();
    let res = await admin.request('PUT', `${base()}/checklist/mission`, {
      visit: 4,
      decision: '変更',
    });
    expect(res.statusCode).toBe(400);
    res = await admin.request('PUT', `${base()}/checklist/no-such-item`, { decision: 'x' });
    expect(res.statusCode).toBe(404);
    res = await admin.request('PATCH', `${base()}/profile`, {
      model: 'centralized',
      serviceKeys: ['incident-analysis', 'made-up'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0]).toMatchObject({
      code: 'unknown_service',
      path: ['serviceKeys', '1'],
    });
    res = await admin.request('PATCH', `${base()}/profile`, { team: { timeZone: 'Mars/Base' } });
    expect(res.statusCode).toBe(400);
    res = await admin.request('PUT', `${base()}/roles/commander`, {
      people: [{ userId: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('入力内容に誤りがあります。項目を確認してください。');
    res = await admin.request('PUT', `${base()}/roles/no-such-role`, { people: [] });
    expect(res.statusCode).toBe(404);
    expect((await admin.get(base())).json()).toEqual(before);
  });

  it('only the company, its expert and operators may read or write', async () => {
    expect((await otherAdmin.get(base())).statusCode).toBe(403);
    expect((await otherExpert.get(base())).statusCode).toBe(403);
    expect(
      (await otherAdmin.request('PUT', `${base()}/checklist/mission`, { decision: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await (await signIn(app, demo.observer)).get(base())).statusCode).toBe(403);
    expect((await (await signIn(app, demo.operator)).get(base())).statusCode).toBe(200);
  });

  it('stores model, services, team facts, roles and contacts with an escalation tree', async () => {
    const members = (await admin.get(base())).json().members as { userId: string; name: string }[];
    const minato = members.find((m) => m.name === '港 誠')!;
    let res = await admin.request('PATCH', `${base()}/profile`, {
      model: 'security-team',
      serviceKeys: [
        'incident-report-acceptance',
        'incident-analysis',
        'mitigation-recovery',
        'awareness-building',
      ],
      team: { teamName: 'MINATO-CSIRT', email: 'csirt@minato-seiki.example.jp' },
    });
    expect(res.statusCode).toBe(200);
    res = await expert.request('PATCH', `${base()}/profile`, {
      team: { telephone: '03-0000-0000' },
    });
    const team = res.json().profile.team;
    expect(team).toMatchObject({
      teamName: 'MINATO-CSIRT',
      telephone: '03-0000-0000',
      timeZone: 'Asia/Tokyo',
    });

    res = await admin.request('PUT', `${base()}/roles/commander`, {
      people: [{ userId: minato.userId }, { name: '外部 顧問' }],
    });
    expect(res.statusCode).toBe(200);
    res = await admin.request('PUT', `${base()}/roles/incident-manager`, {
      outsourced: true,
      provider: '',
    });
    const warnings = res
      .json()
      .warnings.map((w: { code: string; ref: string }) => `${w.code}:${w.ref}`);
    expect(warnings).toContain('role_not_outsourceable:incident-manager');
    expect(warnings).toContain('provider_missing:incident-manager');
    const commander = res.json().roles.find((r: { key: string }) => r.key === 'commander');
    expect(commander.people).toEqual([
      { userId: minato.userId, name: '港 誠', member: true },
      { userId: null, name: '外部 顧問', member: false },
    ]);

    const top = (
      await admin.post(`${base()}/contacts`, {
        kind: 'internal',
        name: '港 誠',
        roleKey: 'commander',
        phone: '090-0000-0001',
      })
    ).json();
    const below = await staff.post(`${base()}/contacts`, {
      kind: 'internal',
      name: '品川 由紀',
      roleKey: 'point-of-contact',
      email: 'staff@minato-seiki.example.jp',
      escalatesToId: top.id,
    });
    expect(below.statusCode).toBe(201);
    // Closing the loop (top escalating to its own subordinate) is refused.
    res = await admin.patch(`${base()}/contacts/${top.id}`, { escalatesToId: below.json().id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].code).toBe('escalation_cycle');
    res = await admin.post(`${base()}/contacts`, {
      kind: 'external',
      name: '警察',
      partyKey: 'nowhere',
    });
    expect(res.statusCode).toBe(400);
    res = await admin.post(`${base()}/contacts`, {
      kind: 'external',
      name: 'x',
      email: 'not-an-email',
    });
    expect(res.statusCode).toBe(400);
    const police = (
      await expert.post(`${base()}/contacts`, {
        kind: 'external',
        name: '警視庁 サイバー犯罪相談窓口',
        partyKey: 'police',
        phone: '03-0000-0110',
      })
    ).json();
    expect((await admin.delete(`${base()}/contacts/${police.id}`)).statusCode).toBe(200);
    expect((await otherAdmin.delete(`${base()}/contacts/${top.id}`)).statusCode).toBe(403);
    const ws = (await admin.get(base())).json();
    expect(ws.contacts).toHaveLength(2);
  });
});

describe('incident response flow', () => {
  it('is generated from the roles, drawn as well-formed SVG, and editable', async () => {
    let res = await admin.get(`${base()}/flow`);
    expect(res.statusCode).toBe(200);
    const flow = res.json();
    expect(flow.isDefault).toBe(true);
    expect(flow.steps.map((s: { stage: string }) => s.stage)).toEqual(
      expect.arrayContaining([
        'report',
        'triage',
        'first-response',
        'containment',
        'eradication',
        'recovery',
        'review',
      ]),
    );
    // The triage criterion is the company's own classification once decided.
    await admin.request('PUT', `${base()}/checklist/incident-definitions`, {
      decision: 'レベル1〜3で分類。生産停止はレベル3',
      status: 'decided',
      visit: 2,
    });
    res = await admin.get(`${base()}/flow`);
    const triage = res.json().steps.find((s: { id: string }) => s.id === 'triage');
    expect(triage.decision.criteria).toBe('レベル1〜3で分類。生産停止はレベル3');
    const parsed = parseXml(res.json().svg);
    expect(parsed.root).toBe('svg');
    expect(parsed.texts.join('')).toContain('トリアージ');
    expect(parsed.texts.join('')).toContain('個人情報保護委員会');
    expect(parseXml(res.json().escalation.svg).texts.join('')).toContain('品川 由紀');

    const steps = res.json().steps.map((s: Record<string, unknown>) => s);
    steps[0] = { ...steps[0], title: '<script>alert("x")</script> & 受付' };
    res = await expert.request('PUT', `${base()}/flow`, { steps });
    expect(res.statusCode).toBe(200);
    expect(res.json().isDefault).toBe(false);
    expect(res.json().svg).not.toContain('<script');
    expect(parseXml(res.json().svg).texts.join('')).toContain('<script>');

    const bad = [...steps, { ...steps[1], lane: 'ghost' }];
    res = await admin.request('PUT', `${base()}/flow`, { steps: bad });
    expect(res.statusCode).toBe(400);
    res = await admin.request('PUT', `${base()}/flow`, { steps: [] });
    expect(res.statusCode).toBe(400);
    expect((await admin.get(`${base()}/flow`)).json().isDefault).toBe(false);

    res = await admin.request('DELETE', `${base()}/flow`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().isDefault).toBe(true);
    res = await admin.get(`${base()}/flow?language=en`);
    expect(parseXml(res.json().svg).texts.join('')).toContain('Triage');
  });
});

const descriptionKeys = [
  '1',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '2.9',
  '2.10',
  '2.11',
  '2.12',
  '3',
  '3.1',
  '3.2',
  '3.3',
  '3.4',
  '4',
  '4.1',
  '4.2',
  '4.3',
  '5',
  '5.1',
  '5.1.1',
  '5.1.2',
  '5.1.3',
  '5.2',
  '6',
  '7',
];

async function generate(
  kind: 'csirt-description' | 'csirt-charter' | 'incident-response-flow',
  org: string,
  language: 'ja' | 'en',
): Promise<GeneratedDocument> {
  const generator = documentGenerator(kind);
  expect(generator, kind).toBeDefined();
  return generatedDocumentSchema.parse(await generator!(app.ctx, org, language));
}

describe('document generators', () => {
  it('the CSIRT description follows RFC 2350 numbering in both languages and lists what is missing', async () => {
    const ja = await generate('csirt-description', orgId, 'ja');
    expect(ja.sections.map((s) => s.key)).toEqual(descriptionKeys);
    const heading = (doc: GeneratedDocument, key: string) =>
      doc.sections.find((s) => s.key === key)!.heading;
    expect(heading(ja, '2.10')).toBe('2.10 業務時間');
    expect(heading(ja, '2.12')).toBe('2.12 顧客連絡先');
    expect(heading(ja, '3')).toBe('3 憲章');
    expect(heading(ja, '7')).toBe('7 免責事項');
    expect(ja.cover.map((c) => c.label)).toEqual(
      expect.arrayContaining(['バージョン', '作成者', '承認者']),
    );
    // Filled facts appear; missing ones are listed, never blank.
    expect(ja.sections.find((s) => s.key === '2.1')!.blocks).toEqual([
      { type: 'paragraph', text: 'MINATO-CSIRT' },
    ]);
    expect(ja.sections.find((s) => s.key === '2.1')!.missing).toEqual([]);
    expect(ja.sections.find((s) => s.key === '2.10')!.missing).toEqual(['業務時間']);
    expect(ja.sections.find((s) => s.key === '3.1')!.blocks[0]).toMatchObject({
      type: 'paragraph',
    });
    expect(ja.sections.find((s) => s.key === '7')!.missing).toEqual(['免責事項']);
    for (const s of ja.sections.filter((x) => x.level > 1 || ['6', '7'].includes(x.key)))
      if (!s.key.match(/^\d$|^5\.1$/))
        expect(s.blocks.length > 0 || s.missing.length > 0, `${s.key} is blank`).toBe(true);

    const en = await generate('csirt-description', orgId, 'en');
    expect(en.sections.map((s) => s.key)).toEqual(descriptionKeys);
    expect(heading(en, '2')).toBe('2 Contact information');
    expect(heading(en, '2.10')).toBe('2.10 Operating hours');
    expect(heading(en, '4.2')).toBe('4.2 Co-operation, interaction and disclosure of information');
    expect(heading(en, '5.1.1')).toBe('5.1.1 Incident triage');
    expect(en.sections.find((s) => s.key === '5.2')!.missing).toEqual([]);
    expect(en.cover.map((c) => c.label)).toEqual(
      expect.arrayContaining(['Version', 'Author', 'Approver']),
    );
  });

  it('an empty company gets a complete skeleton with every part marked missing', async () => {
    const aoba = await companyIdByName(app, 'あおば');
    const doc = await generate('csirt-description', aoba, 'en');
    expect(doc.sections.map((s) => s.key)).toEqual(descriptionKeys);
    const missing = doc.sections.flatMap((s) => s.missing);
    expect(missing).toEqual(
      expect.arrayContaining([
        'Team name',
        'Electronic mail address',
        'Disclaimers',
        'Team members',
      ]),
    );
  });

  it('the charter and the flow document carry their parts, with the diagram as a figure', async () => {
    const charter = await generate('csirt-charter', orgId, 'ja');
    expect(charter.sections.map((s) => s.heading)).toEqual([
      '1 背景',
      '2 目的',
      '3 成果物',
      '4 体制',
      '5 費用',
      '6 期限とスケジュール',
      '7 チェックリストの進捗',
    ]);
    expect(charter.sections[4]!.missing).toEqual(['費用']);
    const flow = await generate('incident-response-flow', orgId, 'ja');
    const figures = flow.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'figure');
    // The flow wrapped into two parts for the page, and the escalation tree.
    expect(figures).toHaveLength(3);
    for (const f of figures) if (f.type === 'figure') expect(parseXml(f.svg).root).toBe('svg');
    const notices = flow.sections.find((s) => s.key === '4')!.blocks[0]!;
    expect(
      notices.type === 'table' &&
        notices.rows.some((r) => r[0] === '個人情報保護委員会' && r[2]!.includes('60日')),
    ).toBe(true);
    const contacts = flow.sections.find((s) => s.key === '5')!.blocks[0]!;
    expect(contacts.type === 'table' && contacts.rows.map((r) => r[0])).toEqual([
      '港 誠',
      '品川 由紀',
    ]);
  });
});
