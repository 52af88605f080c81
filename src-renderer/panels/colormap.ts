/**
 * Colour maps and value ranges for image views (sink.image's `colormap`, `range`, `log`), shared
 * by the node thumbnail and the large preview.
 */
import type { ColormapName, ImageDisplay } from '../../src-shared/nodes/display';

// The display's types live with the node definitions that declare them (sink.image's `display`).
export type { ColormapName, ImageDisplay, RangeMode } from '../../src-shared/nodes/display';
export { DEFAULT_IMAGE_DISPLAY as DEFAULT_DISPLAY } from '../../src-shared/nodes/display';

/** Viridis as a degree-6 polynomial fit (after matplotlib's table; max error under 1/255). */
const VIRIDIS = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
] as const;

function buildTable(name: ColormapName): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let rgb: [number, number, number];
    if (name === 'gray') rgb = [t, t, t];
    else if (name === 'viridis') {
      rgb = [0, 1, 2].map((c) => {
        let v = 0;
        for (let k = VIRIDIS.length - 1; k >= 0; k--) v = v * t + VIRIDIS[k]![c]!;
        return v;
      }) as [number, number, number];
    } else {
      // Blue → near-white → red, Moreland's cool-warm end points: zero sits in the middle.
      const cold = [0.23, 0.3, 0.75];
      const mid = [0.87, 0.87, 0.87];
      const warm = [0.71, 0.016, 0.15];
      const [a, b, u] = t < 0.5 ? [cold, mid, t * 2] : [mid, warm, (t - 0.5) * 2];
      rgb = [0, 1, 2].map((c) => a[c]! + (b[c]! - a[c]!) * u) as [number, number, number];
    }
    table[3 * i] = rgb[0] * 255;
    table[3 * i + 1] = rgb[1] * 255;
    table[3 * i + 2] = rgb[2] * 255;
  }
  return table;
}

const tables = new Map<ColormapName, Uint8ClampedArray>();
export function colormapTable(name: ColormapName): Uint8ClampedArray {
  let table = tables.get(name);
  if (!table) tables.set(name, (table = buildTable(name)));
  return table;
}

function transform(value: number, log: boolean): number {
  return log ? Math.sign(value) * Math.log10(1 + Math.abs(value)) : value;
}

/** The [low, high] the colour map spans for values in [lo, hi]. */
export function displayRange(lo: number, hi: number, display: ImageDisplay): [number, number] {
  const a = transform(lo, display.log);
  const b = transform(hi, display.log);
  if (display.range === 'unit') return [0, transform(1, display.log)];
  if (display.range === 'symmetric') {
    const m = Math.max(Math.abs(a), Math.abs(b)) || 1;
    return [-m, m];
  }
  return a === b ? [a - 0.5, b + 0.5] : [a, b];
}

/** Paints `count` values from `read` into RGBA pixels at `out[offset…]`. */
export function paintValues(
  read: (index: number) => number,
  count: number,
  range: [number, number],
  display: ImageDisplay,
  out: Uint8ClampedArray,
  offset = 0,
): void {
  const table = colormapTable(display.colormap);
  const [low, high] = range;
  const scale = 255 / (high - low || 1);
  for (let i = 0; i < count; i++) {
    const v = transform(read(i), display.log);
    const index = Number.isFinite(v) ? Math.max(0, Math.min(255, Math.round((v - low) * scale))) : 0;
    const o = offset + 4 * i;
    out[o] = table[3 * index]!;
    out[o + 1] = table[3 * index + 1]!;
    out[o + 2] = table[3 * index + 2]!;
    out[o + 3] = 255;
  }
}
