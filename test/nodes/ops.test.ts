import { describe, expect, it } from 'vitest';
import type { Image, Signal, Spectrum, ValueRecord } from '../../src-shared/data';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { resolveParams } from '../../src-shared/nodes/define';
import { errorOf, img, maxDiff, reference, runNode, sig, value } from './harness';

/** The params the inspector shows for a node of `type` with `params` set, meeting `ports`. */
function shown(type: string, params: Record<string, string | number>, ports?: Record<string, 'signal' | 'image'>): string[] {
  const definition = getNodeDefinition(type)!;
  const resolved = resolveParams(definition, params);
  return definition.params.filter((param) => param.visible?.(resolved, ports) ?? true).map((param) => param.name);
}

describe('op.add and op.subtract', () => {
  it('align signals by index over the union, zero-filled', async () => {
    const out = (await value('op.add', { a: sig([1, 2], 0), b: sig([10, 20], 1) })) as Signal;
    expect(out.start).toBe(0);
    expect([...out.data]).toEqual([1, 12, 20]);
    const diff = (await value('op.subtract', { a: sig([1, 2], -1), b: sig([1], 0) })) as Signal;
    expect([diff.start, ...diff.data]).toEqual([-1, 1, 1]);
  });

  it('refuse images of different sizes naming both', async () => {
    // Convolab pads but has no crop or resize: the message names what fits.
    expect(await errorOf('op.add', { a: img([1, 2], 2, 1), b: img([1], 1, 1) })).toBe('add needs images of one size: a is 2×1, b is 1×1: pad b to 2×1 (op.pad)');
    expect(await errorOf('op.subtract', { a: img([1, 2], 1, 2), b: img([1, 2], 2, 1) })).toBe('subtract needs images of one size: a is 1×2, b is 2×1: pad both to 2×2 (op.pad)');
    expect(await errorOf('op.add', { a: img([1, 2, 3], 1, 1, { channels: 3 }), b: img([1], 1, 1) })).toMatch(/: give both one channel \(op\.gray or op\.channel\)$/);
  });

  it('say which input is missing and refuse mixed types', async () => {
    expect(await errorOf('op.add', { a: sig([1]) })).toBe('input b is not connected: connect a signal, spectrum, image, spectrum2d or volume');
    expect(await errorOf('op.add', { a: sig([1]), b: img([1], 1, 1) })).toBe('inputs a and b must carry the same type (got signal and image)');
  });
});

describe('op.scale, op.relu, op.abs, op.normalize', () => {
  it('map every sample and keep positions', async () => {
    const s = sig([-2, 0, 3], 5);
    expect([...((await value('op.scale', { in: s }, { factor: -2 })) as Signal).data]).toEqual([4, -0, -6]);
    expect([...((await value('op.relu', { in: s })) as Signal).data]).toEqual([0, 0, 3]);
    const abs = (await value('op.abs', { in: s })) as Signal;
    expect([abs.start, ...abs.data]).toEqual([5, 2, 0, 3]);
  });

  it('normalise to sum, max and range', async () => {
    expect([...((await value('op.normalize', { in: sig([1, 3]) })) as Signal).data]).toEqual([0.25, 0.75]);
    expect([...((await value('op.normalize', { in: sig([1, -4]) }, { to: 'max' })) as Signal).data]).toEqual([0.25, -1]);
    expect([...((await value('op.normalize', { in: img([2, 4, 6], 3, 1) }, { to: 'range' })) as Image).data]).toEqual([0, 0.5, 1]);
    expect(await errorOf('op.normalize', { in: sig([1, -1]) })).toBe('the samples sum to 0, so they cannot be scaled to sum 1: use to = max or range');
  });

  it('refuses a sum that is 0 up to rounding rather than magnify the rounding into the output', async () => {
    // 0.1 + 0.2 − 0.3 is 5.6e-17 in float64: dividing by it gave samples near 1.8e15.
    expect(await errorOf('op.normalize', { in: sig([0.1, 0.2, -0.3]) })).toBe(
      'the samples sum to 0 up to rounding (Σx = 5.55e-17 against Σ|x| = 0.600), so they cannot be scaled to sum 1: use to = max or range',
    );
    // A small sum well above the rounding of the sum is a sum: 2 · 3 · ε ≈ 1.3e-15 < 1e-10.
    const small = (await value('op.normalize', { in: sig([1, -1, 1e-10]) })) as Signal;
    expect(small.data[2]).toBeCloseTo(1, 5);
    // An image's samples were each rounded to float32: a Σx below 2^-24 · Σ|x| is that rounding.
    expect(await errorOf('op.normalize', { in: img([1, -1, 1e-8], 3, 1) })).toMatch(/^the samples sum to 0 up to rounding \(Σx = 1\.00e-8 against Σ\|x\| = 2\.00\), /);
    const image = (await value('op.normalize', { in: img([1, -1, 1e-6], 3, 1) })) as Image;
    expect(image.data[2]).toBeCloseTo(1, 5);
  });
});

