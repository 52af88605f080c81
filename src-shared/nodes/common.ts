/**
 * Helpers the node files share: seeded randomness, alignment of signals and images by their
 * start/origin, element-wise maps over any wire value, and the output-type resolvers.
 * Not a node type itself; the registry lists only `defineNode` results.
 */
import { type DataType, type Image, type Signal, type Spectrum, type Spectrum2D, type Timing, type Value, type Volume, makeImage, makeSignal, makeUnitlessSignal, makeVolume } from '../data';
import { fftAlgorithm } from '../dsp';
import { allocFloat64 } from '../dsp/buffer-pool';
import type { AdaptiveOutput, ComputeContext, OutputTypeResolver } from './define';

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
    case 'volume':
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

/**
 * Two signals on their union extent, zero-filled, so sample i of both sits at index `start + i`:
 * copies (`copied`), or the signals' own samples when both already cover the same extent (which
 * the caller must then not change or give back).
 * The extent comes from the starts, not the lengths: two short signals far apart span a long one,
 * so its two arrays are reserved before they are allocated.
 */
export function alignSignals(a: Signal, b: Signal, reserve: ComputeContext['reserve']): { start: number; a: Float64Array; b: Float64Array; copied: boolean } {
  // Already on one extent (the usual case: two routes to one result): read as they are.
  if (a.start === b.start && a.data.length === b.data.length) return { start: a.start, a: a.data, b: b.data, copied: false };
  const start = Math.min(a.start, b.start);
  const end = Math.max(a.start + a.data.length, b.start + b.data.length);
  const length = Math.max(0, end - start);
  reserve(2 * 8 * length, `aligning a and b over ${length} samples (from ${start} to ${end})`);
  const alignedA = allocFloat64(length);
  const alignedB = allocFloat64(length);
  alignedA.set(a.data, a.start - start);
  alignedB.set(b.data, b.start - start);
  return { start, a: alignedA, b: alignedB, copied: true };
}

/**
 * Two images on the union of their extents in coordinate space (pixel (x, y) sits at
 * (x − origin.x, y − origin.y)), zero-filled. Channels must match. Far-apart origins span a large
 * union, so its two arrays are reserved before they are allocated.
 */
export function alignImages(a: Image, b: Image, reserve: ComputeContext['reserve']): { width: number; height: number; origin: { x: number; y: number }; a: Float64Array; b: Float64Array } {
  const left = Math.min(-a.origin.x, -b.origin.x);
  const top = Math.min(-a.origin.y, -b.origin.y);
  const right = Math.max(a.width - a.origin.x, b.width - b.origin.x);
  const bottom = Math.max(a.height - a.origin.y, b.height - b.origin.y);
  const width = right - left;
  const height = bottom - top;
  const channels = a.channels;
  reserve(2 * 8 * width * height * channels, `aligning a and b over ${width}×${height} pixels`);
  const place = (image: Image): Float64Array => {
    const out = new Float64Array(width * height * channels);
    const dx = -image.origin.x - left;
    const dy = -image.origin.y - top;
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < image.height; y++) {
        const from = c * image.width * image.height + y * image.width;
        const to = c * width * height + (y + dy) * width + dx;
        for (let x = 0; x < image.width; x++) out[to + x] = image.data[from + x]!;
      }
    }
    return out;
  };
  return { width, height, origin: { x: -left, y: -top }, a: place(a), b: place(b) };
}

/** Two volumes on the union of their extents, as `alignVolumes` places them. */
export interface AlignedVolumes {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly origin: { x: number; y: number; z: number };
  /** The voxels of a and b on the union (channel, then z, y, x), zero where one does not reach. */
  readonly a: Float32Array;
  readonly b: Float32Array;
  /** True when both already covered the union: `a` and `b` are then the inputs' own arrays, not copies. */
  readonly same: boolean;
}

/**
 * Two volumes on the union of their extents (voxel (x, y, z) sits at (x − origin.x, y − origin.y,
 * z − origin.z)), zero-filled, as `alignImages` does for images. Channels must match, and the
 * origins must differ by whole voxels (a volume's default origin is its centre, (n − 1)/2, so an
 * odd and an even side sit half a voxel apart). Two volumes on one extent are returned as they
 * are; otherwise the union's two arrays are reserved before they are allocated. Float32 as the
 * volumes are, so the copies are exact. Returns the message when they cannot be aligned.
 */
