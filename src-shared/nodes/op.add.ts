import type { Image, Spectrum, Spectrum2D, Value, Volume } from '../data';
import { makeSignal, makeVolume, spectrumWith } from '../data';
import { alignSignals, alignVolumes, describeSize, meetTiming, sameAsInput, valueBytes } from './common';
import { type ComputeContext, defineNode, fail, type NodeResult, ok } from './define';
import { allocFloat64, releaseFloat64 } from '../dsp/buffer-pool';

/** Whether two projection geometries (and their angles) are the same scan: then a ± b is still that scan's projections. */
function sameScan(a: Volume, b: Volume): boolean {
  const x = a.geometry, y = b.geometry;
  if (!x || !y || !a.angles || !b.angles) return false;
  const scalars = ['sod', 'sdd', 'du', 'dv', 'U', 'V', 'views'] as const;
  if (scalars.some((key) => x[key] !== y[key])) return false;
  if (x.volume?.width !== y.volume?.width || x.volume?.height !== y.volume?.height || x.volume?.depth !== y.volume?.depth) return false;
  return a.angles.length === b.angles.length && a.angles.every((angle, i) => angle === b.angles![i]);
}

/** a ± b for volumes, lined up by origin on their union (zero-filled). */
function combineVolumes(a: Volume, b: Volume, sign: 1 | -1, reserve: ComputeContext['reserve']): NodeResult {
  const aligned = alignVolumes(a, b, reserve);
  if (typeof aligned === 'string') return fail(aligned);
  const { width, height, depth, origin } = aligned;
  reserve(4 * aligned.a.length, `${width}×${height}×${depth} voxels`);
  const out = new Float32Array(aligned.a.length);
  for (let i = 0; i < out.length; i++) out[i] = aligned.a[i]! + sign * aligned.b[i]!;
  // Projections keep their scan only when both are that scan on one extent: op.fdk can then rebuild the difference.
  const scan = aligned.same && sameScan(a, b) ? { angles: a.angles!, geometry: a.geometry! } : {};
  return ok({ out: makeVolume(out, width, height, depth, { channels: a.channels, origin, ...scan }) });
}

/**
 * a ± b: signals aligned by index and volumes by origin on their union extent (zero-filled);
 * images and spectra must match.
 */
export function combine(a: Value, b: Value, sign: 1 | -1, name: string, reserve: ComputeContext['reserve']): NodeResult {
  if (a.kind === 'signal' && b.kind === 'signal') {
    const timing = meetTiming(a, b);
    if (typeof timing === 'string') return fail(timing, { cause: { kind: 'rate-mismatch', rates: [a.rate, b.rate] } });
    const aligned = alignSignals(a, b, reserve);
    reserve(8 * aligned.a.length, `${aligned.a.length} samples`);
    const out = allocFloat64(aligned.a.length);
    for (let i = 0; i < out.length; i++) out[i] = aligned.a[i]! + sign * aligned.b[i]!;
    // Aligned copies are scratch: back to the engine's pool for the next run.
    if (aligned.copied) {
      releaseFloat64(aligned.a);
      releaseFloat64(aligned.b);
    }
    return ok({ out: makeSignal(out, aligned.start, timing) });
  }
  if (a.kind === 'image' && b.kind === 'image') {
    const x = a as Image;
    const y = b as Image;
    if (x.channels !== y.channels) {
      return fail(`${name} needs images of one size: a is ${describeSize(x)}, b is ${describeSize(y)}: give both one channel (op.gray or op.channel)`);
    }
    if (x.width !== y.width || x.height !== y.height) {
      // Convolab pads (zeros to the right and bottom) but neither crops nor resizes: say what fits.
      const width = Math.max(x.width, y.width), height = Math.max(x.height, y.height);
      const smaller = width === x.width && height === x.height ? 'b' : width === y.width && height === y.height ? 'a' : undefined;
      return fail(`${name} needs images of one size: a is ${describeSize(x)}, b is ${describeSize(y)}: pad ${smaller ?? 'both'} to ${width}×${height} (op.pad)`);
    }
    reserve(valueBytes(x), describeSize(x));
    const out = new Float32Array(x.data.length);
    for (let i = 0; i < out.length; i++) out[i] = x.data[i]! + sign * y.data[i]!;
    return ok({ out: { ...x, data: out } });
  }
  if (a.kind === 'volume' && b.kind === 'volume') return combineVolumes(a, b, sign, reserve);
  if ((a.kind === 'spectrum' && b.kind === 'spectrum') || (a.kind === 'spectrum2d' && b.kind === 'spectrum2d')) {
    const x = a as Spectrum | Spectrum2D;
    const y = b as Spectrum | Spectrum2D;
    if (x.re.length !== y.re.length || (x.kind === 'spectrum2d' && (x as Spectrum2D).width !== (y as Spectrum2D).width)) {
      return fail(`${name} needs spectra of one size: a has ${describeSize(x)}, b has ${describeSize(y)}: take both FFTs with the same size`, { cause: { kind: 'size-mismatch' } });
    }
    const timing = x.kind === 'spectrum' ? meetTiming(x, y as Spectrum) : undefined;
    if (typeof timing === 'string') return fail(timing, { cause: { kind: 'rate-mismatch', rates: [(x as Spectrum).rate, (y as Spectrum).rate] } });
    reserve(valueBytes(x), describeSize(x));
    const re = allocFloat64(x.re.length);
    const im = allocFloat64(x.re.length);
    for (let i = 0; i < re.length; i++) {
      re[i] = x.re[i]! + sign * y.re[i]!;
      im[i] = x.im[i]! + sign * y.im[i]!;
    }
    const hermitian = x.hermitian && y.hermitian;
    return ok({ out: x.kind === 'spectrum' ? spectrumWith(x, timing!, { re, im, hermitian }) : { ...x, re, im, hermitian } });
  }
  return fail(`a and b must carry the same type (got ${a.kind} and ${b.kind})`);
}

const TYPES = ['signal', 'spectrum', 'image', 'spectrum2d', 'volume'] as const;

export const addOperation = defineNode({
  type: 'op.add',
  title: 'Add',
  category: 'operation',
  tags: ['sum', 'plus', 'mix', 'combine', 'linearity', 'superposition'],
  doc:
    'out = a + b, sample by sample. Signals are aligned by index, volumes by origin, over the union of their extents (missing samples are 0); ' +
    'images and spectra must have the same size. Adding is how linearity is seen: conv(a + b, k) = conv(a, k) + conv(b, k).',
  inputs: [
    { id: 'a', types: TYPES, generic: 'T' },
    { id: 'b', types: TYPES, generic: 'T' },
  ],
  outputs: [{ id: 'out', types: TYPES, generic: 'T', resolveType: sameAsInput('a') }],
  params: [],
  compute(inputs, _params, context) {
    return combine(inputs.a!, inputs.b!, 1, 'add', (bytes, what) => context.reserve(bytes, what));
  },
});
