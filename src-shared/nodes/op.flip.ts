import { makeSignal } from '../data';
import { describeSize, imageLike, sameAsInput, valueBytes } from './common';
import { defineNode, ok } from './define';

export const flipOperation = defineNode({
  type: 'op.flip',
  title: 'Flip',
  category: 'operation',
  tags: ['reverse', 'mirror', 'time reverse', 'rotate', 'flip and slide'],
  doc:
    'out[n] = in[−n]: the signal is reversed about index 0, so a signal on start..end moves to −end..−start; an image is ' +
    'turned 180° about its origin. Convolution is correlation with the flipped kernel: this is the flip in flip-and-slide.',
  inputs: [{ id: 'in', types: ['signal', 'image'], generic: 'T' }],
  outputs: [{ id: 'out', types: ['signal', 'image'], generic: 'T', resolveType: sameAsInput() }],
  params: [],
  compute(inputs, _params, context) {
    context.reserve(valueBytes(inputs.in!), describeSize(inputs.in!));
    const value = inputs.in!;
    if (value.kind === 'signal') {
      const n = value.data.length;
      return ok({ out: makeSignal(value.data.slice().reverse(), -(value.start + n - 1), value) });
    }
    if (value.kind !== 'image') throw new Error('unreachable');
    const { width, height, channels } = value;
    const out = new Float32Array(value.data.length);
    const plane = width * height;
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < plane; i++) out[c * plane + plane - 1 - i] = value.data[c * plane + i]!;
    }
    return ok({ out: imageLike(value, out, { origin: { x: width - 1 - value.origin.x, y: height - 1 - value.origin.y } }) });
  },
});
