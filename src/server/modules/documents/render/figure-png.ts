import { deflateSync } from 'node:zlib';

// A plain PNG of a figure for Word processors that cannot show SVG (Word embeds both and picks).
// There is no font rasteriser here, so text is left out: shapes, lines and fills of the diagram are
// drawn (rect, circle, ellipse, line, polyline, polygon, path with straight and curved segments,
// translate/scale/matrix transforms). The caption under the figure carries its meaning.

type Rgb = [number, number, number];
type Matrix = [number, number, number, number, number, number];
type Point = [number, number];

const identity: Matrix = [1, 0, 0, 1, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, [x, y]: Point): Point => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

const named: Record<string, Rgb> = {
  black: [0, 0, 0],
  white: [255, 255, 255],
  red: [255, 0, 0],
  green: [0, 128, 0],
  blue: [0, 0, 255],
  gray: [128, 128, 128],
  grey: [128, 128, 128],
  orange: [255, 165, 0],
  yellow: [255, 255, 0],
};

function parseColor(value: string | undefined): Rgb | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (v === 'none' || v === 'transparent' || v.startsWith('url(')) return null;
  if (v.startsWith('#')) {
    const hex = v.length === 4 ? [...v.slice(1)].map((c) => c + c).join('') : v.slice(1, 7);
    const n = Number.parseInt(hex, 16);
    return Number.isNaN(n) ? null : [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const rgb = /^rgba?\(([^)]+)\)/.exec(v);
  if (rgb) {
    const [r = 0, g = 0, b = 0] = rgb[1]!.split(',').map((p) => Number.parseFloat(p));
    return [r, g, b];
  }
  return named[v] ?? null;
}

function parseTransform(value: string | undefined): Matrix {
  let m: Matrix = identity;
  if (!value) return m;
  for (const [, fn, args] of value.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const n = args!
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (fn === 'translate') m = multiply(m, [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0]);
    else if (fn === 'scale') m = multiply(m, [n[0] ?? 1, 0, 0, n[1] ?? n[0] ?? 1, 0, 0]);
    else if (fn === 'matrix' && n.length === 6) m = multiply(m, n as Matrix);
    else if (fn === 'rotate') {
      const a = ((n[0] ?? 0) * Math.PI) / 180;
      const [cx = 0, cy = 0] = [n[1], n[2]];
      m = multiply(m, [1, 0, 0, 1, cx, cy]);
      m = multiply(m, [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0]);
      m = multiply(m, [1, 0, 0, 1, -cx, -cy]);
    }
  }
  return m;
}

class Raster {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3).fill(255);
  }

  blend(x: number, y: number, [r, g, b]: Rgb, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const p = this.pixels;
    const i = (y * this.width + x) * 3;
    p[i] = Math.round(p[i]! * (1 - alpha) + r * alpha);
    p[i + 1] = Math.round(p[i + 1]! * (1 - alpha) + g * alpha);
    p[i + 2] = Math.round(p[i + 2]! * (1 - alpha) + b * alpha);
  }

  /** One horizontal run of pixels; opaque runs are written directly (most fills are opaque). */
  span(y: number, from: number, to: number, color: Rgb, alpha: number): void {
    if (alpha < 0.999) {
      for (let x = from; x <= to; x++) this.blend(x, y, color, alpha);
      return;
    }
    const p = this.pixels;
    const [r, g, b] = color;
    for (let i = (y * this.width + from) * 3, end = (y * this.width + to) * 3; i <= end; i += 3) {
      p[i] = r;
      p[i + 1] = g;
      p[i + 2] = b;
    }
  }

  line([x0, y0]: Point, [x1, y1]: Point, color: Rgb, width: number, alpha: number): void {
    const steps = Math.min(20_000, Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0))));
    const half = Math.max(0, Math.floor(width / 2));
    for (let s = 0; s <= steps; s++) {
      const x = Math.round(x0 + ((x1 - x0) * s) / steps);
      const y = Math.round(y0 + ((y1 - y0) * s) / steps);
      for (let dx = -half; dx <= half; dx++)
        for (let dy = -half; dy <= half; dy++) this.blend(x + dx, y + dy, color, alpha);
    }
  }

  /** Even-odd fill of one or more closed outlines, one scanline at a time. */
  fill(outlines: Point[][], color: Rgb, alpha: number): void {
    const all = outlines.flat();
    if (all.length < 3) return;
    const ys = all.map((p) => p[1]);
    const top = Math.max(0, Math.floor(Math.min(...ys)));
    const bottom = Math.min(this.height - 1, Math.ceil(Math.max(...ys)));
    for (let y = top; y <= bottom; y++) {
      const yc = y + 0.5;
      const xs: number[] = [];
      for (const points of outlines) {
        for (let i = 0; i < points.length; i++) {
          const [ax, ay] = points[i]!;
          const [bx, by] = points[(i + 1) % points.length]!;
          if (ay <= yc !== by <= yc) xs.push(ax + ((yc - ay) / (by - ay)) * (bx - ax));
        }
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
        const to = Math.min(this.width - 1, Math.floor(xs[k + 1]! - 0.5));
        this.span(y, from, to, color, alpha);
      }
    }
  }
}

