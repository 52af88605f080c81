import { describe, expect, it } from 'vitest';
import { makeImage, makeSignal } from '../../src-shared/data';
import { makePreview, previewImage, previewSignal } from '../../src-shared/engine/preview';
import { mulberry32 } from '../../src-shared/nodes/common';

/** The thumbnail by definition: pixel (tx, ty) is the mean of the image over its box. */
function boxMeans(data: Float32Array, width: number, height: number, channels: number, tw: number, th: number): number[] {
  const means: number[] = [];
  for (let c = 0; c < channels; c++) {
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx++) {
        const x0 = Math.floor((tx * width) / tw), x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * width) / tw));
        const y0 = Math.floor((ty * height) / th), y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * height) / th));
        let sum = 0;
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += data[c * width * height + y * width + x];
        means.push(sum / ((x1 - x0) * (y1 - y0)));
      }
    }
  }
  return means;
}

function randomImageData(length: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length }, () => random() * 10 - 3);
}

describe('image previews', () => {
  it.each([
    [1000, 777, 1, 128],
    [513, 300, 3, 128],
    [2048, 64, 1, 128],
    [129, 129, 2, 128],
  ])('a %i×%i image with %i channel(s) shrinks to box means quantised over their own range', (width, height, channels, longest) => {
    const data = randomImageData(width * height * channels, width + height);
    const preview = previewImage(makeImage(data, width, height, { channels }), longest);
    const scale = longest / Math.max(width, height);
    expect(preview.thumbWidth).toBe(Math.max(1, Math.round(width * scale)));
    expect(preview.thumbHeight).toBe(Math.max(1, Math.round(height * scale)));
    const means = boxMeans(data, width, height, channels, preview.thumbWidth, preview.thumbHeight);
    expect(preview.lo).toBeCloseTo(Math.min(...means), 12);
    expect(preview.hi).toBeCloseTo(Math.max(...means), 12);
    const bytes = preview.pixels;
    expect(bytes.length).toBe(means.length);
    const span = preview.hi - preview.lo;
    let worst = 0;
    for (let i = 0; i < means.length; i++) worst = Math.max(worst, Math.abs(bytes[i] - ((means[i] - preview.lo) / span) * 255));
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('an image smaller than the thumbnail keeps its size, pixel for pixel', () => {
    const data = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const preview = previewImage(makeImage(data, 3, 2), 128);
    expect([preview.thumbWidth, preview.thumbHeight]).toEqual([3, 2]);
    expect(Array.from(preview.pixels)).toEqual([0, 51, 102, 153, 204, 255]);
  });

  it('a flat image is mid-grey, not a division by zero', () => {
    const preview = previewImage(makeImage(new Float32Array(300 * 200).fill(7), 300, 200), 128);
    expect(preview.lo).toBe(7);
    expect(preview.hi).toBe(7);
    expect(new Set(preview.pixels)).toEqual(new Set([128]));
  });
});

describe('signal previews', () => {
  it('min/max decimation keeps every column\'s extremes', () => {
    const random = mulberry32(5);
    const data = Float64Array.from({ length: 10_007 }, () => random() - 0.5);
    const preview = previewSignal(makeSignal(data, -3, 100), 240);
    expect(preview.min.length).toBe(240);
    for (let c = 0; c < 240; c++) {
      const from = Math.floor((c * data.length) / 240), to = Math.floor(((c + 1) * data.length) / 240);
      const column = Array.from(data.subarray(from, to));
      expect(preview.min[c]).toBe(Math.min(...column));
      expect(preview.max[c]).toBe(Math.max(...column));
    }
    expect(preview.lo).toBe(Math.min(...data));
    expect(preview.hi).toBe(Math.max(...data));
    expect([preview.start, preview.rate, preview.length]).toEqual([-3, 100, 10_007]);
  });

  it('a short signal has a column per sample', () => {
    const preview = makePreview(makeSignal(Float64Array.from([3, -1, 2])));
    expect(preview).toMatchObject({ kind: 'signal', min: Float64Array.from([3, -1, 2]), max: Float64Array.from([3, -1, 2]), samplesPerColumn: 1 });
  });
});
