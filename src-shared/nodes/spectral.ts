/** The shared compute of op.magnitude, op.phase and op.power: spectrum → signal, spectrum2d → image. */
import { makeImage, makeSignal, type Value } from '../data';
import { allocFloat32, allocFloat64 } from '../dsp/buffer-pool';
import { fail, ok, type NodeResult } from './define';

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
