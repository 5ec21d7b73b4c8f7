import {
  escalationOrder,
  flowStages,
  type FlowStage,
  type FlowStep,
} from '../../../contracts/csirt';
import type { Locale } from '../../../contracts/common';
import { csirtDocumentWording, loadCsirtContent } from './content';
import { csirtMessages } from './messages';
import { isStaffed, roleHolders, roleTitle, type CsirtState } from './service';
import { centredLines, el, svgDocument, textEl, textWidth, wrapText } from './svg';

export interface Svg {
  svg: string;
  width: number;
  height: number;
}

const LABEL_W = 184;
const COL_W = 176;
const HEADER_H = 44;
const SLOT_H = 100;
const BOX_W = 148;
const BOX_H = 68;
const DIAMOND_W = 160;
const DIAMOND_H = 88;
const PAD = 16;
const COLORS = {
  lane: ['#f4f6fb', '#ffffff'],
  border: '#c9cfdb',
  box: '#e7edfb',
  boxStroke: '#3b5bdb',
  decision: '#fff4e0',
  decisionStroke: '#e8590c',
  notify: '#c92a2a',
  text: '#1a1b1e',
  dim: '#5c5f66',
};

export interface FlowSvgOptions {
  /** Only these stages, for one part of a flow wrapped over several figures; every used stage by default. */
  stages?: readonly FlowStage[];
  /** Whether the decision points and outside parties are drawn as panels under the lanes (default yes). */
  panels?: boolean;
  /** Which part of a wrapped flow this is, for the marks where the flow goes on in another part. */
  part?: { index: number; of: (stage: FlowStage) => number };
}

/**
 * The incident response flow as a swimlane diagram: a lane per role, a column per stage, steps in
 * order joined by arrows, decisions as diamonds numbered D1…, and below it the decision points with
 * owner and criteria and the outside parties to notify with their deadlines.
 */