export function alignVolumes(a: Volume, b: Volume, reserve: ComputeContext['reserve']): AlignedVolumes | string {
  if (a.channels !== b.channels) return `a has ${a.channels} channels and b ${b.channels}: take one channel of each (or volumes with the same channels)`;
  const axes = ['x', 'y', 'z'] as const;
  const sides = { x: ['width', a.width, b.width], y: ['height', a.height, b.height], z: ['depth', a.depth, b.depth] } as const;
  const shift = axes.map((axis) => a.origin[axis] - b.origin[axis]);
  const offAxis = axes.find((_axis, i) => Math.abs(shift[i]! - Math.round(shift[i]!)) > 1e-9);
  if (offAxis) {
    return `a's and b's voxels do not line up along ${offAxis} (origins ${a.origin[offAxis]} and ${b.origin[offAxis]}, ${sides[offAxis][0]}s ${sides[offAxis][1]} and ${sides[offAxis][2]}): give both the same ${sides[offAxis][0]}, or pad one by a voxel`;
  }
  const low = axes.map((axis) => Math.min(-a.origin[axis], -b.origin[axis]));
  const high = axes.map((axis) => Math.max(sides[axis][1] - a.origin[axis], sides[axis][2] - b.origin[axis]));
  const [width, height, depth] = axes.map((_axis, i) => Math.round(high[i]! - low[i]!)) as [number, number, number];
  const origin = { x: -low[0]!, y: -low[1]!, z: -low[2]! };
  const covers = (volume: Volume): boolean =>
    volume.width === width && volume.height === height && volume.depth === depth && axes.every((axis, i) => Math.abs(-volume.origin[axis] - low[i]!) < 1e-9);
  if (covers(a) && covers(b)) return { width, height, depth, origin, a: a.data, b: b.data, same: true };
  const channels = a.channels;
  const voxels = width * height * depth;
  reserve(2 * 4 * voxels * channels, `aligning a and b over ${width}×${height}×${depth} voxels`);
  const place = (volume: Volume): Float32Array => {
    const out = new Float32Array(voxels * channels);
    const dx = Math.round(-volume.origin.x - low[0]!);
    const dy = Math.round(-volume.origin.y - low[1]!);
    const dz = Math.round(-volume.origin.z - low[2]!);
    const plane = volume.width * volume.height;
    for (let c = 0; c < channels; c++) {
      for (let z = 0; z < volume.depth; z++) {
        for (let y = 0; y < volume.height; y++) {
          const from = (c * volume.depth + z) * plane + y * volume.width;
          const to = ((c * depth + z + dz) * height + y + dy) * width + dx;
          out.set(volume.data.subarray(from, from + volume.width), to);
        }
      }
    }
    return out;
  };
  return { width, height, depth, origin, a: place(a), b: place(b), same: false };
}

/** The same kind of value with every real sample (or both parts of every complex bin) mapped. */
export function mapValue(value: Value, f: (x: number) => number): Value {
  switch (value.kind) {
    case 'signal':
      return makeSignal(value.data.map(f), value.start, value);
    case 'image':
      return { ...value, data: value.data.map(f) };
    case 'volume':
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

/**
 * `dims` 1 → signal, 2 → image, 3 → volume; `auto` leaves it to what the kernel feeds
 * (`KERNEL_DIMS`), so `undefined` here.
 */
export const typeFromDims: OutputTypeResolver = (params) => {
  const dims = params.dims;
  return dims === 1 ? 'signal' : dims === 2 ? 'image' : dims === 3 ? 'volume' : undefined;
};

/** How a kernel's `dims: auto` adapts: 1-D for a signal, 2-D for an image, 3-D for a volume, 2-D when nothing decides. */
export const KERNEL_DIMS: AdaptiveOutput = { param: 'dims', values: { signal: 1, image: 2, volume: 3 }, fallback: 'image' };

/** What an adapting kernel's output may carry. */
export const KERNEL_TYPES = ['signal', 'image', 'volume'] as const;

/** The `dims` option every adapting kernel shares (auto by default since format version 2). */
export const DIMS_PARAM = {
  kind: 'enum',
  name: 'dims',
  label: 'Dimensions',
  doc: 'auto takes the shape of what the kernel meets: 1-D for a signal, 2-D for an image, 3-D for a volume (2-D when nothing decides).',
  options: ['auto', 1, 2, 3],
  default: 'auto',
} as const;

/** The dims compute uses: the graph layer hands over a number; `auto` seen here (nothing resolved it) is 2-D. */
export function kernelDims(params: Readonly<Record<string, unknown>>): 1 | 2 | 3 {
  return params.dims === 1 ? 1 : params.dims === 3 ? 3 : 2;
}

/**
 * Where two timed values meet (convolve, correlate, multiply, add, subtract, compare): a unitless
 * side (a kernel's samples) takes the other's rate; two real rates must agree. `names` are the
 * ports as the node shows them. Returns the shared timing, or the message when the rates differ.
 */
export function meetTiming(a: Timing, b: Timing, names: readonly [string, string] = ['a', 'b']): Timing | string {
  if (a.unitless && b.unitless) return { rate: a.rate, unitless: true };
  if (a.unitless) return { rate: b.rate };
  if (b.unitless) return { rate: a.rate };
  if (a.rate !== b.rate) {
    return `${names[0]} and ${names[1]} have different sample rates (${a.rate} and ${b.rate}): set both to the same rate where they are made`;
  }
  return { rate: a.rate };
}

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
    case 'volume':
      return `${value.width}×${value.height}×${value.depth}${value.channels > 1 ? ` ×${value.channels} channels` : ''}`;
    case 'value':
      return `${Object.keys(value.fields).length} fields`;
  }
}

