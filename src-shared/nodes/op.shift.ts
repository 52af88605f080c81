import { makeSignal } from '../data';
import { allocFloat32, allocFloat64 } from '../dsp/buffer-pool';
import { describeSize, imageLike, sameAsInput, valueBytes } from './common';
import { defineNode, ok } from './define';

export const shiftOperation = defineNode({
  type: 'op.shift',
  title: 'Shift',
  category: 'operation',
  tags: ['delay', 'translate', 'move', 'offset', 'roll', 'circular shift', 'wrap'],
  doc:
    'out[n] = in[n − dx] (and rows by dy for images). `move` only relabels positions (start + dx, origin − (dx, dy)); ' +
    '`wrap` rolls the samples circularly inside the same extent, the shift a DFT sees; `zero` shifts inside the extent and fills with 0.',
  inputs: [{ id: 'in', types: ['signal', 'image'], generic: 'T' }],
  outputs: [{ id: 'out', types: ['signal', 'image'], generic: 'T', resolveType: sameAsInput() }],
  params: [
    { kind: 'number', name: 'dx', label: 'dx', default: 0, min: -1e9, max: 1e9, integer: true, inline: true, slider: { min: -50, max: 50, scale: 'linear' } },
    // Rows are an image's: a signal has none to move.
    { kind: 'number', name: 'dy', label: 'dy', default: 0, min: -1e9, max: 1e9, integer: true, visible: (_params, ports) => ports?.in !== 'signal', slider: { min: -50, max: 50, scale: 'linear' } },
    { kind: 'enum', name: 'mode', label: 'Mode', options: ['move', 'wrap', 'zero'], default: 'move' },
  ],
  compute(inputs, params, context) {
    const value = inputs.in!;
    const { dx, dy, mode } = params;
    if (mode !== 'move') context.reserve(valueBytes(value), describeSize(value));
    const mod = (a: number, n: number): number => ((a % n) + n) % n;
    if (value.kind === 'signal') {
      if (mode === 'move') return ok({ out: makeSignal(value.data, value.start + dx, value) });
      const n = value.data.length;
      const out = allocFloat64(n);
      for (let k = 0; k < n; k++) {
        const to = k + dx;
        if (mode === 'wrap') out[mod(to, n)] = value.data[k]!;
        else if (to >= 0 && to < n) out[to] = value.data[k]!;
      }
      return ok({ out: makeSignal(out, value.start, value) });
    }
    if (value.kind !== 'image') throw new Error('unreachable');
    if (mode === 'move') return ok({ out: imageLike(value, value.data, { origin: { x: value.origin.x - dx, y: value.origin.y - dy } }) });
    const { width, height, channels } = value;
    const out = allocFloat32(value.data.length);
    const plane = width * height;
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < height; y++) {
        let ty = y + dy;
        if (mode === 'wrap') ty = mod(ty, height);
        else if (ty < 0 || ty >= height) continue;
        for (let x = 0; x < width; x++) {
          let tx = x + dx;
          if (mode === 'wrap') tx = mod(tx, width);
          else if (tx < 0 || tx >= width) continue;
          out[c * plane + ty * width + tx] = value.data[c * plane + y * width + x]!;
        }
      }
    }
    return ok({ out: imageLike(value, out) });
  },
});