export function renderFlowSvg(
  state: CsirtState,
  steps: FlowStep[],
  locale: Locale,
  options: FlowSvgOptions = {},
): Svg {
  const content = loadCsirtContent();
  const m = csirtMessages(locale);
  const roleOrder = content.checklist.roles.map((r) => r.key);
  const usedStages = flowStages.filter((st) => steps.some((s) => s.stage === st));
  const stages = usedStages.filter((st) => !options.stages || options.stages.includes(st));
  const shown = steps.filter((s) => stages.includes(s.stage));
  // Only the lanes this part uses: a part of a wrapped flow stays short enough for one page.
  const lanes = [...new Set(shown.map((s) => s.lane))].sort(
    (a, b) => roleOrder.indexOf(a) - roleOrder.indexOf(b),
  );
  const cells = new Map<string, FlowStep[]>();
  for (const s of shown) {
    const k = `${s.lane}|${s.stage}`;
    cells.set(k, [...(cells.get(k) ?? []), s]);
  }
  const laneSlots = lanes.map((lane) =>
    Math.max(1, ...stages.map((st) => cells.get(`${lane}|${st}`)?.length ?? 0)),
  );
  const laneTop: number[] = [];
  let y = HEADER_H;
  for (const slots of laneSlots) {
    laneTop.push(y);
    y += slots * SLOT_H + PAD;
  }
  const lanesBottom = y;
  const stagesRight = LABEL_W + stages.length * COL_W;
  const width = stagesRight + PAD;

  // Centre of every step's shape.
  const centre = new Map<string, { x: number; y: number; decision: boolean }>();
  for (const [k, list] of cells) {
    const [lane, stage] = k.split('|') as [string, FlowStep['stage']];
    const li = lanes.indexOf(lane);
    const ci = stages.indexOf(stage);
    list.forEach((s, i) =>
      centre.set(s.id, {
        x: LABEL_W + ci * COL_W + COL_W / 2,
        y: laneTop[li]! + PAD / 2 + i * SLOT_H + SLOT_H / 2,
        decision: s.decision !== null,
      }),
    );
  }
  const decisionNo = new Map<string, number>();
  steps.filter((s) => s.decision).forEach((s, i) => decisionNo.set(s.id, i + 1));

  const body: string[] = [
    el('defs', {}, [
      el(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        [el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: COLORS.dim })],
      ),
    ]),
  ];

  // Lanes with their role and the people in it.
  lanes.forEach((lane, i) => {
    const top = laneTop[i]!;
    const h = laneSlots[i]! * SLOT_H + PAD;
    body.push(
      el('rect', {
        x: 0,
        y: top,
        width,
        height: h,
        fill: COLORS.lane[i % 2],
        stroke: COLORS.border,
      }),
    );
    const holders = roleHolders(state, lane, locale);
    const titleLines = wrapText(roleTitle(content, lane, locale), LABEL_W - 20, 13, 2);
    const holderLines = holders ? wrapText(holders, LABEL_W - 20, 11, 3) : [m.diagram.unstaffed];
    body.push(
      centredLines(titleLines, LABEL_W / 2, top + h / 2 - holderLines.length * 7, 13, {
        'font-weight': 700,
        fill: COLORS.text,
      }),
      centredLines(holderLines, LABEL_W / 2, top + h / 2 + titleLines.length * 9 + 4, 11, {
        fill: isStaffed(state, lane) ? COLORS.dim : COLORS.notify,
      }),
    );
  });
  body.push(
    el('line', { x1: LABEL_W, y1: 0, x2: LABEL_W, y2: lanesBottom, stroke: COLORS.border }),
  );
  stages.forEach((st, ci) => {
    const x = LABEL_W + ci * COL_W;
    body.push(
      el('rect', { x, y: 0, width: COL_W, height: HEADER_H, fill: '#364fc7' }),
      centredLines(
        [`${usedStages.indexOf(st) + 1}. ${m.stages[st]}`],
        x + COL_W / 2,
        HEADER_H / 2,
        13,
        {
          fill: '#ffffff',
          'font-weight': 700,
        },
      ),
    );
    if (ci > 0)
      body.push(
        el('line', {
          x1: x,
          y1: HEADER_H,
          x2: x,
          y2: lanesBottom,
          stroke: COLORS.border,
          'stroke-dasharray': '4 4',
        }),
      );
  });

  // Arrows first so the shapes sit on top of them. Where the next step is in another part of a
  // wrapped flow, an arrow leaves to the right edge (or comes in from the left) with the part's number.
  const arrow = (d: string) =>
    el('path', {
      d,
      fill: 'none',
      stroke: COLORS.dim,
      'stroke-width': 1.5,
      'marker-end': 'url(#arrow)',
    });
  const halfWidth = (c: { decision: boolean }) => (c.decision ? DIAMOND_W : BOX_W) / 2;
  const halfHeight = (c: { decision: boolean }) => (c.decision ? DIAMOND_H : BOX_H) / 2;
  const partOf = (stage: FlowStage) => (options.part ? options.part.of(stage) : null);
  const partMark = (text: string, x: number, yTop: number, anchor: 'start' | 'end') =>
    textEl(text, {
      x,
      y: yTop,
      'font-size': 10,
      'text-anchor': anchor,
      fill: COLORS.dim,
    });
  // Drawn after the shapes, above the step they belong to.
  const marks: string[] = [];
  for (let i = 0; i + 1 < steps.length; i++) {
    const a = centre.get(steps[i]!.id);
    const b = centre.get(steps[i + 1]!.id);
    if (a && b) {
      let d: string;
      if (Math.abs(a.x - b.x) < 1) {
        const down = b.y > a.y;
        d = `M ${a.x} ${a.y + (down ? halfHeight(a) : -halfHeight(a))} V ${b.y + (down ? -halfHeight(b) : halfHeight(b))}`;
      } else {
        const x1 = a.x + halfWidth(a);
        const x2 = b.x - halfWidth(b);
        const mid = x2 - 10;
        d = `M ${x1} ${a.y} H ${mid} V ${b.y} H ${x2}`;
      }
      body.push(arrow(d));
    } else if (a) {
      const part = partOf(steps[i + 1]!.stage);
      body.push(arrow(`M ${a.x + halfWidth(a)} ${a.y} H ${stagesRight - 2}`));
      if (part !== null)
        marks.push(
          partMark(m.diagram.continuesIn(part), stagesRight - 4, a.y - halfHeight(a) - 5, 'end'),
        );
    } else if (b) {
      const part = partOf(steps[i]!.stage);
      body.push(arrow(`M ${LABEL_W + 2} ${b.y} H ${b.x - halfWidth(b)}`));
      if (part !== null)
        marks.push(
          partMark(m.diagram.continuedFrom(part), LABEL_W + 4, b.y - halfHeight(b) - 5, 'start'),
        );
    }
  }

  for (const s of shown) {
    const c = centre.get(s.id)!;
    if (s.decision) {
      const hw = DIAMOND_W / 2;
      const hh = DIAMOND_H / 2;
      body.push(
        el('polygon', {
          points: `${c.x},${c.y - hh} ${c.x + hw},${c.y} ${c.x},${c.y + hh} ${c.x - hw},${c.y}`,
          fill: COLORS.decision,
          stroke: COLORS.decisionStroke,
          'stroke-width': 1.5,
        }),
        centredLines(
          [`D${decisionNo.get(s.id)}`, ...wrapText(s.title, DIAMOND_W - 64, 11, 2)],
          c.x,
          c.y,
          11,
          { fill: COLORS.text },
        ),
      );
    } else {
      body.push(
        el('rect', {
          x: c.x - BOX_W / 2,
          y: c.y - BOX_H / 2,
          width: BOX_W,
          height: BOX_H,
          rx: 8,
          fill: COLORS.box,
          stroke: COLORS.boxStroke,
          'stroke-width': 1.5,
        }),
        centredLines(wrapText(s.title, BOX_W - 16, 12, 3), c.x, c.y, 12, { fill: COLORS.text }),
      );
    }
    if (s.notify.length > 0) {
      const ty = c.y + (s.decision ? DIAMOND_H : BOX_H) / 2 + 10;
      const label = `✉ ${m.diagram.notifyTitle}`;
      const w = textWidth(label, 10) + 8;
      body.push(
        el('rect', { x: c.x - w / 2, y: ty - 8, width: w, height: 16, rx: 3, fill: '#ffffff' }),
        textEl(label, {
          x: c.x,
          y: ty,
          'font-size': 10,
          'text-anchor': 'middle',
          'dominant-baseline': 'central',
          fill: COLORS.notify,
        }),
      );
    }
  }

  body.push(...marks);

  // Decision points and outside parties as wrapped text panels under the lanes.
  const panel = (title: string, entries: string[], top: number): number => {
    if (entries.length === 0) return top;
    const lines: string[] = [];
    for (const e of entries) lines.push(...wrapText(e, width - 2 * PAD - 8, 11));
    const h = 28 + lines.length * 15 + 8;
    body.push(
      el('rect', { x: 0, y: top, width, height: h, fill: '#fafafa', stroke: COLORS.border }),
      textEl(title, {
        x: PAD,
        y: top + 18,
        'font-size': 13,
        'font-weight': 700,
        fill: COLORS.text,
      }),
      ...lines.map((l, i) =>
        textEl(l, { x: PAD + 8, y: top + 38 + i * 15, 'font-size': 11, fill: COLORS.text }),
      ),
    );
    return top + h;
  };
  const sep = locale === 'ja' ? '：' : ': ';
  const decisions = steps
    .filter((s) => s.decision)
    .map((s) => {
      const d = s.decision!;
      const owner = roleTitle(content, d.ownerRole, locale);
      const who = roleHolders(state, d.ownerRole, locale) || m.diagram.noPerson;
      return `D${decisionNo.get(s.id)} ${d.question} — ${m.diagram.owner}${sep}${owner}（${who}）${
        d.criteria ? ` — ${m.diagram.criteria}${sep}${d.criteria}` : ''
      }`;
    });
  const notified = new Set(steps.flatMap((s) => s.notify));
  const parties = content.parties
    .filter((p) => notified.has(p.key))
    .map(
      (p) =>
        `${p.name[locale]}${sep}${p.deadlines.map((d) => `${d.what[locale]} ${d.within[locale]}`).join(' / ')}`,
    );
  let bottom = lanesBottom;
  if (options.panels !== false) {
    bottom = panel(m.diagram.decisionsTitle, decisions, lanesBottom + PAD);
    bottom = panel(m.diagram.notifyTitle, parties, bottom + (decisions.length ? PAD : 0));
  }
  const height = Math.ceil(bottom + PAD);
  return {
    svg: svgDocument(width, height, csirtDocumentWording(locale).flow.caption, body),
    width,
    height,
  };
}

