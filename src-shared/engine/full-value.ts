/**
 * How arrays cross to the renderer (protocol.ts): typed arrays on buffers of their own
 * (ownBuffer), long signals strided or as their min/max envelope, long spectra as their peaks
 * and large images box-downscaled, so no message carries more than a view can show.
 */

import type { Value } from '../data';
import { arrayPlanes, complexPlane, downscaleByFactor } from '../dsp/downscale';
import { volumeImage } from '../dsp/mip';
import type { FullValue, ValueOptions } from '../protocol';
import { ownBuffer } from '../protocol-codec';
import { largestFiniteBin, minMaxColumns } from './preview';

export { ownBuffer };

/**
 * A spectrum reduced by `step`: entry i is the bin of largest magnitude among bins
 * [i·step, (i+1)·step) (NaN when none of them is finite), so a narrow peak survives the reduction;
 * every step-th bin alone would skip a tone whose bin is not a multiple of step. Each entry keeps
 * its bin's phase.
 */
export function peakBins(re: Float64Array, im: Float64Array, step: number): { re: Float64Array; im: Float64Array } {
  if (step === 1) return { re: ownBuffer(re), im: ownBuffer(im) };
  const { re: outRe, im: outIm } = columnPeaks(re, im, Math.ceil(re.length / step), (i) => i * step, (i) => Math.min(re.length, (i + 1) * step));
  return { re: outRe, im: outIm };
}

/**
 * Per column c < count, the bin of largest finite magnitude among bins [first(c), end(c))
 * (largestFiniteBin): its index, re and im; NaN in both and the column's first bin where none is
 * finite. The one loop behind `peakBins` and `peaksOf`.
 */
function columnPeaks(
  re: Float64Array,
  im: Float64Array,
  count: number,
  first: (c: number) => number,
  end: (c: number) => number,
): { bin: Uint32Array; re: Float64Array; im: Float64Array } {
  const bin = new Uint32Array(count);
  const outRe = new Float64Array(count);
  const outIm = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const a = first(c);
    const at = largestFiniteBin(re, im, a, end(c));
    bin[c] = at < 0 ? a : at;
    outRe[c] = at < 0 ? Number.NaN : re[at]!;
    outIm[c] = at < 0 ? Number.NaN : im[at]!;
  }
  return { bin, re: outRe, im: outIm };
}

/**
 * The peaks of bins [from, to) of a spectrum (ValueOptions.envelope on a spectrum): a range cut
 * at the spectrum's end, at most `columns` columns (as `minMaxColumns` splits a signal's range),
 * each its largest finite bin; one column per bin when the range has no more bins than that.
 */
export function peaksOf(
  spectrum: { readonly re: Float64Array; readonly im: Float64Array; readonly start: number; readonly rate: number; readonly hermitian: boolean },
  asked: NonNullable<ValueOptions['envelope']>,
): Extract<FullValue, { kind: 'peaks' }> {
  const { re, im } = spectrum;
  const length = re.length;
  const from = Math.min(asked.from ?? 0, length);
  const to = Math.max(from, Math.min(asked.to ?? length, length));
  const n = to - from;
  const cols = Math.min(asked.columns, n);
  const first = (c: number): number => from + Math.floor((c * n) / cols);
  const end = (c: number): number => from + Math.max(first(c) - from + 1, Math.floor(((c + 1) * n) / cols));
  const peaks = columnPeaks(re, im, cols, first, end);
  return { kind: 'peaks', start: spectrum.start, rate: spectrum.rate, hermitian: spectrum.hermitian, length, from, to, ...peaks };
}

export function strided(data: Float64Array, step: number): Float64Array {
  if (step === 1) return data;
  const out = new Float64Array(Math.ceil(data.length / step));
  for (let i = 0; i < out.length; i++) out[i] = data[i * step]!;
  return out;
}

/** A wire's value as it crosses to the renderer: arrays on buffers of their own, large ones reduced. */
export function toFullValue(value: Value, options: ValueOptions): FullValue {
  const maxSamples = options.maxSamples ?? 1 << 22;
  const maxSide = options.maxSide ?? 1024;
  switch (value.kind) {
    case 'signal': {
      if (options.envelope) return envelopeOf(value.data, value.start, value.rate, options.envelope);
      const step = Math.max(1, Math.ceil(value.data.length / maxSamples));
      const data = ownBuffer(strided(value.data, step));
      return { kind: 'signal', start: value.start, rate: value.rate, length: value.data.length, step, data };
    }
    case 'spectrum': {
      if (options.envelope) return peaksOf(value, options.envelope);
      const step = Math.max(1, Math.ceil(value.re.length / maxSamples));
      return {
        kind: 'spectrum',
        start: value.start,
        rate: value.rate,
        hermitian: value.hermitian,
        length: value.re.length,
        step,
        ...peakBins(value.re, value.im, step),
      };
    }
    case 'image':
    case 'spectrum2d': {
      const factor = Math.max(1, Math.ceil(Math.max(value.width, value.height) / maxSide));
      const channels = value.kind === 'image' ? value.channels : 1;
      const planes =
        value.kind === 'image'
          ? arrayPlanes(value.data, value.width, value.height, channels)
          : complexPlane(value.re, value.im, value.width, value.height, Math.hypot);
      const scaled =
        factor === 1 && value.kind === 'image'
          ? { data: value.data, width: value.width, height: value.height }
          : downscaleByFactor(planes, factor);
      return {
        kind: 'image',
        fromSpectrum: value.kind === 'spectrum2d',
        fullWidth: value.width,
        fullHeight: value.height,
        width: scaled.width,
        height: scaled.height,
        channels,
        origin: { ...value.origin },
        data: ownBuffer(scaled.data),
      };
    }
    case 'volume':
      return toFullValue(volumeImage(value, options.slice), options);
    case 'value':
      return { kind: 'value', fields: { ...value.fields } };
  }
}

/**
 * The min/max envelope of samples [from, to) of a signal (ValueOptions.envelope), read in place
 * in one pass: a range cut at the signal's end, at most `columns` columns, one per sample (min and
 * max the same array) when the range has no more samples than that.
 */
export function envelopeOf(
  data: Float64Array,
  start: number,
  rate: number,
  asked: NonNullable<ValueOptions['envelope']>,
): Extract<FullValue, { kind: 'envelope' }> {
  const length = data.length;
  const from = Math.min(asked.from ?? 0, length);
  const to = Math.max(from, Math.min(asked.to ?? length, length));
  const n = to - from;
  if (n <= asked.columns) {
    const samples = data.slice(from, to);
    // As a column would be: a sample that is not finite is NaN, a gap.
    for (let i = 0; i < samples.length; i++) if (samples[i]! - samples[i]! !== 0) samples[i] = Number.NaN;
    return { kind: 'envelope', start, rate, length, from, to, min: samples, max: samples };
  }
  const min = new Float64Array(asked.columns);
  const max = new Float64Array(asked.columns);
  minMaxColumns(data, from, to, min, max);
  return { kind: 'envelope', start, rate, length, from, to, min, max };
}
