import { describe, expect, it } from 'vitest';
import { makeImage, makeSignal, makeVolume, type Volume } from '../../src-shared/data';
import { phantom3d } from '../../src-shared/dsp/phantom3d';
import { makePreview, previewFloat, previewImage, previewSignal, previewSpectrum } from '../../src-shared/engine/preview';
import { mulberry32 } from '../../src-shared/nodes/common';
import { value } from '../nodes/harness';

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

const NaN_AT = 5000;

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

  it('carries the image\'s own range beside the thumbnail\'s: a lone extreme pixel (an edge map\'s border) is averaged away in the thumbnail, not in the range', () => {
    const data = new Float32Array(1024 * 1024).fill(0.25);
    data[0] = -2.75;
    data[1024 * 1024 - 1] = 2.5;
    data[NaN_AT] = Number.NaN;
    const preview = previewImage(makeImage(data, 1024, 1024), 128);
    expect(preview.range).toEqual({ lo: -2.75, hi: 2.5 });
    // The thumbnail's bytes still span its own box means, for contrast.
    expect(preview.lo).toBeGreaterThan(-0.1);
    expect(preview.hi).toBeLessThan(0.3);
  });

  it('a flat image is mid-grey, not a division by zero', () => {
    const preview = previewImage(makeImage(new Float32Array(300 * 200).fill(7), 300, 200), 128);
    expect(preview.lo).toBe(7);
    expect(preview.hi).toBe(7);
    expect(new Set(preview.pixels)).toEqual(new Set([128]));
  });
});

describe('signal previews', () => {
  it('min/max decimation keeps every column\'s extremes, each rounded to float32 once', () => {
    const random = mulberry32(5);
    const data = Float64Array.from({ length: 10_007 }, () => random() - 0.5);
    const preview = previewSignal(makeSignal(data, -3, 100), 240);
    expect(preview.min).toBeInstanceOf(Float32Array);
    expect(preview.max).toBeInstanceOf(Float32Array);
    expect(preview.min.length).toBe(240);
    let rounded = 0;
    for (let c = 0; c < 240; c++) {
      const from = Math.floor((c * data.length) / 240), to = Math.floor(((c + 1) * data.length) / 240);
      const column = Array.from(data.subarray(from, to));
      expect(preview.min[c]).toBe(Math.fround(Math.min(...column)));
      expect(preview.max[c]).toBe(Math.fround(Math.max(...column)));
      if (preview.max[c] !== Math.max(...column)) rounded++;
    }
    // Random doubles do not fit float32: the columns are rounded, not the doubles.
    expect(rounded).toBeGreaterThan(200);
    // The range the plot's label prints is the signal's own, exactly.
    expect(preview.lo).toBe(Math.min(...data));
    expect(preview.hi).toBe(Math.max(...data));
    expect([preview.start, preview.rate, preview.length]).toEqual([-3, 100, 10_007]);
  });

  it('a short signal has a column per sample', () => {
    const preview = makePreview(makeSignal(Float64Array.from([3, -1, 2])));
    expect(preview).toMatchObject({ kind: 'signal', min: Float32Array.from([3, -1, 2]), max: Float32Array.from([3, -1, 2]), samplesPerColumn: 1 });
  });

  it('holds a finite sample beyond float32 at its limit, leaves infinities and NaN out (counted), and prints the finite range', () => {
    // (Below float32's least subnormal, 1.4e-45, a column reads 0: a plot's pixels cannot tell.)
    const preview = previewSignal(makeSignal(Float64Array.from([1e300, -1e300, Infinity, -Infinity, 1e-50, 0.1, Number.NaN])), 240);
    const limit = 3.4028234663852886e38;
    expect([...preview.max]).toEqual([limit, -limit, Number.NaN, Number.NaN, 0, Math.fround(0.1), Number.NaN]);
    expect([...preview.min]).toEqual([...preview.max]);
    expect(Math.fround(limit)).toBe(limit);
    expect([previewFloat(3.5e38), previewFloat(-3.5e38), previewFloat(0.1), previewFloat(Number.NaN)]).toEqual([limit, -limit, Math.fround(0.1), Number.NaN]);
    // An infinite sample would make the plot's scale infinite and every point NaN: the range is the finite samples'.
    expect([preview.lo, preview.hi, preview.nonFinite]).toEqual([-1e300, 1e300, 3]);
    const finite = previewSignal(makeSignal(Float64Array.from([1e300, -2e300])), 240);
    expect([finite.lo, finite.hi, finite.nonFinite]).toEqual([-2e300, 1e300, undefined]);
  });

  it('a decimated column is its finite samples\' extremes; one with none is NaN; no finite sample at all reads the range 0, 0', () => {
    const data = Float64Array.from({ length: 400 }, (_, i) => (i >= 100 && i < 200 ? Number.NaN : i % 7 === 0 ? Infinity : Math.sin(i)));
    const preview = previewSignal(makeSignal(data), 4);
    const finiteOf = (from: number, to: number): number[] => Array.from(data.subarray(from, to)).filter(Number.isFinite);
    expect(preview.max[0]).toBe(Math.fround(Math.max(...finiteOf(0, 100))));
    expect(preview.min[2]).toBe(Math.fround(Math.min(...finiteOf(200, 300))));
    expect([preview.min[1], preview.max[1]]).toEqual([Number.NaN, Number.NaN]);
    expect(preview.nonFinite).toBe(100 + data.filter((v) => v === Infinity).length);
    expect(preview.hi).toBe(Math.max(...finiteOf(0, 400)));
    const none = previewSignal(makeSignal(Float64Array.from([Number.NaN, -Infinity])), 240);
    expect([none.lo, none.hi, none.nonFinite]).toEqual([0, 0, 2]);
  });
});

