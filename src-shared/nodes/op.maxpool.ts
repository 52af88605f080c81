import type { Image } from '../data';
import { imageLike } from './common';
import { defineNode, fail, ok } from './define';

export const maxpoolOperation = defineNode({
  type: 'op.maxpool',
  title: 'Max pool',
  category: 'operation',
  tags: ['pooling', 'downsample', 'CNN', 'shrink', 'subsample'],
  doc:
    'out[y][x] = max of the size × size block in[size·y .. size·y + size − 1][size·x .. size·x + size − 1], per channel; ' +
    'a ragged edge that does not fill a block is dropped. It shrinks feature maps while keeping the strongest responses.',
  inputs: [{ id: 'in', types: ['image'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [{ kind: 'number', name: 'size', label: 'Size', default: 2, min: 1, max: 1024, integer: true, inline: true, slider: { min: 1, max: 8, scale: 'linear' } }],
  compute(inputs, params, context) {
    const image = inputs.in as Image;
    const size = params.size;
    const width = Math.floor(image.width / size);
    const height = Math.floor(image.height / size);
    if (width === 0 || height === 0) return fail(`the image (${image.width}×${image.height}) is smaller than one ${size}×${size} block: use a smaller size`);
    context.reserve(width * height * image.channels * 4, `a ${width}×${height} image`);
    const out = new Float32Array(width * height * image.channels);
    const plane = image.width * image.height;
    for (let c = 0; c < image.channels; c++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          let best = -Infinity;
          for (let j = 0; j < size; j++) {
            const row = c * plane + (y * size + j) * image.width + x * size;
            for (let i = 0; i < size; i++) {
              const v = image.data[row + i]!;
              if (v > best) best = v;
            }
          }
          out[c * width * height + y * width + x] = best;
        }
      }
    }
    return ok({ out: imageLike(image, out, { width, height, origin: { x: Math.floor(image.origin.x / size), y: Math.floor(image.origin.y / size) } }) });
  },
});
