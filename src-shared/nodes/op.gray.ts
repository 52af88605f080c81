import type { Image } from '../data';
import { imageLike } from './common';
import { defineNode, ok } from './define';

/** Rec. 601 luma for three channels (0.299 R + 0.587 G + 0.114 B), the plain mean otherwise. */
export function toGray(image: Image): Image {
  if (image.channels === 1) return image;
  const plane = image.width * image.height;
  const weights = image.channels === 3 ? [0.299, 0.587, 0.114] : new Array<number>(image.channels).fill(1 / image.channels);
  const out = new Float32Array(plane);
  for (let c = 0; c < image.channels; c++) {
    const w = weights[c]!; // one weight per channel
    for (let i = 0; i < plane; i++) out[i] = out[i]! + w * image.data[c * plane + i]!;
  }
  return imageLike(image, out, { channels: 1 });
}

export const grayOperation = defineNode({
  type: 'op.gray',
  title: 'Gray',
  category: 'operation',
  tags: ['grey', 'grayscale', 'greyscale', 'luma', 'luminance', 'monochrome', 'black and white', 'desaturate'],
  doc:
    'One channel from many: Y = 0.299 R + 0.587 G + 0.114 B for an RGB image (Rec. 601 luma), the mean of the ' +
    'channels otherwise. A one-channel image passes unchanged.',
  inputs: [{ id: 'in', types: ['image'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [],
  compute(inputs, _params, context) {
    const image = inputs.in as Image;
    if (image.channels > 1) context.reserve(image.width * image.height * 4, `a ${image.width}×${image.height} image`);
    return ok({ out: toGray(inputs.in as Image) });
  },
});