/** Outlines of an SVG path; curves are flattened into short straight segments. */
function pathOutlines(d: string): { points: Point[]; closed: boolean }[] {
  const tokens = d.match(/[a-zA-Z]|-?\d*\.?\d+(?:e[-+]?\d+)?/g) ?? [];
  const out: { points: Point[]; closed: boolean }[] = [];
  let current: Point[] = [];
  let pos: Point = [0, 0];
  let start: Point = [0, 0];
  let command = '';
  let i = 0;
  const num = () => Number(tokens[i++]);
  const flush = (closed: boolean) => {
    if (current.length > 1) out.push({ points: current, closed });
    current = [];
  };
  const curve = (controls: Point[], end: Point) => {
    const p = [pos, ...controls, end];
    for (let s = 1; s <= 12; s++) {
      const t = s / 12;
      let pts = p;
      while (pts.length > 1) {
        pts = pts
          .slice(1)
          .map((q, k): Point => [
            pts[k]![0] + (q[0] - pts[k]![0]) * t,
            pts[k]![1] + (q[1] - pts[k]![1]) * t,
          ]);
      }
      current.push(pts[0]!);
    }
    pos = end;
  };
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i]!)) command = tokens[i++]!;
    const rel = command === command.toLowerCase();
    const at = (x: number, y: number): Point => (rel ? [pos[0] + x, pos[1] + y] : [x, y]);
    switch (command.toUpperCase()) {
      case 'M':
        flush(false);
        pos = at(num(), num());
        start = pos;
        current.push(pos);
        command = rel ? 'l' : 'L';
        break;
      case 'L':
        pos = at(num(), num());
        current.push(pos);
        break;
      case 'H':
        pos = [rel ? pos[0] + num() : num(), pos[1]];
        current.push(pos);
        break;
      case 'V':
        pos = [pos[0], rel ? pos[1] + num() : num()];
        current.push(pos);
        break;
      case 'C': {
        const c1 = at(num(), num());
        const c2 = at(num(), num());
        curve([c1, c2], at(num(), num()));
        break;
      }
      case 'S':
      case 'Q': {
        const c = at(num(), num());
        curve([c], at(num(), num()));
        break;
      }
      case 'T':
        curve([], at(num(), num()));
        break;
      case 'A': {
        i += 5; // radii, rotation and flags: the arc is drawn as its chord
        pos = at(num(), num());
        current.push(pos);
        break;
      }
      case 'Z':
        flush(true);
        pos = start;
        current.push(pos);
        break;
      default:
        i++;
    }
  }
  flush(false);
  return out;
}

function ellipsePoints(cx: number, cy: number, rx: number, ry: number): Point[] {
  return Array.from({ length: 48 }, (_, k): Point => {
    const a = (2 * Math.PI * k) / 48;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });
}

const numAttr = (attrs: Record<string, string>, name: string) =>
  Number.parseFloat(attrs[name] ?? '0') || 0;

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name, a, b] of source.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attrs[name!] = a ?? b ?? '';
  }
  for (const decl of (attrs.style ?? '').split(';')) {
    const [k, v] = decl.split(':');
    if (k && v) attrs[k.trim()] = v.trim();
  }
  return attrs;
}

interface Paint {
  fill: string | undefined;
  stroke: string | undefined;
  strokeWidth: number;
  opacity: number;
  fillOpacity: number;
  strokeOpacity: number;
}

const rootPaint: Paint = {
  fill: '#000',
  stroke: undefined,
  strokeWidth: 1,
  opacity: 1,
  fillOpacity: 1,
  strokeOpacity: 1,
};

function inherit(parent: Paint, a: Record<string, string>): Paint {
  const n = (v: string | undefined, d: number) => (v === undefined ? d : Number.parseFloat(v));
  return {
    fill: a.fill ?? parent.fill,
    stroke: a.stroke ?? parent.stroke,
    strokeWidth: n(a['stroke-width'], parent.strokeWidth),
    opacity: parent.opacity * n(a.opacity, 1),
    fillOpacity: n(a['fill-opacity'], parent.fillOpacity),
    strokeOpacity: n(a['stroke-opacity'], parent.strokeOpacity),
  };
}