describe('op.flip and op.shift against numpy', () => {
  const r = reference.roll;
  it('flips x[n] → x[−n], moving the start', async () => {
    const out = (await value('op.flip', { in: sig(r.x, 2) })) as Signal;
    expect([...out.data]).toEqual(r.flip);
    expect(out.start).toBe(-(2 + r.x.length - 1));
  });

  it('turns an image 180° about its origin', async () => {
    const out = (await value('op.flip', { in: img([1, 2, 3, 4, 5, 6], 3, 2, { origin: { x: 0, y: 0 } }) })) as Image;
    expect([...out.data]).toEqual([6, 5, 4, 3, 2, 1]);
    expect(out.origin).toEqual({ x: 2, y: 1 });
  });

  it('wraps like numpy.roll, zero-fills, or moves the start', async () => {
    expect([...((await value('op.shift', { in: sig(r.x) }, { dx: r.dx, mode: 'wrap' })) as Signal).data]).toEqual(r.wrap);
    expect([...((await value('op.shift', { in: sig([1, 2, 3]) }, { dx: -1, mode: 'zero' })) as Signal).data]).toEqual([2, 3, 0]);
    const moved = (await value('op.shift', { in: sig([1, 2, 3], 4) }, { dx: 3 })) as Signal;
    expect(moved.start).toBe(7);
    const image = (await value('op.shift', { in: img([1, 2, 3, 4], 2, 2) }, { dx: 1, dy: 1, mode: 'wrap' })) as Image;
    expect([...image.data]).toEqual([4, 3, 2, 1]);
    const movedImage = (await value('op.shift', { in: img([1], 1, 1) }, { dx: 2, dy: -1 })) as Image;
    expect(movedImage.origin).toEqual({ x: -2, y: 1 });
  });
});

describe('the params op.pad and op.shift show for what they meet', () => {
  it('op.pad: a length for a signal, a width and height for an image, all three while unconnected, none for pow2', () => {
    expect(shown('op.pad', {}, { in: 'signal', out: 'signal' })).toEqual(['to', 'length']);
    expect(shown('op.pad', {}, { in: 'image', out: 'image' })).toEqual(['to', 'width', 'height']);
    expect(shown('op.pad', {})).toEqual(['to', 'length', 'width', 'height']);
    expect(shown('op.pad', { to: 'pow2' }, { in: 'signal' })).toEqual(['to']);
  });

  it('op.shift: no dy for a signal, which has no rows', () => {
    expect(shown('op.shift', {}, { in: 'signal' })).toEqual(['dx', 'mode']);
    expect(shown('op.shift', {}, { in: 'image' })).toEqual(['dx', 'dy', 'mode']);
    expect(shown('op.shift', {})).toEqual(['dx', 'dy', 'mode']);
  });
});

