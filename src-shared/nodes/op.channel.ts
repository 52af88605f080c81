import type { Image } from '../data';
import { imageLike } from './common';
import { defineNode, fail, ok } from './define';

export const channelOperation = defineNode({
  type: 'op.channel',
  title: 'Channel',
  category: 'operation',
  tags: ['pick', 'select', 'split', 'red', 'green', 'blue', 'feature map', 'layer'],
  doc:
    'Picks one channel of an image: out = in[index] (0 = red of an RGB image, or the first feature map of a CNN layer). ' +
    'Use it to look at or process one feature map on its own.',
  inputs: [{ id: 'in', types: ['image'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [{ kind: 'number', name: 'index', label: 'Channel', default: 0, min: 0, max: 4095, integer: true, inline: true, slider: { min: 0, max: 3, scale: 'linear' } }],
  compute(inputs, params, context) {
    const image = inputs.in as Image;
    const index = params.index;
    if (index >= image.channels) {
      return fail(`index ${index} is past the last channel: the image has ${image.channels} (0..${image.channels - 1})`);
    }
    const plane = image.width * image.height;
    context.reserve(plane * 4, `a ${image.width}×${image.height} image`);
    return ok({ out: imageLike(image, image.data.slice(index * plane, (index + 1) * plane), { channels: 1 }) });
  },
});