/** Stages per part when the flow is wrapped for a printed page (landscape A4 at about full size). */
const PRINT_STAGES_PER_PART = 4;

/**
 * The flow wrapped for print: the stages split into parts of at most four (seven stages make 4 + 3),
 * each a diagram of its own with only the lanes it uses and marks where the flow goes on. The
 * decision points and outside parties are left to the document's tables.
 */
export function renderFlowParts(
  state: CsirtState,
  steps: FlowStep[],
  locale: Locale,
): (Svg & { stages: FlowStage[] })[] {
  const used = flowStages.filter((st) => steps.some((s) => s.stage === st));
  const count = Math.max(1, Math.ceil(used.length / PRINT_STAGES_PER_PART));
  const size = Math.ceil(used.length / count);
  const of = (stage: FlowStage) => Math.floor(used.indexOf(stage) / size) + 1;
  return Array.from({ length: count }, (_, i) => ({
    stages: used.slice(i * size, (i + 1) * size),
    ...renderFlowSvg(state, steps, locale, {
      stages: used.slice(i * size, (i + 1) * size),
      panels: false,
      part: { index: i + 1, of },
    }),
  }));
}

const NODE_W = 240;
const NODE_H = 46;
const INDENT = 36;
const ROW_H = 58;

/** The escalation tree: who escalates to whom, top of the chain first, with phone and hours. */
export function renderEscalationSvg(state: CsirtState, locale: Locale): Svg {
  const content = loadCsirtContent();
  const m = csirtMessages(locale);
  const rows = escalationOrder(state.contacts);
  if (rows.length === 0) {
    const width = 360;
    const height = 60;
    return {
      svg: svgDocument(width, height, csirtDocumentWording(locale).flow.escalationCaption, [
        centredLines([m.diagram.escalationEmpty], width / 2, height / 2, 13, { fill: COLORS.dim }),
      ]),
      width,
      height,
    };
  }
  const maxDepth = Math.max(...rows.map((r) => r.depth));
  const width = PAD * 2 + maxDepth * INDENT + NODE_W + 220;
  const height = PAD * 2 + rows.length * ROW_H;
  const pos = new Map<string, { x: number; y: number }>();
  rows.forEach((r, i) => pos.set(r.contact.id, { x: PAD + r.depth * INDENT, y: PAD + i * ROW_H }));
  const body: string[] = [];
  for (const { contact } of rows) {
    const p = pos.get(contact.id)!;
    const parent = contact.escalatesToId ? pos.get(contact.escalatesToId) : undefined;
    if (parent)
      body.push(
        el('path', {
          d: `M ${parent.x + 14} ${parent.y + NODE_H} V ${p.y + NODE_H / 2} H ${p.x}`,
          fill: 'none',
          stroke: COLORS.dim,
          'stroke-width': 1.5,
        }),
      );
  }
  for (const { contact } of rows) {
    const p = pos.get(contact.id)!;
    const role = contact.roleKey ? roleTitle(content, contact.roleKey, locale) : '';
    const party = contact.partyKey
      ? (content.parties.find((x) => x.key === contact.partyKey)?.name[locale] ?? '')
      : '';
    const subtitle = [role || party, contact.organization].filter(Boolean).join(' / ');
    const reach = [contact.phone, contact.email].filter(Boolean).join('  ');
    body.push(
      el('rect', {
        x: p.x,
        y: p.y,
        width: NODE_W,
        height: NODE_H,
        rx: 6,
        fill: contact.kind === 'internal' ? COLORS.box : COLORS.decision,
        stroke: contact.kind === 'internal' ? COLORS.boxStroke : COLORS.decisionStroke,
      }),
      textEl(wrapText(contact.name, NODE_W - 16, 13, 1)[0] ?? '', {
        x: p.x + 8,
        y: p.y + 18,
        'font-size': 13,
        'font-weight': 700,
        fill: COLORS.text,
      }),
      textEl(wrapText(subtitle || '—', NODE_W - 16, 11, 1)[0] ?? '', {
        x: p.x + 8,
        y: p.y + 36,
        'font-size': 11,
        fill: COLORS.dim,
      }),
      textEl(wrapText(reach || '—', 200, 11, 1)[0] ?? '', {
        x: p.x + NODE_W + 10,
        y: p.y + 18,
        'font-size': 11,
        fill: reach ? COLORS.text : COLORS.notify,
      }),
      textEl(wrapText(contact.hours, 200, 11, 1)[0] ?? '', {
        x: p.x + NODE_W + 10,
        y: p.y + 36,
        'font-size': 11,
        fill: COLORS.dim,
      }),
    );
  }
  return {
    svg: svgDocument(width, height, csirtDocumentWording(locale).flow.escalationCaption, body),
    width,
    height,
  };
}