describe('op.pad', () => {
  it('appends zeros to the length or the next power of two', async () => {
    expect([...((await value('op.pad', { in: sig([1, 2, 3]) }, { length: 5 })) as Signal).data]).toEqual([1, 2, 3, 0, 0]);
    expect(((await value('op.pad', { in: sig(new Array(5).fill(1)) }, { to: 'pow2' })) as Signal).data.length).toBe(8);
    const image = (await value('op.pad', { in: img([1, 2, 3, 4], 2, 2) }, { width: 3, height: 3 })) as Image;
    expect([...image.data]).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0]);
  });

  it('refuses a length shorter than the signal, and a length too large to hold', async () => {
    expect(await errorOf('op.pad', { in: sig([1, 2, 3]) }, { length: 2 })).toBe('length 2 is shorter than the signal (3 samples): use length ≥ 3, or to = pow2');
    expect(await errorOf('op.pad', { in: sig([1]) }, { length: 2 ** 40 })).toMatch(/padding to 1099511627776 samples would need too much/);
  });
});

describe('op.multiply', () => {
  it('multiplies spectra as complex numbers and adds their starts', async () => {
    const a: Spectrum = { kind: 'spectrum', re: Float64Array.of(1, 2), im: Float64Array.of(1, 0), rate: 1, start: 2, hermitian: false };
    const b: Spectrum = { kind: 'spectrum', re: Float64Array.of(0, 3), im: Float64Array.of(1, -1), rate: 1, start: -5, hermitian: false };
    const out = (await value('op.multiply', { a, b })) as Spectrum;
    expect([...out.re, ...out.im]).toEqual([-1, 6, 1, -2]);
    expect(out.start).toBe(-3);
  });

  it('names both sizes and the fix when spectra differ', async () => {
    const a: Spectrum = { kind: 'spectrum', re: new Float64Array(8), im: new Float64Array(8), rate: 1, start: 0, hermitian: true };
    const b: Spectrum = { ...a, re: new Float64Array(6), im: new Float64Array(6) };
    expect(await errorOf('op.multiply', { a, b })).toBe(
      'sizes differ: a has 8 bins, b has 6 bins: pad both FFTs to the same n (size custom, n ≥ len(a) + len(b) − 1)',
    );
    expect(await errorOf('op.multiply', { a: sig([1, 2]), b: sig([1]) })).toBe('sizes differ: a has 2 samples, b has 1 samples: pad both to the same length (op.pad)');
    // 2-D spectra: FFT 2-D has width and height, not n.
    const A = { kind: 'spectrum2d' as const, width: 4, height: 2, re: new Float64Array(8), im: new Float64Array(8), origin: { x: 0, y: 0 }, hermitian: true };
    const B = { ...A, width: 2, re: new Float64Array(4), im: new Float64Array(4) };
    expect(await errorOf('op.multiply', { a: A, b: B })).toMatch(/: pad both FFTs to the same size \(size custom, width ≥ width\(a\) \+ width\(b\) − 1, height likewise\)$/);
  });

  it('multiplies signals and images pointwise', async () => {
    expect([...((await value('op.multiply', { a: sig([1, 2]), b: sig([3, 4]) })) as Signal).data]).toEqual([3, 8]);
    expect([...((await value('op.multiply', { a: img([1, 2], 2, 1), b: img([3, 4], 2, 1) })) as Image).data]).toEqual([3, 8]);
  });
});

