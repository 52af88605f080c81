import { makeSignal, type DataType } from '../data';
import { allocFloat32, allocFloat64 } from '../dsp/buffer-pool';
import { imageLike, nextPowerOfTwo, sameAsInput } from './common';
import { defineNode, fail, ok } from './define';

/**
 * Custom sizes that apply to what the input carries: `length` to a signal, `width` and `height` to
 * an image; all three while nothing is connected, so any can be set beforehand.
 */
const customFor =
  (kind: DataType) =>
  (params: Readonly<Record<string, unknown>>, ports?: Readonly<Partial<Record<string, DataType>>>): boolean =>
    params.to === 'custom' && (ports?.in === undefined || ports.in === kind);

export const padOperation = defineNode({
  type: 'op.pad',
  title: 'Pad',
  category: 'operation',
  tags: ['zero padding', 'zeros', 'extend', 'length', 'pow2'],
  doc:
    'Appends zeros after the last sample (to the right and bottom of an image) up to `length` (or `width` × `height`), ' +
    'or up to the next power of two with to = pow2. Positions do not move. Padding to n ≥ len(a) + len(b) − 1 before an FFT ' +
    'makes the product of spectra a linear, not circular, convolution.',
  inputs: [{ id: 'in', types: ['signal', 'image'], generic: 'T' }],
  outputs: [{ id: 'out', types: ['signal', 'image'], generic: 'T', resolveType: sameAsInput() }],
  params: [
    { kind: 'enum', name: 'to', label: 'Pad to', options: ['custom', 'pow2'], default: 'custom', inline: true },
    { kind: 'number', name: 'length', label: 'Length', default: 256, min: 1, max: 2 ** 48, integer: true, visible: customFor('signal'), slider: { min: 1, max: 65536, scale: 'log' } },
    { kind: 'number', name: 'width', label: 'Width', default: 256, min: 1, max: 2 ** 48, integer: true, visible: customFor('image'), slider: { min: 1, max: 65536, scale: 'log' } },
    { kind: 'number', name: 'height', label: 'Height', default: 256, min: 1, max: 2 ** 48, integer: true, visible: customFor('image'), slider: { min: 1, max: 65536, scale: 'log' } },
  ],
  compute(inputs, params, context) {
    const value = inputs.in!;
    const pow2 = params.to === 'pow2';
    if (value.kind === 'signal') {
      const n = value.data.length;
      const length = pow2 ? nextPowerOfTwo(n) : params.length;
      if (length < n) {
        return fail(`length ${length} is shorter than the signal (${n} samples): use length ≥ ${n}, or to = pow2`, {
          cause: { kind: 'params', choices: [{ length: n }, { to: 'pow2' }] },
        });
      }
      context.reserve(length * 8, `padding to ${length} samples`);
      const out = allocFloat64(length);
      out.set(value.data);
      return ok({ out: makeSignal(out, value.start, value) });
    }
    if (value.kind !== 'image') throw new Error('unreachable');
    const width = pow2 ? nextPowerOfTwo(value.width) : params.width;
    const height = pow2 ? nextPowerOfTwo(value.height) : params.height;
    if (width < value.width || height < value.height) {
      return fail(`${width}×${height} is smaller than the image (${value.width}×${value.height}): use at least that, or to = pow2`, {
        cause: { kind: 'params', choices: [{ width: Math.max(width, value.width), height: Math.max(height, value.height) }, { to: 'pow2' }] },
      });
    }
    context.reserve(width * height * value.channels * 4, `padding to ${width}×${height}`);
    const out = allocFloat32(width * height * value.channels);
    for (let c = 0; c < value.channels; c++) {
      for (let y = 0; y < value.height; y++) {
        const from = c * value.width * value.height + y * value.width;
        out.set(value.data.subarray(from, from + value.width), c * width * height + y * width);
      }
    }
    return ok({ out: imageLike(value, out, { width, height }) });
  },
});
