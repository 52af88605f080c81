/**
 * Helpers the node files share: seeded randomness, alignment of signals and images by their
 * start/origin, element-wise maps over any wire value, and the output-type resolvers.
 * Not a node type itself; the registry lists only `defineNode` results.
 */
import { type DataType, type Image, type Signal, type Spectrum, type Spectrum2D, type Value, makeImage, makeSignal } from '../data';
import { fftAlgorithm } from '../dsp';
import type { ComputeContext, OutputTypeResolver } from './define';

/**
 * mulberry32: a 32-bit seeded PRNG (Tommy Ettinger, public domain). Small, fast, and the same
 * stream on every platform, so a random source with a seed is reproducible.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates by Box–Muller over a uniform source. */
export function gaussianRandom(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Bytes of the arrays a value of this shape holds: 8 a signal sample, 4 an image pixel, 16 a complex bin. */
export function valueBytes(value: Value): number {
  switch (value.kind) {
    case 'signal':
      return value.data.length * 8;
    case 'image':
      return value.data.length * 4;
    case 'spectrum':
    case 'spectrum2d':
      return value.re.length * 16;
    case 'value':
      return 0;
  }
}

/**
 * Bytes an FFT of n points takes beyond its input and output: plan tables and work areas,
 * measured (peak RSS over n, SIMD and plain): about 55 a point for powers of two and smooth
 * lengths, about 140 a point of the power-of-two transform Bluestein runs on (≥ 2n − 1).
 */
export function fftWorkBytes(n: number): number {
  return fftAlgorithm(n) === 'bluestein' ? 144 * nextPowerOfTwo(2 * n - 1) : 64 * n;
}

/** Two signals on their union extent, zero-filled, so sample i of both sits at index `start + i`. */
export function alignSignals(a: Signal, b: Signal, context?: Pick<ComputeContext, 'reserve'>): { start: number; a: Float64Array; b: Float64Array } {
  const start = Math.min(a.start, b.start);
  const end = Math.max(a.start + a.data.length, b.start + b.data.length);
  const length = Math.max(0, end - start);
  // Far-apart starts make a union far longer than both signals (a few samples each at ±1e8).
  context?.reserve(2 * length * 8, `aligning two signals on ${length} samples`);
  const alignedA = new Float64Array(length);
  const alignedB = new Float64Array(length);
  alignedA.set(a.data, a.start - start);
  alignedB.set(b.data, b.start - start);
  return { start, a: alignedA, b: alignedB };
}

/**
 * Two images on the union of their extents in coordinate space (pixel (x, y) sits at
 * (x − origin.x, y − origin.y)), zero-filled. Channels must match.
 */
export function alignImages(a: Image, b: Image, context?: Pick<ComputeContext, 'reserve'>): { width: number; height: number; origin: { x: number; y: number }; a: Float64Array; b: Float64Array } {
  const left = Math.min(-a.origin.x, -b.origin.x);
  const top = Math.min(-a.origin.y, -b.origin.y);
  const right = Math.max(a.width - a.origin.x, b.width - b.origin.x);
  const bottom = Math.max(a.height - a.origin.y, b.height - b.origin.y);
  const width = right - left;
  const height = bottom - top;
  const channels = a.channels;
  context?.reserve(2 * width * height * channels * 8, `aligning two images on ${width}×${height}`);
  const place = (image: Image): Float64Array => {
    const out = new Float64Array(width * height * channels);
    const dx = -image.origin.x - left;
    const dy = -image.origin.y - top;
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < image.height; y++) {
        const from = c * image.width * image.height + y * image.width;
        const to = c * width * height + (y + dy) * width + dx;
        for (let x = 0; x < image.width; x++) out[to + x] = image.data[from + x];
      }
    }
    return out;
  };
  return { width, height, origin: { x: -left, y: -top }, a: place(a), b: place(b) };
}

/** The same kind of value with every real sample (or both parts of every complex bin) mapped. */
export function mapValue(value: Value, f: (x: number) => number): Value {
  switch (value.kind) {
    case 'signal':
      return makeSignal(value.data.map(f), value.start, value.rate);
    case 'image':
      return { ...value, data: value.data.map(f) };
    case 'spectrum':
      return { ...value, re: value.re.map(f), im: value.im.map(f) } satisfies Spectrum;
    case 'spectrum2d':
      return { ...value, re: value.re.map(f), im: value.im.map(f) } satisfies Spectrum2D;
    case 'value': {
      const fields: Record<string, number> = {};
      for (const [name, x] of Object.entries(value.fields)) fields[name] = f(x);
      return { kind: 'value', fields };
    }
  }
}

/** The real samples of a signal or image (for stats and normalisation). */
export function realSamples(value: Signal | Image): ArrayLike<number> {
  return value.data;
}

/** A fresh image like `template` with new data (and optionally new size/channels). */
export function imageLike(template: Image, data: Float32Array, changes: Partial<Pick<Image, 'width' | 'height' | 'channels' | 'origin'>> = {}): Image {
  return makeImage(data, changes.width ?? template.width, changes.height ?? template.height, {
    channels: changes.channels ?? template.channels,
    origin: changes.origin ?? template.origin,
    ...(template.angles && changes.height === undefined ? { angles: template.angles } : {}),
  });
}

/** Output type = the type on the first generic input (NODES.md's `T`). */
export function sameAsInput(port = 'in'): OutputTypeResolver {
  return (_params, inputTypes) => inputTypes[port] ?? inputTypes.a ?? inputTypes.b;
}

/** `dims` 1 → signal, 2 → image. */
export const typeFromDims: OutputTypeResolver = (params) => (Number(params.dims) === 1 ? 'signal' : 'image');

/** spectrum → signal, spectrum2d → image (magnitude, phase, power). */
export const realOfSpectrum: OutputTypeResolver = (_params, inputTypes): DataType | undefined =>
  inputTypes.in === 'spectrum' ? 'signal' : inputTypes.in === 'spectrum2d' ? 'image' : undefined;

export function describeSize(value: Value): string {
  switch (value.kind) {
    case 'signal':
      return `${value.data.length} samples`;
    case 'spectrum':
      return `${value.re.length} bins`;
    case 'image':
      return `${value.width}×${value.height}${value.channels > 1 ? `×${value.channels}` : ''}`;
    case 'spectrum2d':
      return `${value.width}×${value.height}`;
    case 'value':
      return `${Object.keys(value.fields).length} fields`;
  }
}

/** A centred kernel from a row-major grid of numbers: signal (dims 1) or image with origin at the centre. */
export function kernelValue(dims: number, rows: readonly (readonly number[])[], origin?: { x: number; y: number }): Value {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const ox = origin?.x ?? Math.floor(width / 2);
  const oy = origin?.y ?? Math.floor(height / 2);
  if (dims === 1) return makeSignal(Float64Array.from(rows.flat()), -ox, 1);
  return makeImage(Float32Array.from(rows.flat()), width, height, { origin: { x: ox, y: oy } });
}