describe('op.magnitude, op.phase, op.power against numpy', () => {
  const X: Spectrum = { kind: 'spectrum', re: Float64Array.from(reference.ifft.re), im: Float64Array.from(reference.ifft.im), rate: 16, start: 0, hermitian: false };
  it('give |X|, arg X, |X|² and dB per bin, with rate n/rate', async () => {
    const m = (await value('op.magnitude', { in: X })) as Signal;
    expect(maxDiff(m.data, reference.spectral.magnitude)).toBeLessThan(1e-14);
    expect(m.rate).toBe(8 / 16);
    expect(maxDiff(((await value('op.phase', { in: X })) as Signal).data, reference.spectral.phase)).toBeLessThan(1e-14);
    expect(maxDiff(((await value('op.power', { in: X })) as Signal).data, reference.spectral.power)).toBeLessThan(1e-13);
    expect(maxDiff(((await value('op.magnitude', { in: X }, { db: true })) as Signal).data, reference.spectral.db)).toBeLessThan(1e-12);
    expect(maxDiff(((await value('op.power', { in: X }, { db: true })) as Signal).data, reference.spectral.db)).toBeLessThan(1e-12);
  });

  it('turn a 2-D spectrum into an image', async () => {
    const S = { kind: 'spectrum2d' as const, width: 2, height: 1, re: Float64Array.of(3, 0), im: Float64Array.of(4, -2), origin: { x: 0, y: 0 }, hermitian: false };
    const m = (await value('op.magnitude', { in: S })) as Image;
    expect([m.kind, m.width, m.height, ...m.data]).toEqual(['image', 2, 1, 5, 2]);
  });

  it('of the default test image\'s 2-D FFT, say the linear image looks black and dB shows it; not with dB, nor for a flat spectrum', async () => {
    const spectrum = await value('op.fft2d', { in: await value('source.testImage') });
    for (const type of ['op.magnitude', 'op.power']) {
      const linear = await runNode(type, { in: spectrum });
      expect(linear, type).toMatchObject({ ok: true, info: expect.stringMatching(/looks black: turn on dB to see the spectrum$/) });
      // It is right: under 1% of the pixels reach a tenth of the peak (gray level 26 of 255).
      const data = (linear.ok ? linear.out : undefined) as Image;
      const peak = data.data.reduce((a, b) => Math.max(a, b), 0);
      expect(data.data.filter((x) => x >= peak / 10).length).toBeLessThan(data.data.length / 100);
      const db = await runNode(type, { in: spectrum }, { db: true });
      expect(db.ok && db.info, type).toBeUndefined();
    }
    // An impulse's spectrum is flat: its image is no darker than its peak.
    const flat = await runNode('op.magnitude', { in: await value('op.fft2d', { in: await value('source.testImage', {}, { pattern: 'impulse', size: 16 }) }) });
    expect(flat.ok && flat.info).toBeUndefined();
  });
});

describe('op.gray, op.channel, op.maxpool', () => {
  it('gray is Rec. 601 luma of RGB (numpy)', async () => {
    const out = (await value('op.gray', { in: img(reference.gray.rgb, 2, 2, { channels: 3 }) })) as Image;
    expect(out.channels).toBe(1);
    expect(maxDiff(out.data, reference.gray.gray)).toBeLessThan(1e-6);
  });

  it('channel picks one plane and refuses one past the end', async () => {
    const image = img([1, 2, 3, 4, 5, 6], 1, 2, { channels: 3 });
    expect([...((await value('op.channel', { in: image }, { index: 2 })) as Image).data]).toEqual([5, 6]);
    expect(await errorOf('op.channel', { in: image }, { index: 3 })).toBe('index 3 is past the last channel: the image has 3 (0..2)');
  });

  it('maxpool takes block maxima per channel (numpy)', async () => {
    const m = reference.maxpool;
    const out = (await value('op.maxpool', { in: img(m.image, m.width, m.height, { channels: m.channels }) })) as Image;
    expect([out.width, out.height, out.channels]).toEqual([3, 2, 2]);
    expect(maxDiff(out.data, m.out)).toBeLessThan(1e-6);
    expect(await errorOf('op.maxpool', { in: img([1], 1, 1) })).toBe('the image (1×1) is smaller than one 2×2 block: use a smaller size');
  });
});

