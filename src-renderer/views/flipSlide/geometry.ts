/**
 * The geometry of flip and slide (NODES.md's conventions): what the view draws at each output
 * position t. It reads the convolution as (f * g)(t) = Σ_τ f(τ)·g(t − τ): f = a stays put,
 * g = b is flipped (τ ↦ g(t − τ)) and shifted by t, the pointwise product is shaded and its
 * sum is the output at t (× 1/rate with `integral`). Correlation is convolution with flip(b),
 * so there the kernel slides unflipped: g(t − τ) = b(τ − t).
 *
 * Positions are sample indices (sample k of a signal sits at start + k). Every mode computes
 * the same sum at a given t; the mode only decides which t the output holds (full, same, valid),
 * so the scrubber's range is the output's own extent.
 *
 * This is drawing arithmetic over the overlap at one t (a few hundred products at most per
 * frame); the output itself — the sum the view marks and traces — comes from the engine.
 */
import { boundaryIndex, type BoundaryMode } from '../../../src-shared/dsp/convolve2d';

export interface Samples {
  readonly data: ArrayLike<number>;
  readonly start: number;
  readonly rate: number;
}

export interface SlideOptions {
  /** op.correlate: slide b unflipped. */
  readonly correlate: boolean;
  /** The node's `integral` param: the sum is scaled by 1/rate. */
  readonly integral: boolean;
}

export interface SlideSetup {
  readonly f: Samples;
  /** The kernel as the convolution uses it: b, or flip(b) for correlation. */
  readonly g: Samples;
  readonly scale: number;
  /** The output's extent: t runs over [tFirst, tLast]. */
  readonly tFirst: number;
  readonly tLast: number;
  /**
   * A fixed τ window holding f and every position of g(t − τ) for t in range, so the axis does
   * not move while g slides along it.
   */
  readonly tauFirst: number;
  readonly tauLast: number;
}

/** flip(b)[k] = b[−k]: reversed data, start −(b.start + len b − 1) (op.flip, op.correlate). */
export function flipSamples(b: Samples): Samples {
  const data = Array.from(b.data).reverse();
  return { data, start: -(b.start + data.length - 1), rate: b.rate };
}

/** The view's fixed frame for a convolution of a and b whose output starts at `outputStart`. */
export function slideSetup(a: Samples, b: Samples, output: { readonly start: number; readonly length: number }, options: SlideOptions): SlideSetup {
  const g = options.correlate ? flipSamples(b) : b;
  const tFirst = output.start;
  const tLast = output.start + output.length - 1;
  const gLast = g.start + g.data.length - 1;
  // g(t − τ) is non-zero for t − gLast ≤ τ ≤ t − g.start.
  const tauFirst = Math.min(a.start, tFirst - gLast);
  const tauLast = Math.max(a.start + a.data.length - 1, tLast - g.start);
  return { f: a, g, scale: options.integral ? 1 / a.rate : 1, tFirst, tLast, tauFirst, tauLast };
}

function at(samples: Samples, position: number): number | undefined {
  const k = position - samples.start;
  return k >= 0 && k < samples.data.length ? samples.data[k] : undefined;
}

export interface SlideTerm {
  readonly tau: number;
  readonly f: number;
  readonly g: number;
}

export interface SlideFrame {
  readonly t: number;
  /** τ for every position of the window, tauFirst … tauLast. */
  readonly tau: number[];
  /**
   * f(τ), g(t − τ) and their product f·g (before the 1/rate of `integral`: its area is what the
   * sum approximates); null where a sample does not exist (nothing drawn).
   */
  readonly f: (number | null)[];
  readonly g: (number | null)[];
  readonly product: (number | null)[];
  /** The pairs that overlap at this t, in τ order. */
  readonly terms: SlideTerm[];
  /** scale · Σ f(τ)·g(t − τ): the output at t. */
  readonly sum: number;
}

