import type { Image, Spectrum, Spectrum2D, ValueRecord, Volume } from '../data';
import { alignImages, alignSignals, alignVolumes, describeSize, meetTiming } from './common';
import { defineNode, fail, ok } from './define';

const TYPES = ['signal', 'spectrum', 'image', 'spectrum2d', 'volume', 'value'] as const;

/** maxAbsError, rmsError and the largest |a| over paired samples (complex pairs for spectra). */
function errors(aRe: ArrayLike<number>, bRe: ArrayLike<number>, aIm?: ArrayLike<number>, bIm?: ArrayLike<number>) {
  let maxAbs = 0;
  let sumSquares = 0;
  let peak = 0;
  if (!aIm && !bIm) {
    // Real samples: |a − b| is the same number Math.hypot(a − b, 0) gives, at a fraction of its cost.
    for (let i = 0; i < aRe.length; i++) {
      const d = Math.abs(aRe[i]! - bRe[i]!);
      if (!(d <= maxAbs)) maxAbs = d; // NaN propagates as a mismatch
      sumSquares += d * d;
      const m = Math.abs(aRe[i]!);
      if (m > peak) peak = m;
    }
    return { maxAbs, rms: aRe.length > 0 ? Math.sqrt(sumSquares / aRe.length) : 0, peak };
  }
  for (let i = 0; i < aRe.length; i++) {
    const dRe = aRe[i]! - bRe[i]!;
    const dIm = aIm && bIm ? aIm[i]! - bIm[i]! : 0;
    const d = Math.hypot(dRe, dIm);
    if (!(d <= maxAbs)) maxAbs = d; // NaN propagates as a mismatch
    sumSquares += d * d;
    const m = Math.hypot(aRe[i]!, aIm ? aIm[i]! : 0);
    if (m > peak) peak = m;
  }
  return { maxAbs, rms: aRe.length > 0 ? Math.sqrt(sumSquares / aRe.length) : 0, peak };
}

/**
 * Images and volumes hold float32 samples (about 7 significant digits), so two routes to the same
 * image (direct convolution and FFT) differ by rounding far above the default tolerance of 1e-9:
 * a relError no larger than float32 rounding grows to over a convolution (1e-5, the 2-D
 * theorem example's tolerance) is most likely that, and the note names a tolerance that allows it.
 */
const FLOAT32_ROUNDING = 1e-5;

function float32Note(kind: string, relError: number): string | undefined {
  if ((kind !== 'image' && kind !== 'volume') || !(relError > 0 && relError <= FLOAT32_ROUNDING)) return undefined;
  const suggested = Math.max(1e-6, 10 ** Math.ceil(Math.log10(2 * relError)));
  return `, within float32 rounding: ${kind}s hold float32 samples (about 7 digits); a tolerance of ${suggested.toExponential(0)} compares within it`;
}

export const compareOperation = defineNode({
  type: 'op.compare',
  title: 'Compare',
  category: 'operation',
  tags: ['check', 'verify', 'test', 'equal', 'equivalence', 'difference', 'error', 'assert', 'pass', 'fail'],
  doc:
    'Lines a and b up by start/origin (images and volumes by origin, value records by field name; missing samples are 0) and measures maxAbsError = max |a − b|, rmsError, ' +
    'relError = maxAbsError / max |a| (the absolute error when a is all 0), and match = 1 when relError ≤ tolerance, else 0. ' +
    'Use it to prove two routes agree, e.g. direct convolution against FFT → multiply → IFFT.',
  inputs: [
    { id: 'a', types: TYPES, generic: 'T' },
    { id: 'b', types: TYPES, generic: 'T' },
  ],
  outputs: [{ id: 'out', types: ['value'], verdict: 'match' }],
  params: [{ kind: 'number', name: 'tolerance', label: 'Tolerance', default: 1e-9, min: 0, max: 1e12, inline: true, slider: { min: 1e-12, max: 1, scale: 'log' } }],
  compute(inputs, params, context) {
    const a = inputs.a!;
    const b = inputs.b!;
    const tolerance = params.tolerance;
    let result: ReturnType<typeof errors>;
    // Two timed signals at different rates line up sample by sample at different times: refuse.
    if ((a.kind === 'signal' && b.kind === 'signal') || (a.kind === 'spectrum' && b.kind === 'spectrum')) {
      const timing = meetTiming(a, b as Spectrum);
      if (typeof timing === 'string') return fail(timing, { cause: { kind: 'rate-mismatch', rates: [(a as Spectrum).rate, (b as Spectrum).rate] } });
    }
    if (a.kind === 'signal' && b.kind === 'signal') {
      const aligned = alignSignals(a, b, (bytes, what) => context.reserve(bytes, what));
      result = errors(aligned.a, aligned.b);
    } else if (a.kind === 'image' && b.kind === 'image') {
      if (a.channels !== (b as Image).channels) return fail(`a has ${a.channels} channels and b ${(b as Image).channels}: compare images with the same channels`);
      const aligned = alignImages(a, b as Image, (bytes, what) => context.reserve(bytes, what));
      result = errors(aligned.a, aligned.b);
    } else if (a.kind === 'volume' && b.kind === 'volume') {
      // A projections volume against a plain one is fine: both are voxels, lined up by origin.
      const aligned = alignVolumes(a, b as Volume, (bytes, what) => context.reserve(bytes, what));
      if (typeof aligned === 'string') return fail(aligned);
      result = errors(aligned.a, aligned.b);
    } else if ((a.kind === 'spectrum' && b.kind === 'spectrum') || (a.kind === 'spectrum2d' && b.kind === 'spectrum2d')) {
      const x = a as Spectrum | Spectrum2D;
      const y = b as Spectrum | Spectrum2D;
      if (x.re.length !== y.re.length) return fail(`sizes differ: a has ${describeSize(x)}, b has ${describeSize(y)}: take both FFTs with the same size`, { cause: { kind: 'size-mismatch' } });
      result = errors(x.re, y.re, x.im, y.im);
    } else if (a.kind === 'value' && b.kind === 'value') {
      // Records pair up by field name; a field only one side has counts as 0 on the other.
      const names = [...new Set([...Object.keys(a.fields), ...Object.keys((b as ValueRecord).fields)])];
      result = errors(names.map((name) => a.fields[name] ?? 0), names.map((name) => (b as ValueRecord).fields[name] ?? 0));
    } else return fail(`a and b must carry the same type (got ${a.kind} and ${b.kind})`);
    const relError = result.peak > 0 ? result.maxAbs / result.peak : result.maxAbs;
    const fields = {
      maxAbsError: result.maxAbs,
      rmsError: result.rms,
      relError,
      match: relError <= tolerance ? 1 : 0,
    };
    if (fields.match) return ok({ out: { kind: 'value', fields } }, { info: 'match' });
    const rounding = float32Note(a.kind, relError);
    return ok({ out: { kind: 'value', fields } }, { info: `no match (relError ${relError.toPrecision(3)})${rounding ?? ''}`, ...(rounding ? { warning: true } : {}) });
  },
});