describe('op.compare, op.sample, op.stats', () => {
  it('compare aligns by start and reports the errors', async () => {
    const out = (await value('op.compare', { a: sig([1, 2, 4], 0), b: sig([2, 4], 1) })) as ValueRecord;
    expect(out.fields).toEqual({ maxAbsError: 1, rmsError: Math.sqrt(1 / 3), relError: 0.25, match: 0 });
    const same = (await value('op.compare', { a: sig([1, 2]), b: sig([1, 2 + 1e-12]) })) as ValueRecord;
    expect(same.fields.match).toBe(1);
    const loose = (await value('op.compare', { a: sig([1, 2, 4], 0), b: sig([2, 4], 1) }, { tolerance: 0.25 })) as ValueRecord;
    expect(loose.fields.match).toBe(1);
  });

  it('compare of two images that differ by float32 rounding says so, with a tolerance that allows it; not for signals, nor past rounding', async () => {
    const a = img([0.1, 0.7, 1, 0.3], 2, 2);
    const rounded = img([...a.data].map((x) => Math.fround(x * (1 + 2 ** -22))), 2, 2);
    const outcome = await runNode('op.compare', { a, b: rounded });
    if (!outcome.ok) throw new Error(outcome.error);
    expect((outcome.out as ValueRecord).fields.match).toBe(0);
    expect(outcome.info).toMatch(/^no match \(relError [\d.]+e-7\), within float32 rounding: images hold float32 samples \(about 7 digits\); a tolerance of 1e-6 compares within it$/);
    expect(outcome.warning).toBe(true);
    // The tolerance it names does compare within it.
    expect(((await value('op.compare', { a, b: rounded }, { tolerance: 1e-6 })) as ValueRecord).fields.match).toBe(1);
    // A real difference, or signals (doubles), get no such note.
    const apart = await runNode('op.compare', { a, b: img([0.1, 0.7, 1, 0.31], 2, 2) });
    expect(apart).toMatchObject({ ok: true, info: 'no match (relError 0.0100)' });
    const signals = await runNode('op.compare', { a: sig([1, 2]), b: sig([1, 2 + 1e-7]) });
    expect(signals).toMatchObject({ ok: true, info: expect.stringMatching(/^no match \(relError [\d.e-]+\)$/) });
  });

  it('compare aligns images by origin', async () => {
    const a = img([1, 2, 3, 4], 2, 2, { origin: { x: 0, y: 0 } });
    const b = img([0, 0, 0, 1, 2, 0, 3, 4, 0], 3, 3, { origin: { x: 0, y: 1 } });
    expect(((await value('op.compare', { a, b })) as ValueRecord).fields.match).toBe(1);
    expect(((await value('op.compare', { a, b: img([1, 2, 3, 4], 2, 2, { origin: { x: 1, y: 0 } }) })) as ValueRecord).fields.match).toBe(0);
  });

  it('sample reads index in the signal\'s own coordinates, 0 outside', async () => {
    const die = await value('source.dice');
    const twoDice = sig([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1].map((c) => c / 36), 2);
    expect(((await value('op.sample', { in: twoDice }, { index: 7 })) as ValueRecord).fields.value).toBeCloseTo(1 / 6, 15);
    expect(((await value('op.sample', { in: die }, { index: 0 })) as ValueRecord).fields.value).toBe(0);
    expect(((await value('op.sample', { in: die }, { index: 1 })) as ValueRecord).fields.value).toBeCloseTo(1 / 6, 15);
  });

  it('sample says where the data is when its index lies outside it (a die at the default index 0), and nothing inside', async () => {
    const die = await value('source.dice');
    const outside = await runNode('op.sample', { in: die }, {});
    expect(outside).toMatchObject({ ok: true, info: "index 0 is outside the data (the signal's samples are 1 … 6): 0 there" });
    expect(outside.ok && outside.warning).toBeFalsy();
    const past = await runNode('op.sample', { in: die }, { index: 7 });
    expect(past).toMatchObject({ ok: true, info: expect.stringContaining('index 7 is outside the data') });
    const inside = await runNode('op.sample', { in: die }, { index: 6 });
    expect(inside.ok && inside.info).toBeUndefined();
  });

  it('stats gives sum, mean, min, max, energy; a spectrum\'s energy divided by n', async () => {
    expect(((await value('op.stats', { in: sig([1, -2, 4]) })) as ValueRecord).fields).toEqual({ sum: 3, mean: 1, min: -2, max: 4, energy: 21 });
    const X: Spectrum = { kind: 'spectrum', re: Float64Array.of(3, 1), im: Float64Array.of(4, 0), rate: 1, start: 0, hermitian: false };
    expect(((await value('op.stats', { in: X })) as ValueRecord).fields).toEqual({ sum: 6, mean: 3, min: 1, max: 5, energy: 13 });
  });
});

