import { makeImage } from '../data';
import { sheppLoganPhantom } from '../dsp';
import { allocFloat32 } from '../dsp/buffer-pool';
import { mulberry32 } from './common';
import { defineNode, ok } from './define';

export const testImageSource = defineNode({
  type: 'source.testImage',
  title: 'Test image',
  category: 'source',
  tags: ['phantom', 'shepp-logan', 'checkerboard', 'disk', 'bars', 'gradient', 'CT', 'tomography', 'sample image'],
  doc:
    'A size × size test image with values in [0, 1]: the Shepp–Logan head phantom (for CT), a checkerboard of 8 × 8 ' +
    'squares, a centred disk of radius size/4, vertical bars size/16 wide, a left-to-right gradient x/(size − 1), a ' +
    'single 1 at the centre (floor(size/2), floor(size/2)), or seeded uniform noise.',
  inputs: [],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [
    {
      kind: 'enum',
      name: 'pattern',
      label: 'Pattern',
      options: ['phantom', 'checkerboard', 'disk', 'bars', 'gradient', 'impulse', 'noise'],
      default: 'phantom',
      inline: true,
    },
    { kind: 'number', name: 'size', label: 'Size', default: 256, min: 8, max: 8192, integer: true, slider: { min: 8, max: 4096, scale: 'log' } },
    { kind: 'number', name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295, integer: true, visible: (params) => params.pattern === 'noise', slider: false },
  ],
  compute(_inputs, params, context) {
    const { pattern, size } = params;
    context.reserve(size * size * 4, `a ${size}×${size} image`);
    if (pattern === 'phantom') {
      const data = sheppLoganPhantom(size, (fraction) => context.progress(fraction));
      return ok({ out: makeImage(data, size, size) });
    }
    const data = allocFloat32(size * size);
    const centre = (size - 1) / 2;
    const random = mulberry32(params.seed);
    const tile = Math.max(1, Math.floor(size / 8));
    const bar = Math.max(1, Math.floor(size / 16));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let v = 0;
        switch (pattern) {
          case 'checkerboard':
            v = (Math.floor(x / tile) + Math.floor(y / tile)) % 2;
            break;
          case 'disk':
            v = (x - centre) ** 2 + (y - centre) ** 2 <= (size / 4) ** 2 ? 1 : 0;
            break;
          case 'bars':
            v = Math.floor(x / bar) % 2;
            break;
          case 'gradient':
            v = x / (size - 1);
            break;
          case 'noise':
            v = random();
            break;
        }
        data[y * size + x] = v;
      }
      if ((y & 255) === 255) context.progress(y / size);
    }
    if (pattern === 'impulse') data[Math.floor(size / 2) * size + Math.floor(size / 2)] = 1;
    return ok({ out: makeImage(data, size, size) });
  },
});
