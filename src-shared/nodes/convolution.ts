/** The shared compute of op.convolve and op.correlate (correlation = convolution with flip(b)). */
import { makeImage, makeSignal, type Image, type Signal, type Value } from '../data';
import { convolve1d, convolve1dScratchBytes } from '../dsp';
import { meetTiming } from './common';
import { convolveImages } from './convolution2d';
import { convolveVolumes, flipVolume, voxelOrigin } from './convolution3d';
import { fail, ok, ResourceLimitError, type ComputeContext, type NodeResult, type ParamsOf } from './define';

export const CONVOLVE_PARAMS = [
  {
    kind: 'enum',
    name: 'method',
    label: 'Method',
    doc: 'auto picks the cheapest exact method by a cost model; all give the same numbers to rounding.',
    options: ['auto', 'direct', 'fft', 'overlap-add'],
    default: 'auto',
  },
  { kind: 'enum', name: 'mode', label: 'Mode', options: ['full', 'same', 'valid'], default: 'full', inline: true },
  {
    kind: 'enum',
    name: 'boundary',
    label: 'Boundary',
    doc: 'Images and volumes: what lies outside them on every axis (scipy.ndimage modes).',
    options: ['zero', 'reflect', 'nearest', 'wrap'],
    default: 'zero',
  },
  {
    kind: 'number',
    name: 'stride',
    label: 'Stride',
    doc: 'Images and volumes: keep every stride-th output position on every axis from the first, as a strided CNN layer does.',
    default: 1,
    min: 1,
    max: 64,
    integer: true,
    slider: { min: 1, max: 8, scale: 'linear' },
  },
  {
    kind: 'boolean',
    name: 'integral',
    label: 'Integral',
    doc: 'Multiply by 1/rate so the sum approximates ∫ f(τ) g(t − τ) dτ.',
    default: false,
  },
] as const;

/**
 * The params op.convolve and op.correlate hand their compute, typed from CONVOLVE_PARAMS: the
 * helpers here and in convolution2d/3d read them by property, so a misspelt name or an option
 * that is not declared does not compile.
 */
export type ConvolveParams = ParamsOf<typeof CONVOLVE_PARAMS>;

function flipSignal(b: Signal): Signal {
  return makeSignal(b.data.slice().reverse(), -(b.start + b.data.length - 1), b);
}

export function flipImage(b: Image): Image {
  const plane = b.width * b.height;
  const data = new Float32Array(b.data.length);
  for (let c = 0; c < b.channels; c++) for (let i = 0; i < plane; i++) data[c * plane + plane - 1 - i] = b.data[c * plane + i]!;
  return makeImage(data, b.width, b.height, { channels: b.channels, origin: { x: b.width - 1 - b.origin.x, y: b.height - 1 - b.origin.y } });
}

export function convolveValues(a: Value, b: Value, params: ConvolveParams, context: ComputeContext, correlate: boolean): NodeResult | Promise<NodeResult> {
  const { method, mode } = params;
  if (a.kind === 'signal' && b.kind === 'signal') {
    if (params.stride !== 1) return fail('stride applies to images and volumes: set it to 1 for signals');
    // A kernel's samples are unitless: the result takes the rate of the timed side.
    const timing = meetTiming(a, b, ['a', correlate ? 'template (b)' : 'kernel (b)']);
    if (typeof timing === 'string') return fail(timing, { cause: { kind: 'rate-mismatch', rates: [a.rate, b.rate] } });
    const kernel = correlate ? flipSignal(b) : b;
    const na = a.data.length;
    const nb = kernel.data.length;
    if (na === 0 || nb === 0) return fail(`${na === 0 ? 'a' : 'b'} is empty: connect a signal with samples`);
    if (mode === 'valid' && nb > na) {
      return fail(`b (${nb} samples) is longer than a (${na}), so valid keeps nothing: use full or same, or swap a and b`);
    }
    const length = mode === 'full' ? na + nb - 1 : mode === 'same' ? na : na - nb + 1;
    // The output and the method's work areas: the whole padded length for the FFT, one block for
    // overlap-add (a 10-minute song through a 2 s reverb needs its output and a few MB more).
    const options = { method, mode, bStart: kernel.start };
    const need = (m: typeof method): number => 8 * length + convolve1dScratchBytes(na, nb, { ...options, method: m }) + (correlate ? 8 * nb : 0);
    try {
      context.reserve(need(method), `a convolution of ${na} × ${nb} samples`);
    } catch (error) {
      // method fft pads the whole song: a 10-minute one through a 2 s reverb asked 2.2 GiB and was
      // refused, where overlap-add (one block at a time, the same numbers to rounding) fits.
      const blocks = need('overlap-add');
      if (!(error instanceof ResourceLimitError) || method !== 'fft' || blocks >= need('fft')) throw error;
      // Named only if it fits now (this node fails either way, so the probe's grant goes unused).
      try {
        context.reserve(blocks, `a convolution of ${na} × ${nb} samples by overlap-add`);
      } catch {
        throw error;
      }
      throw new ResourceLimitError(`${error.message}; method overlap-add gives the same result in ${(blocks / 1024 ** 2).toFixed(1)} MiB: use it (or auto)`);
    }
    const out = convolve1d(a.data, kernel.data, { ...options, onProgress: (f) => context.progress(f) });
    if (params.integral) for (let i = 0; i < out.length; i++) out[i] = out[i]! / timing.rate;
    const start = mode === 'full' ? a.start + kernel.start : mode === 'same' ? a.start : a.start + kernel.start + nb - 1;
    return ok({ out: makeSignal(out, start, timing) });
  }
  if (a.kind === 'image' && b.kind === 'image') {
    return convolveImages(a, correlate ? flipImage(b) : b, params, context);
  }
  if (a.kind === 'volume' && b.kind === 'volume') {
    const kernel = voxelOrigin(b);
    return convolveVolumes(a, correlate ? flipVolume(kernel) : kernel, params, context);
  }
  return fail(`a and b must both be signals, both images or both volumes (got ${a.kind} and ${b.kind})`);
}