/**
 * A centred kernel from a row-major grid of numbers: a unitless signal (dims 1: it takes the
 * rate of what it meets) or an image with origin at the centre.
 */
export function kernelValue(dims: number, rows: readonly (readonly number[])[], origin?: { x: number; y: number }): Value {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const ox = origin?.x ?? Math.floor(width / 2);
  const oy = origin?.y ?? Math.floor(height / 2);
  if (dims === 1) return makeUnitlessSignal(Float64Array.from(rows.flat()), -ox);
  return makeImage(Float32Array.from(rows.flat()), width, height, { origin: { x: ox, y: oy } });
}

/**
 * A 3-D kernel from planes (front to back) of rows (top to bottom): a one-channel volume whose
 * origin, the voxel at offset 0, is the centre floor(size/2) on each axis unless given.
 */
export function kernelVolume(planes: readonly (readonly (readonly number[])[])[], origin?: { x: number; y: number; z: number }): Value {
  const depth = planes.length, height = planes[0]?.length ?? 0, width = planes[0]?.[0]?.length ?? 0;
  const data = new Float32Array(width * height * depth);
  let i = 0;
  for (const plane of planes) for (const row of plane) for (const value of row) data[i++] = value;
  return kernelVolumeOf(data, width, height, depth, origin);
}

/** A 3-D kernel of these voxels (x fastest), its origin the centre floor(size/2) unless given. */
export function kernelVolumeOf(data: Float32Array, width: number, height: number, depth: number, origin?: { x: number; y: number; z: number }): Value {
  return makeVolume(data, width, height, depth, {
    origin: origin ?? { x: Math.floor(width / 2), y: Math.floor(height / 2), z: Math.floor(depth / 2) },
  });
}

/**
 * Bytes a kernel node reserves per cell: its float32 pixels (4) and the float64 copy of them that
 * the convolution it feeds makes (8). A kernel that convolution could not afford is refused at the
 * node that asked for its size, in its words, not inside the convolution.
 */
export const KERNEL_BYTES_PER_CELL = 12;

/** A 2-D kernel of these pixels (row-major), its origin the centre floor(size/2) unless given. */
export function kernelImageOf(data: Float32Array, width: number, height: number, origin?: { x: number; y: number }): Value {
  return makeImage(data, width, height, { origin: origin ?? { x: Math.floor(width / 2), y: Math.floor(height / 2) } });
}

/**
 * The outer product column(y)·row(x) as float32 pixels (a separable 2-D kernel), each product
 * taken in double and rounded once, as kernelValue rounds rows of products — but without the rows
 * of JS numbers: a σ = 1000 Gaussian is 6001² cells, 4 s and 1.6 GB as rows, ~0.1 s and 144 MB so.
 */
export function outerPixels(column: readonly number[], row: readonly number[]): Float32Array {
  const width = row.length;
  const data = new Float32Array(column.length * width);
  for (let y = 0; y < column.length; y++) {
    const wy = column[y]!;
    const at = y * width;
    for (let x = 0; x < width; x++) data[at + x] = row[x]! * wy;
  }
  return data;
}

/** The outer product z·y·x as float32 voxels (x fastest), each (z·y)·x in double rounded once. */
export function outerVoxels(z: readonly number[], y: readonly number[], x: readonly number[]): Float32Array {
  const width = x.length, height = y.length;
  const data = new Float32Array(z.length * height * width);
  let i = 0;
  for (let k = 0; k < z.length; k++) {
    for (let j = 0; j < height; j++) {
      const zy = z[k]! * y[j]!;
      for (let c = 0; c < width; c++) data[i++] = zy * x[c]!;
    }
  }
  return data;
}
