import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeImage, makeSignal, type Image, type Signal, type Value } from '../../../../src-shared/data';
import { resolveParams, type ResolvedParams } from '../../../../src-shared/nodes/define';
import { getNodeDefinition } from '../../../../src-shared/nodes/registry';
import { flipSamples, paddedRange, patchAt, slideFrame, slideSetup, slideYRange } from '../../../../src-renderer/views/flipSlide/geometry';

const context = {
  progress: () => undefined,
  checkCancelled: () => undefined,
  reserve: () => undefined,
  readFile: () => Promise.reject(new Error('no files')),
};

/** The engine's own answer: the node compute, exactly as a run would call it. */
function engine(type: string, inputs: Record<string, Value>, params: Record<string, unknown> = {}): Value {
  const definition = getNodeDefinition(type)!;
  const result = definition.compute(inputs, resolveParams(definition, params as ResolvedParams), context);
  if (result instanceof Promise || !result.ok) throw new Error(`${type}: ${result instanceof Promise ? 'async' : result.error}`);
  return result.outputs.out;
}

/** For every t of the engine's output, the view's sum of products must be that output sample. */
function expectSumsMatchEngine(a: Signal, b: Signal, params: { correlate?: boolean; mode?: string; integral?: boolean; method?: string }) {
  const out = engine(params.correlate ? 'op.correlate' : 'op.convolve', { a, b }, { method: params.method ?? 'direct', mode: params.mode ?? 'full', integral: params.integral ?? false }) as Signal;
  const setup = slideSetup(a, b, { start: out.start, length: out.data.length }, { correlate: params.correlate ?? false, integral: params.integral ?? false });
  expect(setup.tFirst).toBe(out.start);
  expect(setup.tLast).toBe(out.start + out.data.length - 1);
  for (let t = setup.tFirst; t <= setup.tLast; t++) {
    const frame = slideFrame(setup, t);
    const expected = out.data[t - out.start];
    expect(Math.abs(frame.sum - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)) + 1e-12);
    // The shaded products add up to the marked sum (times 1/rate with integral).
    const shaded = frame.product.reduce<number>((s, p) => s + (p ?? 0), 0);
    expect(shaded * setup.scale).toBeCloseTo(frame.sum, 12);
  }
  return { out, setup };
}

const seq = (values: number[], start = 0, rate = 1) => makeSignal(Float64Array.from(values), start, rate);