/** Everything drawn at output position t. */
export function slideFrame(setup: SlideSetup, t: number): SlideFrame {
  const count = setup.tauLast - setup.tauFirst + 1;
  const tau: number[] = new Array(count);
  const f: (number | null)[] = new Array(count);
  const g: (number | null)[] = new Array(count);
  const product: (number | null)[] = new Array(count);
  const terms: SlideTerm[] = [];
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const position = setup.tauFirst + i;
    tau[i] = position;
    const fv = at(setup.f, position);
    const gv = at(setup.g, t - position);
    f[i] = fv ?? null;
    g[i] = gv ?? null;
    if (fv !== undefined && gv !== undefined) {
      product[i] = fv * gv;
      terms.push({ tau: position, f: fv, g: gv });
      sum += fv * gv;
    } else product[i] = null;
  }
  return { t, tau, f, g, product, terms, sum: sum * setup.scale };
}

export interface Grid {
  readonly data: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
  readonly origin: { readonly x: number; readonly y: number };
}

export interface PatchCell {
  /** The input pixel this cell reads, before the boundary rule (it may lie outside). */
  readonly x: number;
  readonly y: number;
  /** The value read there (0 outside with boundary zero). */
  readonly value: number;
  /** The kernel weight laid over this pixel. */
  readonly weight: number;
  readonly product: number;
}

export interface Patch {
  /** Cells row by row, in the input's own orientation (left to right, top to bottom). */
  readonly cells: PatchCell[];
  readonly width: number;
  readonly height: number;
  /** The patch's top-left input pixel. */
  readonly left: number;
  readonly top: number;
  readonly sum: number;
}

/**
 * The image patch under output coordinate (px, py), with the kernel laid over it: for
 * convolution the kernel appears rotated by 180° (its flip), for correlation as it is.
 * y(P) = Σ_r g(r)·a(P − r), r the kernel's coordinates (pixel − origin).
 */
export function patchAt(a: Grid, b: Grid, px: number, py: number, options: { correlate: boolean; boundary: BoundaryMode }): Patch {
  const width = b.width;
  const height = b.height;
  // Kernel pixel (kx, ky) sits at r = (kx − ox, ky − oy); it multiplies a at P − r, which is the
  // patch column width − 1 − kx when kx runs against the input's x. For correlation g = flip(b),
  // so the weight over patch column u is b's own column u.
  const left = px + a.origin.x - (width - 1 - (options.correlate ? width - 1 - b.origin.x : b.origin.x));
  const top = py + a.origin.y - (height - 1 - (options.correlate ? height - 1 - b.origin.y : b.origin.y));
  const cells: PatchCell[] = [];
  let sum = 0;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const x = left + u;
      const y = top + v;
      const ix = boundaryIndex(x, a.width, options.boundary);
      const iy = boundaryIndex(y, a.height, options.boundary);
      const value = ix < 0 || iy < 0 ? 0 : a.data[iy * a.width + ix]!;
      const weight = options.correlate ? b.data[v * width + u]! : b.data[(height - 1 - v) * width + (width - 1 - u)]!;
      const product = value * weight;
      sum += product;
      cells.push({ x, y, value, weight, product });
    }
  }
  return { cells, width, height, left, top, sum };
}

/** [min, max] over several series with some headroom, always including 0. */
export function paddedRange(...series: ArrayLike<number | null>[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const values of series) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const pad = (hi - lo || 1) * 0.08;
  return [lo - (lo < 0 ? pad : 0), hi + pad];
}

/**
 * The y range that never moves while g slides: f, g and every product of a sample of f with g's
 * largest or smallest one (the extremes of any product). One pass over each: taking g's extremes
 * again for every sample of f (with Math.max(...g)) was |f|·|g| work, seconds of a frozen page for
 * two signals of 40,000 samples, and past about 100,000 samples the spread itself threw.
 */
export function slideYRange(setup: SlideSetup): [number, number] {
  const { data: f } = setup.f;
  const { data: g } = setup.g;
  let gMax = -Infinity;
  let gMin = Infinity;
  for (let i = 0; i < g.length; i++) {
    gMax = Math.max(gMax, g[i]!);
    gMin = Math.min(gMin, g[i]!);
  }
  let pMax = 0;
  let pMin = 0;
  if (g.length > 0) {
    for (let i = 0; i < f.length; i++) {
      for (const y of [gMax, gMin]) {
        pMax = Math.max(pMax, f[i]! * y);
        pMin = Math.min(pMin, f[i]! * y);
      }
    }
  }
  return paddedRange(f, g, [pMin, pMax]);
}
