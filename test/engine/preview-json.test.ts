/** Previews in a text file (the gallery's thumbnails): base64 pixels and lists of numbers, read back as typed arrays. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeImage, makeSignal } from '../../src-shared/data';
import { makePreview, type Preview } from '../../src-shared/engine/preview';
import { previewFromJson, previewToJson, type PreviewJson } from '../../src-shared/engine/preview-json';

const throughText = (preview: Preview): Preview => previewFromJson(JSON.parse(JSON.stringify(previewToJson(preview))) as PreviewJson);

describe('previews as text', () => {
  it('read back as they were: pixels byte for byte, columns value for value', () => {
    const image = makePreview(makeImage(Float32Array.from({ length: 300 * 200 * 3 }, (_, i) => Math.sin(i)), 300, 200, { channels: 3 }));
    const signal = makePreview(makeSignal(Float64Array.from({ length: 5000 }, (_, i) => Math.cos(i / 50)), 0, 8000));
    const spectrum = makePreview({ kind: 'spectrum', re: Float64Array.from([1, 0, -1, 2]), im: Float64Array.from([0, 1, 0, -2]), rate: 4, start: 0, hermitian: false });
    const value = makePreview({ kind: 'value', fields: { mean: 2.5 } });
    for (const preview of [image, signal, spectrum, value]) expect(throughText(preview)).toEqual(preview);
    const text = JSON.stringify(previewToJson(image));
    // base64 in the file, not JSON's {"0": …, "1": …} of a typed array.
    expect(text).toMatch(/"pixels":"[A-Za-z0-9+/]+=*"/);
  });

  it('reads JSON\'s null (a NaN or an infinity written out) as NaN', () => {
    const signal = makePreview(makeSignal(Float64Array.from([1, Number.NaN, 3]), 0, 1));
    const back = throughText(signal);
    if (back.kind !== 'signal') throw new Error('expected a signal');
    expect([...back.min]).toEqual([1, Number.NaN, 3]);
  });

  it('reads a plot\'s columns as float32, as the engine makes them', () => {
    const back = previewFromJson({ kind: 'signal', length: 2, start: 0, rate: 1, min: [0.1, 1e300], max: [0.1, -1e300], samplesPerColumn: 1, lo: 0.1, hi: 1e300 });
    if (back.kind !== 'signal') throw new Error('expected a signal');
    expect(back.min).toBeInstanceOf(Float32Array);
    expect([...back.min]).toEqual([Math.fround(0.1), 3.4028234663852886e38]);
    expect([...back.max]).toEqual([Math.fround(0.1), -3.4028234663852886e38]);
    expect(back.hi).toBe(1e300);
  });

  it('reads every thumbnail of the shipped gallery into whole typed arrays', () => {
    const gallery = JSON.parse(readFileSync(join(import.meta.dirname, '../../examples/gallery.json'), 'utf8')) as { examples: { preview: PreviewJson }[] };
    let images = 0;
    for (const { preview: stored } of gallery.examples) {
      const preview = previewFromJson(stored);
      if (preview.kind === 'image' || preview.kind === 'spectrum2d') {
        images++;
        expect(preview.pixels).toBeInstanceOf(Uint8Array);
        expect(preview.pixels.length).toBe(preview.thumbWidth * preview.thumbHeight * preview.channels);
      }
      if (preview.kind === 'signal') expect(preview.min).toBeInstanceOf(Float32Array);
    }
    expect(images).toBeGreaterThan(3);
  });
});