describe('flip and slide, 1-D: the sum at each t is the engine\'s output there', () => {
  it('two dice: PMFs start at 1, the sum starts at 2, and P(7) = 6 overlapping products of 1/36', () => {
    const die = engine('source.dice', {}, { faces: 6 }) as Signal;
    const { setup } = expectSumsMatchEngine(die, die, {});
    expect([setup.tFirst, setup.tLast]).toEqual([2, 12]);
    const seven = slideFrame(setup, 7);
    expect(seven.terms.map((term) => term.tau)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seven.terms.every((term) => Math.abs(term.f * term.g - 1 / 36) < 1e-15)).toBe(true);
    expect(seven.sum).toBeCloseTo(1 / 6, 15);
    // At the first t only the 1 of one die meets the 1 of the other.
    expect(slideFrame(setup, 2).terms).toEqual([{ tau: 1, f: 1 / 6, g: 1 / 6 }]);
  });

  it('polynomials: (1 + 2x + 3x²)(4 + 5x), coefficient by coefficient', () => {
    const { setup } = expectSumsMatchEngine(seq([1, 2, 3]), seq([4, 5]), {});
    expect([0, 1, 2, 3].map((t) => slideFrame(setup, t).sum)).toEqual([4, 13, 22, 15]);
    // x²: 2·5 + 3·4, the flipped q under p.
    expect(slideFrame(setup, 2).terms).toEqual([
      { tau: 1, f: 2, g: 5 },
      { tau: 2, f: 3, g: 4 },
    ]);
  });

  it('keeps NODES.md\'s starts: a kernel centred on 0 and a signal starting at −3', () => {
    expectSumsMatchEngine(seq([1, 2, 3, 4, 5, 6, 5, 3, 1, 0.5], -3), seq([1, -1, 2, 0.5, 0.25], -2), {});
  });

  it('shows g flipped and shifted: g(t − τ) is b read backwards from t', () => {
    const b = seq([1, 2, 3], 0);
    const setup = slideSetup(seq([0, 0, 0, 0]), b, { start: 0, length: 6 }, { correlate: false, integral: false });
    const frame = slideFrame(setup, 3);
    const drawn = frame.tau.map((tau, i) => [tau, frame.g[i]]).filter(([, g]) => g !== null);
    expect(drawn).toEqual([[1, 3], [2, 2], [3, 1]]);
    // Correlation slides b unflipped: b(τ − t).
    const corr = slideSetup(seq([0, 0, 0, 0]), b, { start: -2, length: 6 }, { correlate: true, integral: false });
    const shown = slideFrame(corr, 1);
    expect(shown.tau.map((tau, i) => [tau, shown.g[i]]).filter(([, g]) => g !== null)).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(flipSamples(b)).toEqual({ data: [3, 2, 1], start: -2, rate: 1 });
  });

  it('follows same and valid modes, correlation and the integral scaling', () => {
    const a = seq([0.5, 1, -2, 3, 1, 0, 2], 4, 10);
    const b = seq([1, -1, 0.25], -1, 10);
    for (const mode of ['full', 'same', 'valid']) {
      for (const correlate of [false, true]) {
        for (const integral of [false, true]) expectSumsMatchEngine(a, b, { mode, correlate, integral });
      }
    }
  });

  it('sampled functions: rect * rect with integral on is the triangle, at every t', () => {
    const rect = engine('source.function', {}, { shape: 'rect', t0: -1, t1: 1, rate: 100 }) as Signal;
    const { setup } = expectSumsMatchEngine(rect, rect, { integral: true, method: 'fft' });
    expect(slideFrame(setup, 0).sum).toBeCloseTo(1, 1);
    // The τ window holds f and every position of the sliding rect.
    expect([setup.tauFirst, setup.tauLast]).toEqual([-300, 300]);
  });

  it('agrees with the engine on random short signals, starts, modes and methods', () => {
    const values = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        values,
        values,
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -20, max: 20 }),
        fc.constantFrom('full', 'same', 'valid'),
        fc.boolean(),
        fc.constantFrom('direct', 'fft', 'overlap-add', 'auto'),
        (x, y, startA, startB, mode, correlate, method) => {
          if (mode === 'valid' && y.length > x.length) return;
          const a = seq(x, startA);
          const b = seq(y, startB);
          const out = engine(correlate ? 'op.correlate' : 'op.convolve', { a, b }, { method, mode }) as Signal;
          const setup = slideSetup(a, b, { start: out.start, length: out.data.length }, { correlate, integral: false });
          const scale = x.reduce((s, v) => s + Math.abs(v), 0) * y.reduce((s, v) => s + Math.abs(v), 0);
          for (let t = setup.tFirst; t <= setup.tLast; t++) {
            expect(Math.abs(slideFrame(setup, t).sum - out.data[t - out.start])).toBeLessThanOrEqual(1e-12 * (scale + 1));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('flip and slide, 1-D: the y range that never moves', () => {
  const setupOf = (f: number[] | Float64Array, g: number[] | Float64Array) =>
    slideSetup({ data: f, start: 0, rate: 1 }, { data: g, start: 0, rate: 1 }, { start: 0, length: f.length + g.length - 1 }, { correlate: false, integral: false });

  it('holds f, g and every product of a sample of f with one of g', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 12 }), (f, g) => {
        const products = f.flatMap((x) => g.map((y) => x * y));
        expect(slideYRange(setupOf(f, g))).toEqual(paddedRange(f, g, [Math.min(0, ...products), Math.max(0, ...products)]));
      }),
      { numRuns: 200 },
    );
  });

  it('takes a kernel of 300,000 samples in one pass over each signal (Math.max(...g) per sample of f threw past ~125,000)', () => {
    const g = Float64Array.from({ length: 300_000 }, (_, i) => Math.sin(i / 1000));
    const [lo, hi] = slideYRange(setupOf([2, -1, 0.5], g));
    // Products reach 2·max g ≈ 2 and −1·max g ≈ −1 (or 2·min g ≈ −2): padded by 8 % of the span.
    expect(lo).toBeCloseTo(-2 - 0.08 * 4, 2);
    expect(hi).toBeCloseTo(2 + 0.08 * 4, 2);
  });
});

describe('flip and slide, 2-D: the patch under the cursor', () => {
  const image = (width: number, height: number, seed: number, origin = { x: 0, y: 0 }): Image => {
    let state = seed;
    const data = Float32Array.from({ length: width * height }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return (state / 2147483648) * 2 - 1;
    });
    return makeImage(data, width, height, { origin });
  };

  it('sums the kernel over the patch to the engine\'s output pixel, for every mode, boundary and both operations', () => {
    const a = image(7, 6, 3, { x: 2, y: 1 });
    const b = image(3, 4, 9, { x: 1, y: 3 });
    for (const mode of ['full', 'same', 'valid']) {
      for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as const) {
        for (const correlate of [false, true]) {
          const out = engine(correlate ? 'op.correlate' : 'op.convolve', { a, b }, { method: 'direct', mode, boundary }) as Image;
          for (let oy = 0; oy < out.height; oy++) {
            for (let ox = 0; ox < out.width; ox++) {
              const patch = patchAt(a, b, ox - out.origin.x, oy - out.origin.y, { correlate, boundary });
              expect(patch.sum).toBeCloseTo(out.data[oy * out.width + ox], 5);
            }
          }
        }
      }
    }
  });

  it('lays the kernel over the patch rotated by 180° for convolution and as it is for correlation', () => {
    const a = makeImage(new Float32Array(25).fill(1), 5, 5);
    const b = makeImage(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 3, 3, { origin: { x: 1, y: 1 } });
    const convolved = patchAt(a, b, 2, 2, { correlate: false, boundary: 'zero' });
    expect(convolved.cells.map((cell) => cell.weight)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect([convolved.left, convolved.top]).toEqual([1, 1]);
    expect(patchAt(a, b, 2, 2, { correlate: true, boundary: 'zero' }).cells.map((cell) => cell.weight)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // At a corner, zero boundary reads 0 outside the image.
    const corner = patchAt(a, b, 0, 0, { correlate: false, boundary: 'zero' });
    expect(corner.cells.filter((cell) => cell.value === 0).map((cell) => [cell.x, cell.y])).toEqual([[-1, -1], [0, -1], [1, -1], [-1, 0], [-1, 1]]);
  });
});
