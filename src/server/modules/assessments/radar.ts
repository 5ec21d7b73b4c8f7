import { deflateSync } from 'node:zlib';
import * as echarts from 'echarts';

/** One line on the radar: a name for the legend and a 0–5 value per axis (null: no score). */
export interface RadarSeries {
  name: string;
  values: (number | null)[];
  color: string;
}

export interface RadarInput {
  axes: string[];
  series: RadarSeries[];
  width: number;
  height: number;
}

/** The section-score radar as SVG, rendered with ECharts on the server. */
export function radarSvg(input: RadarInput): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: input.width,
    height: input.height,
  });
  try {
    chart.setOption({
      animation: false,
      legend: { bottom: 0, data: input.series.map((s) => s.name) },
      radar: {
        indicator: input.axes.map((name) => ({ name, max: 5, min: 0 })),
        splitNumber: 5,
        radius: '62%',
        center: ['50%', '48%'],
        axisName: { color: '#333', fontSize: 12 },
      },
      series: [
        {
          type: 'radar',
          data: input.series.map((s, i) => ({
            name: s.name,
            value: s.values.map((v) => v ?? 0),
            lineStyle: { color: s.color, width: 2, type: i === 0 ? 'solid' : 'dashed' },
            itemStyle: { color: s.color },
            areaStyle: i === 0 ? { color: s.color, opacity: 0.2 } : undefined,
          })),
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

// --- a plain PNG of the same radar, for Word processors that cannot show SVG -----------------
// No text (there is no font rasteriser here): the grid, the axes and the series polygons. The
// section-score table next to it carries the names and numbers.

type Rgb = [number, number, number];

function parseColor(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
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
    const i = (y * this.width + x) * 3;
    const p = this.pixels;
    p[i] = Math.round(p[i]! * (1 - alpha) + r * alpha);
    p[i + 1] = Math.round(p[i + 1]! * (1 - alpha) + g * alpha);
    p[i + 2] = Math.round(p[i + 2]! * (1 - alpha) + b * alpha);
  }

  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, width = 1): void {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    const half = Math.floor(width / 2);
    for (let s = 0; s <= steps; s++) {
      const x = Math.round(x0 + ((x1 - x0) * s) / steps);
      const y = Math.round(y0 + ((y1 - y0) * s) / steps);
      for (let dx = -half; dx <= half; dx++)
        for (let dy = -half; dy <= half; dy++) this.blend(x + dx, y + dy, color, 1);
    }
  }

  /** Even-odd fill, one scanline at a time. */
  fill(points: [number, number][], color: Rgb, alpha: number): void {
    const ys = points.map((p) => p[1]);
    const top = Math.max(0, Math.floor(Math.min(...ys)));
    const bottom = Math.min(this.height - 1, Math.ceil(Math.max(...ys)));
    for (let y = top; y <= bottom; y++) {
      const yc = y + 0.5;
      const xs: number[] = [];
      for (let i = 0; i < points.length; i++) {
        const [ax, ay] = points[i]!;
        const [bx, by] = points[(i + 1) % points.length]!;
        if (ay <= yc !== by <= yc) xs.push(ax + ((yc - ay) / (by - ay)) * (bx - ax));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        for (let x = Math.ceil(xs[k]! - 0.5); x <= Math.floor(xs[k + 1]! - 0.5); x++) {
          this.blend(x, y, color, alpha);
        }
      }
    }
  }

  polygon(points: [number, number][], color: Rgb, width = 1): void {
    points.forEach(([x0, y0], i) => {
      const [x1, y1] = points[(i + 1) % points.length]!;
      this.line(x0, y0, x1, y1, color, width);
    });
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
    rows[y * (stride + 1)] = 0;
    rows.set(raster.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The radar's grid and series as a PNG without labels. */
export function radarPng(input: RadarInput): Buffer {
  const raster = new Raster(input.width, input.height);
  const cx = input.width / 2;
  const cy = input.height * 0.48;
  const radius = Math.min(input.width, input.height) * 0.31;
  const n = input.axes.length;
  const at = (i: number, value: number): [number, number] => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const r = (radius * Math.max(0, Math.min(5, value))) / 5;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
  };
  const grid: Rgb = [204, 204, 204];
  for (let level = 1; level <= 5; level++) {
    raster.polygon(
      input.axes.map((_, i) => at(i, level)),
      grid,
    );
  }
  input.axes.forEach((_, i) => raster.line(cx, cy, ...at(i, 5), grid));
  [...input.series].reverse().forEach((s, k) => {
    const color = parseColor(s.color);
    const points = s.values.map((v, i) => at(i, v ?? 0));
    if (k === input.series.length - 1) raster.fill(points, color, 0.2);
    raster.polygon(points, color, 3);
  });
  return encodePng(raster);
}
