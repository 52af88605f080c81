/** The shared compute of op.magnitude, op.phase and op.power: spectrum → signal, spectrum2d → image. */
import { makeImage, makeSignal, type Value } from '../data';
import { allocFloat32, allocFloat64 } from '../dsp/buffer-pool';
import { fail, ok, type NodeResult } from './define';

/**
 * An image whose pixels stay under a tenth of its peak but for fewer than 1% of them is drawn
 * (linear gray, peak white) below gray level 26 of 255 almost everywhere: it looks black.
 */
const VISIBLE_SHARE = 0.01;
const VISIBLE_LEVEL = 0.1;

export function spectralPart(value: Value, part: (re: number, im: number) => number, context: { reserve(bytes: number, what: string): void }): NodeResult {
  if (value.kind === 'spectrum') {
    const n = value.re.length;
    context.reserve(n * 8, `${n} samples`);
    const out = allocFloat64(n);
    for (let k = 0; k < n; k++) out[k] = part(value.re[k]!, value.im[k]!);
    // Bin k lies at frequency k·rate/n: giving the result rate n/rate makes its "time" axis read in Hz.
    return ok({ out: makeSignal(out, 0, { rate: n / value.rate, unitless: value.unitless }) });
  }
  if (value.kind === 'spectrum2d') {
    context.reserve(value.re.length * 4, `a ${value.width}×${value.height} image`);
    const out = allocFloat32(value.re.length);
    for (let k = 0; k < out.length; k++) out[k] = part(value.re[k]!, value.im[k]!);
    return ok({ out: makeImage(out, value.width, value.height) });
  }
  return fail(`in takes a spectrum or spectrum2d, but a ${value.kind} is connected`);
}

/** 20·log10(x), floored at −300 dB so silence stays finite. */
export function decibels(amplitude: number): number {
  return 20 * Math.log10(Math.max(amplitude, 1e-15));
}

/**
 * A note for a 2-D spectrum's magnitude or power shown linearly when the peak (the DC bin, most
 * often) dwarfs the rest: under 1% of the pixels reach a tenth of the peak, so the image reads as
 * black where the spectrum is. Only the dB scale shows it; the note says so (nothing is wrong).
 */
export function withDarkNote(result: NodeResult, input: Value, db: boolean): NodeResult {
  if (db || input.kind !== 'spectrum2d' || !result.ok) return result;
  const out = result.outputs.out;
  if (out?.kind !== 'image') return result;
  const data = out.data;
  let peak = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! > peak) peak = data[i]!;
  if (!(peak > 0) || !Number.isFinite(peak)) return result;
  let bright = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! >= peak * VISIBLE_LEVEL) bright++;
  if (bright > data.length * VISIBLE_SHARE) return result;
  return ok(result.outputs, { info: `the peak dwarfs the other bins (${bright} of ${data.length} reach a tenth of it), so the image looks black: turn on dB to see the spectrum` });
}