describe('op.fft and op.ifft against numpy.fft', () => {
  const f = reference.fft;
  it('exact size equals numpy.fft.fft', async () => {
    const X = (await value('op.fft', { in: sig(f.x, 3, 10) })) as Spectrum;
    expect(maxDiff(X.re, f.exact.re)).toBeLessThan(1e-12);
    expect(maxDiff(X.im, f.exact.im)).toBeLessThan(1e-12);
    expect([X.start, X.rate, X.hermitian]).toEqual([3, 10, true]);
  });

  it('custom n zero-pads (numpy.fft.fft(x, 16)); pow2 picks 16', async () => {
    for (const params of [{ size: 'custom', n: 16 }, { size: 'pow2' }] as Record<string, string | number>[]) {
      const X = (await value('op.fft', { in: sig(f.x) }, params)) as Spectrum;
      expect(maxDiff(X.re, f.n16.re)).toBeLessThan(1e-12);
      expect(maxDiff(X.im, f.n16.im)).toBeLessThan(1e-12);
    }
  });

  it('refuses n shorter than the signal and says so', async () => {
    expect(await errorOf('op.fft', { in: sig(f.x) }, { size: 'custom', n: 8 })).toBe(
      'n = 8 is shorter than the signal (10 samples): use n ≥ 10 (the FFT zero-pads, it never crops), or size exact or pow2',
    );
  });

  it('ifft gives the real part at the spectrum\'s start and reports max |imag|', async () => {
    const X: Spectrum = { kind: 'spectrum', re: Float64Array.from(reference.ifft.re), im: Float64Array.from(reference.ifft.im), rate: 2, start: -3, hermitian: false };
    const outcome = await runNode('op.ifft', { in: X });
    if (!outcome.ok) throw new Error(outcome.error);
    const x = outcome.out as Signal;
    expect(maxDiff(x.data, reference.ifft.out)).toBeLessThan(1e-14);
    expect([x.start, x.rate]).toEqual([-3, 2]);
    expect(outcome.info).toBe(`max |imag| = ${reference.ifft.maxImag.toPrecision(3)}`);
  });

  it('round-trips a signal with max |imag| near 1e-16', async () => {
    const X = await value('op.fft', { in: sig(f.x, -4) });
    const outcome = await runNode('op.ifft', { in: X });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(maxDiff((outcome.out as Signal).data, f.x)).toBeLessThan(1e-14);
    expect((outcome.out as Signal).start).toBe(-4);
    expect(Number(outcome.info!.split('= ')[1])).toBeLessThan(1e-14);
  });
});

describe('sinks pass on what they receive', () => {
  it('plot, spectrum, image, value, audio', async () => {
    const s = sig([1, 2]);
    for (const [type, input] of [
      ['sink.plot', s],
      ['sink.audio', s],
      ['sink.image', img([1], 1, 1)],
      ['sink.value', { kind: 'value', fields: { a: 1 } }],
      ['sink.spectrum', { kind: 'spectrum', re: new Float64Array(1), im: new Float64Array(1), rate: 1, start: 0, hermitian: true }],
    ] as const) {
      const outcome = await runNode(type, { in: input });
      expect(outcome.ok && outcome.sink).toBe(input);
    }
    expect(await errorOf('sink.plot', { in: img([1], 1, 1) })).toBe('input in takes a signal, but an image is connected');
  });
});

describe('op.compare on value records', () => {
  it('pairs fields by name: P(sum = 7) of two dice against a typed-in 1/6', async () => {
    const die = await value('source.dice');
    const sum = await value('op.convolve', { a: die, b: die });
    const p7 = await value('op.sample', { in: sum }, { index: 7 });
    const sixth = await value('op.sample', { in: sig([1 / 6]) }, { index: 0 });
    expect(((await value('op.compare', { a: p7, b: sixth }, { tolerance: 1e-12 })) as ValueRecord).fields.match).toBe(1);
    const fifth = await value('op.sample', { in: sig([1 / 5]) }, { index: 0 });
    expect(((await value('op.compare', { a: p7, b: fifth })) as ValueRecord).fields).toMatchObject({ match: 0, maxAbsError: expect.closeTo(1 / 5 - 1 / 6, 12) });
  });
});