/** The SVG drawn at the given pixel size as a PNG (shapes only, no text). */
export function svgToPng(svg: string, width: number, height: number): Buffer {
  const raster = new Raster(Math.max(1, Math.round(width)), Math.max(1, Math.round(height)));
  const root = /<svg\b([^>]*)>/i.exec(svg);
  const rootAttrs = parseAttributes(root?.[1] ?? '');
  const viewBox = (rootAttrs.viewBox ?? '').split(/[\s,]+/).map(Number);
  let base: Matrix;
  if (viewBox.length === 4 && viewBox[2]! > 0 && viewBox[3]! > 0) {
    const s = Math.min(width / viewBox[2]!, height / viewBox[3]!);
    base = [s, 0, 0, s, -viewBox[0]! * s, -viewBox[1]! * s];
  } else {
    const w = Number.parseFloat(rootAttrs.width ?? '') || width;
    const h = Number.parseFloat(rootAttrs.height ?? '') || height;
    base = [width / w, 0, 0, height / h, 0, 0];
  }
  const stack: { m: Matrix; paint: Paint; tag: string }[] = [
    { m: base, paint: inherit(rootPaint, rootAttrs), tag: 'svg' },
  ];
  // Text, definitions and clip paths are skipped along with everything inside them.
  let skipDepth = 0;
  const body = svg.slice((root?.index ?? 0) + (root?.[0].length ?? 0));
  for (const [, closing, tag, rest, selfClosing] of body.matchAll(
    /<(\/?)([\w:-]+)([^>]*?)(\/?)>/g,
  )) {
    const name = tag!.toLowerCase();
    if (closing) {
      if (skipDepth > 0) skipDepth--;
      else if (stack.length > 1 && stack.at(-1)!.tag === name) stack.pop();
      continue;
    }
    const skipped = ['text', 'defs', 'clippath', 'style', 'title', 'desc', 'marker', 'pattern'];
    if (skipDepth > 0 || skipped.includes(name)) {
      if (!selfClosing) skipDepth++;
      continue;
    }
    const attrs = parseAttributes(rest!);
    const parent = stack.at(-1)!;
    const m = multiply(parent.m, parseTransform(attrs.transform));
    const paint = inherit(parent.paint, attrs);
    if (name === 'g' || name === 'svg' || name === 'a') {
      if (!selfClosing) stack.push({ m, paint, tag: name });
      continue;
    }
    draw(raster, name, attrs, m, paint);
  }
  return encodePng(raster);
}

function draw(
  raster: Raster,
  name: string,
  a: Record<string, string>,
  m: Matrix,
  paint: Paint,
): void {
  let outlines: { points: Point[]; closed: boolean }[];
  if (name === 'rect') {
    const [x, y, w, h] = [
      numAttr(a, 'x'),
      numAttr(a, 'y'),
      numAttr(a, 'width'),
      numAttr(a, 'height'),
    ];
    outlines = [
      {
        points: [
          [x, y],
          [x + w, y],
          [x + w, y + h],
          [x, y + h],
        ],
        closed: true,
      },
    ];
  } else if (name === 'circle') {
    const r = numAttr(a, 'r');
    outlines = [{ points: ellipsePoints(numAttr(a, 'cx'), numAttr(a, 'cy'), r, r), closed: true }];
  } else if (name === 'ellipse') {
    outlines = [
      {
        points: ellipsePoints(
          numAttr(a, 'cx'),
          numAttr(a, 'cy'),
          numAttr(a, 'rx'),
          numAttr(a, 'ry'),
        ),
        closed: true,
      },
    ];
  } else if (name === 'line') {
    outlines = [
      {
        points: [
          [numAttr(a, 'x1'), numAttr(a, 'y1')],
          [numAttr(a, 'x2'), numAttr(a, 'y2')],
        ],
        closed: false,
      },
    ];
  } else if (name === 'polyline' || name === 'polygon') {
    const n = (a.points ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const points: Point[] = [];
    for (let k = 0; k + 1 < n.length; k += 2) points.push([n[k]!, n[k + 1]!]);
    outlines = [{ points, closed: name === 'polygon' }];
  } else if (name === 'path') {
    outlines = pathOutlines(a.d ?? '');
  } else {
    return;
  }
  const scale = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2])) || 1;
  const transformed = outlines.map((o) => ({ ...o, points: o.points.map((p) => apply(m, p)) }));
  const fill = name === 'line' || name === 'polyline' ? null : parseColor(paint.fill);
  if (fill) {
    raster.fill(
      transformed.map((o) => o.points),
      fill,
      paint.opacity * paint.fillOpacity,
    );
  }
  const stroke = parseColor(paint.stroke);
  if (stroke && paint.strokeWidth > 0) {
    for (const o of transformed) {
      const pts = o.closed ? [...o.points, o.points[0]!] : o.points;
      for (let k = 0; k + 1 < pts.length; k++) {
        raster.line(
          pts[k]!,
          pts[k + 1]!,
          stroke,
          Math.max(1, Math.round(paint.strokeWidth * scale)),
          paint.opacity * paint.strokeOpacity,
        );
      }
    }
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(raster: Raster): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(raster.width, 0);
  header.writeUInt32BE(raster.height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const stride = raster.width * 3;
  const rows = Buffer.alloc((stride + 1) * raster.height);
  for (let y = 0; y < raster.height; y++) {
    rows.set(raster.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
