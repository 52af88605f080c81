/**
 * Box downscaling (src-shared/dsp/downscale.ts), the one implementation behind previews, full
 * values and comparisons: every output pixel must be the plain mean of its block of source pixels.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayPlanes, complexPlane, downscaleByFactor, downscaleToSize } from '../../src-shared/dsp/downscale';

/** The mean of pixels [x0, x1) × [y0, y1) of plane `c`, added up one by one. */
function naiveMean(data: ArrayLike<number>, width: number, height: number, c: number, x0: number, x1: number, y0: number, y1: number): number {
  let sum = 0;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      sum += data[(c * height + y) * width + x];
      count++;
    }
  }
  return sum / count;
}

const image = fc
  .record({ width: fc.integer({ min: 1, max: 23 }), height: fc.integer({ min: 1, max: 23 }), channels: fc.integer({ min: 1, max: 3 }) })
  .chain(({ width, height, channels }) =>
    fc.record({
      width: fc.constant(width),
      height: fc.constant(height),
      channels: fc.constant(channels),
      data: fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: width * height * channels, maxLength: width * height * channels }).map((values) => new Float64Array(values)),
    }),
  );

describe('box downscaling', () => {
  it('by a whole factor: each pixel is the mean of its factor × factor block from the top left, the last ones ragged', () => {
    fc.assert(
      fc.property(image, fc.integer({ min: 1, max: 9 }), ({ width, height, channels, data }, factor) => {
        const out = downscaleByFactor(arrayPlanes(data, width, height, channels), factor);
        expect(out.width).toBe(Math.ceil(width / factor));
        expect(out.height).toBe(Math.ceil(height / factor));
        for (let c = 0; c < channels; c++) {
          for (let ty = 0; ty < out.height; ty++) {
            for (let tx = 0; tx < out.width; tx++) {
              const expected = naiveMean(data, width, height, c, tx * factor, Math.min(width, (tx + 1) * factor), ty * factor, Math.min(height, (ty + 1) * factor));
              // Float32 out: the mean rounded once.
              expect(out.data[(c * out.height + ty) * out.width + tx]).toBe(Math.fround(expected));
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('to a size: block i spans [⌊i·n/size⌋, ⌊(i+1)·n/size⌋), and shrinking keeps the total (the blocks tile the image)', () => {
    fc.assert(
      fc.property(image, fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 23 }), ({ width, height, channels, data }, across, down) => {
        const tw = Math.min(across, width);
        const th = Math.min(down, height);
        const out = downscaleToSize(arrayPlanes(data, width, height, channels), tw, th);
        expect(out).toHaveLength(tw * th * channels);
        for (let c = 0; c < channels; c++) {
          let total = 0;
          let shrunk = 0;
          for (let i = 0; i < width * height; i++) total += data[c * width * height + i];
          for (let ty = 0; ty < th; ty++) {
            const y0 = Math.floor((ty * height) / th);
            const y1 = Math.floor(((ty + 1) * height) / th);
            for (let tx = 0; tx < tw; tx++) {
              const x0 = Math.floor((tx * width) / tw);
              const x1 = Math.floor(((tx + 1) * width) / tw);
              const value = out[(c * th + ty) * tw + tx];
              expect(value).toBeCloseTo(naiveMean(data, width, height, c, x0, x1, y0, y1), 9);
              shrunk += value * (x1 - x0) * (y1 - y0);
            }
          }
          expect(shrunk).toBeCloseTo(total, 6);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('to a size larger than the image: each output pixel repeats the one source pixel it falls on', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]); // 3 × 2
    const out = downscaleToSize(arrayPlanes(data, 3, 2), 6, 4);
    // Columns 0,0,1,1,2,2 and rows 0,0,1,1 of the source.
    expect([...out]).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6]);
  });

  it('a spectrum shrinks as the mean of the mapped values, not the map of the means', () => {
    const re = new Float64Array([3, 0, 0, 0]);
    const im = new Float64Array([4, 1, 0, 0]);
    const out = downscaleByFactor(complexPlane(re, im, 2, 2, Math.hypot), 2);
    expect(out).toMatchObject({ width: 1, height: 1 });
    expect(out.data[0]).toBe(Math.fround((5 + 1 + 0 + 0) / 4));
  });
});