describe('spectrum previews', () => {
  it('each column\'s largest magnitude and its phase, rounded to float32 from the doubles', () => {
    const random = mulberry32(11);
    const n = 5000;
    const re = Float64Array.from({ length: n }, () => random() * 4 - 2);
    const im = Float64Array.from({ length: n }, () => random() * 4 - 2);
    const preview = previewSpectrum({ kind: 'spectrum', re, im, rate: 8000, start: 0, hermitian: false }, 240);
    expect(preview.magnitude).toBeInstanceOf(Float32Array);
    expect(preview.phase).toBeInstanceOf(Float32Array);
    expect(preview.magnitude.length).toBe(240);
    for (let c = 0; c < 240; c++) {
      const from = Math.floor((c * n) / 240), to = Math.floor(((c + 1) * n) / 240);
      let best = from;
      for (let k = from; k < to; k++) if (Math.hypot(re[k]!, im[k]!) > Math.hypot(re[best]!, im[best]!)) best = k;
      expect(preview.magnitude[c]).toBe(Math.fround(Math.hypot(re[best]!, im[best]!)));
      expect(preview.phase[c]).toBe(Math.fround(Math.atan2(im[best]!, re[best]!)));
    }
  });

  it('a column is its largest finite bin; one with none is NaN in magnitude and phase', () => {
    const re = Float64Array.from([3, Number.NaN, 1, Infinity, Number.NaN, -Infinity, 0.5, 2]);
    const im = Float64Array.from([4, 0, 0, 0, 0, 1, 0, Number.NaN]);
    const preview = previewSpectrum({ kind: 'spectrum', re, im, rate: 8, start: 0, hermitian: false }, 4);
    expect([...preview.magnitude]).toEqual([5, 1, Number.NaN, 0.5]);
    expect([...preview.phase]).toEqual([Math.fround(Math.atan2(4, 3)), 0, Number.NaN, 0]);
  });
});

describe('volume previews', () => {
  it('say when the volume is cone-beam projections (its axes are view, detector row and column), and not otherwise', async () => {
    const size = 8;
    const volume = makeVolume(phantom3d('sphere', size), size, size, size);
    const projections = (await value('op.conebeam', { in: volume }, { views: 6 })) as Volume;
    const ofVolume = makePreview(volume);
    const ofProjections = makePreview(projections);
    expect(ofVolume.kind === 'image' && ofVolume.volume).toMatchObject({ depth: 8 });
    expect(ofVolume.kind === 'image' && ofVolume.volume?.projections).toBeUndefined();
    expect(ofProjections.kind === 'image' && ofProjections.volume).toMatchObject({ depth: 6, projections: true });
  });
});
