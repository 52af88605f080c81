import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeImage, makeSignal, makeVolume, type Image, type Signal, type Value, type Volume } from '../../../src-shared/data';
import { resolveParams } from '../../../src-shared/nodes/define';
import { getNodeDefinition } from '../../../src-shared/nodes/registry';
import type { Comparison, FrequencyResponse } from '../../../src-shared/protocol';
import { compareDetail, frequencyResponse, worstOfEach } from '../../../src-shared/engine/analysis';

const f64 = (array: Float64Array) => Array.from(array);
const f32 = (array: Float32Array) => Array.from(array);

function kernel(type: string, params: Record<string, unknown> = {}): Value {
  const definition = getNodeDefinition(type)!;
  const result = definition.compute({}, resolveParams(definition, params as never), {
    progress: () => undefined,
    checkCancelled: () => undefined,
    reserve: () => undefined,
    readFile: () => Promise.reject(new Error('no files')),
  });
  if (result instanceof Promise || !result.ok) throw new Error(`${type} failed`);
  return result.outputs.out;
}

/** |Σ h[x, y, z] e^{−2πi (fx x + fy y + fz z)}| of a planar (z, y, x) volume, the textbook 3-D DTFT. */
function dtft3(volume: Volume, fx: number, fy: number, fz: number): number {
  let re = 0;
  let im = 0;
  for (let z = 0; z < volume.depth; z++) for (let y = 0; y < volume.height; y++) for (let x = 0; x < volume.width; x++) {
    const value = volume.data[(z * volume.height + y) * volume.width + x]!;
    const phase = 2 * Math.PI * (fx * x + fy * y + fz * z);
    re += value * Math.cos(phase);
    im -= value * Math.sin(phase);
  }
  return Math.hypot(re, im);
}

/** |Σ h[k] e^{−2πi f k}| at frequency f (cycles per sample), the textbook DTFT. */
function dtft(data: ArrayLike<number>, f: number): number {
  let re = 0;
  let im = 0;
  for (let k = 0; k < data.length; k++) {
    re += data[k] * Math.cos(2 * Math.PI * f * k);
    im -= data[k] * Math.sin(2 * Math.PI * f * k);
  }
  return Math.hypot(re, im);
}

function dtft2(image: Image, fx: number, fy: number): number {
  let re = 0;
  let im = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const phase = -2 * Math.PI * (fx * x + fy * y);
      re += image.data[y * image.width + x] * Math.cos(phase);
      im += image.data[y * image.width + x] * Math.sin(phase);
    }
  }
  return Math.hypot(re, im);
}

describe('compareDetail (the equivalence view)', () => {
  it('lines signals up by start like op.compare, and measures the residual on the full values', () => {
    const a = makeSignal(Float64Array.from([1, 2, 3]), 2);
    const b = makeSignal(Float64Array.from([1, 2, 3.5, 4]), 1);
    const result = compareDetail(a, b) as Extract<Comparison, { kind: 'signal' | 'spectrum' }>;
    expect(result).toMatchObject({ kind: 'signal', start: 1, length: 4, step: 1 });
    // Index 1..4: a = [0, 1, 2, 3], b = [1, 2, 3.5, 4].
    expect(f64(result.a)).toEqual([0, 1, 2, 3]);
    expect(f64(result.b)).toEqual([1, 2, 3.5, 4]);
    expect(f64(result.residual)).toEqual([-1, -1, -1.5, -1]);
    const energy = 0 + 1 + 4 + 9;
    const residualEnergy = 1 + 1 + 2.25 + 1;
    expect(result.stats.maxAbsError).toBe(1.5);
    expect(result.stats.rmsError).toBeCloseTo(Math.sqrt(residualEnergy / 4), 15);
    expect(result.stats.relError).toBeCloseTo(1.5 / 3, 15);
    expect(result.stats.snrDb).toBeCloseTo(10 * Math.log10(energy / residualEnergy), 12);
    expect(result.stats.identical).toBe(false);
  });

  it('says identical (no finite SNR) when every sample agrees, and reduces long signals but not the measures', () => {
    const long = makeSignal(Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i)));
    const same = compareDetail(long, long, { maxPoints: 100 }) as Extract<Comparison, { kind: 'signal' | 'spectrum' }>;
    expect(same.stats).toMatchObject({ identical: true, snrDb: null, maxAbsError: 0, count: 1000 });
    expect(same.step).toBe(10);
    expect(f64(same.a)).toHaveLength(100);
    const nudged = makeSignal(long.data.map((v, i) => (i === 997 ? v + 0.25 : v)));
    const detail = compareDetail(long, nudged, { maxPoints: 100 }) as Extract<Comparison, { kind: 'signal' | 'spectrum' }>;
    expect(detail.stats.maxAbsError).toBeCloseTo(0.25, 12);
    // The one sample that differs is not a multiple of the step: every 10th sample would show no
    // residual at all; the reduction keeps it, with a and b at that same sample.
    expect(f64(detail.residual).map(Math.abs).reduce((m, v) => Math.max(m, v), 0)).toBe(detail.stats.maxAbsError);
    expect(detail.residual[99]).toBe(long.data[997]! - nudged.data[997]!);
    expect([detail.a[99], detail.b[99]]).toEqual([long.data[997], nudged.data[997]]);
  });

  it('reduces long signals to the sample of largest |a − b| in each step, as a naive oracle picks it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 15, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(Number.NaN) }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        (values, step) => {
          const a = Float64Array.from(values, (_, i) => Math.sin(i));
          const b = Float64Array.from(values, (v, i) => Math.sin(i) + v);
          const residual = a.map((v, i) => v - b[i]!);
          const got = worstOfEach(a, b, residual, step);
          for (let e = 0; e * step < a.length; e++) {
            // The first NaN of the group, else the first sample of largest |residual|.
            let at = e * step;
            for (let i = e * step; i < Math.min(a.length, (e + 1) * step); i++) {
              if (Number.isNaN(residual[i]!)) { at = i; break; }
              if (Math.abs(residual[i]!) > Math.abs(residual[at]!)) at = i;
            }
            expect([got.a[e], got.b[e], got.residual[e]]).toEqual([a[at], b[at], residual[at]]);
          }
          expect(got.a).toHaveLength(Math.ceil(a.length / step));
        },
      ),
    );
  });

  it('lines images up by origin and returns the signed residual image', () => {
    const a = makeImage(Float32Array.from([1, 2, 3, 4]), 2, 2, { origin: { x: 0, y: 0 } });
    const b = makeImage(Float32Array.from([1, 2, 3, 5]), 2, 2, { origin: { x: 0, y: 0 } });
    const result = compareDetail(a, b) as Extract<Comparison, { kind: 'image' }>;
    expect(result).toMatchObject({ kind: 'image', width: 2, height: 2, channels: 1, fromSpectrum: false });
    expect(f32(result.residual)).toEqual([0, 0, 0, -1]);
    expect(result.stats.maxAbsError).toBe(1);
  });

  it("holds the aligned union to the engine's memory limit, not to the default one", () => {
    // Two one-sample signals 5 million samples apart: a union of 80 MB of doubles, over 64 MiB.
    const a = makeSignal(Float64Array.of(1));
    const b = makeSignal(Float64Array.of(2), 5_000_000);
    expect(() => compareDetail(a, b, {}, 64 * 1024 * 1024)).toThrow(/^aligning a and b over 5000001 samples \(from 0 to 5000001\) would need 76\.3 MiB, over the 64\.0 MiB limit$/);
    expect(compareDetail(a, b, {}, 1024 ** 3)).toMatchObject({ kind: 'signal', start: 0 });
  });

  it('compares spectra as complex numbers and records field by field, and refuses mixed types', () => {
    const a = { kind: 'spectrum' as const, re: Float64Array.from([1, 0]), im: Float64Array.from([0, 1]), rate: 1, start: 0, hermitian: false };
    const b = { ...a, im: Float64Array.from([0, -1]) };
    const spectra = compareDetail(a, b) as Extract<Comparison, { kind: 'signal' | 'spectrum' }>;
    expect(spectra.stats.maxAbsError).toBe(2);
    expect(f64(spectra.residual)).toEqual([0, 2]);
    const records = compareDetail({ kind: 'value', fields: { x: 1, y: 2 } }, { kind: 'value', fields: { y: 2.5 } });
    expect(records).toMatchObject({ kind: 'value', names: ['x', 'y'], a: [1, 2], b: [0, 2.5], stats: { maxAbsError: 1 } });
    expect(compareDetail(makeSignal(new Float64Array(1)), records as never)).toBe('a and b must carry the same type (got signal and value)');
  });
});

describe('frequencyResponse (the kernel inspector)', () => {
  it('gives |H| of a 1-D kernel, centred, equal to the DTFT at each bin', () => {
    const gaussian = kernel('kernel.gaussian', { dims: 1, sigma: 2 }) as Signal;
    const response = frequencyResponse(gaussian) as Extract<FrequencyResponse, { kind: 'response1d' }>;
    expect(response.kind).toBe('response1d');
    const magnitude = f64(response.magnitude);
    expect(magnitude).toHaveLength(response.size);
    const middle = response.size / 2;
    for (const i of [0, 5, middle - 3, middle, middle + 7, response.size - 1]) {
      expect(magnitude[i]).toBeCloseTo(dtft(gaussian.data, (i - middle) / response.size), 12);
    }
    expect(response).toMatchObject({ character: 'low-pass', dcGain: expect.closeTo(1, 12) });
  });

  it('shows the ramp kernel is |f|: its response follows the straight line from 0 to ½', () => {
    const ramp = kernel('kernel.ramp', { size: 257 }) as Signal;
    const response = frequencyResponse(ramp) as Extract<FrequencyResponse, { kind: 'response1d' }>;
    const magnitude = f64(response.magnitude);
    const middle = response.size / 2;
    for (const f of [0.05, 0.1, 0.2, 0.3, 0.45]) {
      const i = middle + Math.round(f * response.size);
      expect(magnitude[i]).toBeCloseTo((i - middle) / response.size, 2);
    }
    expect(response.character).toBe('high-pass');
  });

  it('gives |H| of a 2-D kernel on a centred grid, matching the 2-D DTFT (Laplacian: 0 at DC, 8 at the corner)', () => {
    const laplacian = kernel('kernel.laplacian') as Image;
    const response = frequencyResponse(laplacian) as Extract<FrequencyResponse, { kind: 'response2d' }>;
    expect(response).toMatchObject({ kind: 'response2d', kernelWidth: 3, kernelHeight: 3, size: 64, character: 'high-pass' });
    const magnitude = f32(response.magnitude);
    const middle = 32;
    for (const [row, column] of [[0, 0], [middle, middle], [10, 50], [40, 3]] as const) {
      expect(magnitude[row * 64 + column]).toBeCloseTo(dtft2(laplacian, (column - middle) / 64, (row - middle) / 64), 5);
    }
    expect(response.dcGain).toBeCloseTo(0, 6);
    expect(response.nyquistGain).toBeCloseTo(8, 5);
  });

  it('gives |H| of a 3-D kernel as its three planes through DC, matching the 3-D DTFT', () => {
    // A 3-D Gaussian (dims 3) and an asymmetric 2 × 3 × 2 kernel typed as planes, whose planes differ.
    const gaussian = kernel('kernel.gaussian', { dims: 3, sigma: 1 }) as Volume;
    expect(gaussian.kind).toBe('volume');
    const response = frequencyResponse(gaussian) as Extract<FrequencyResponse, { kind: 'response3d' }>;
    expect(response).toMatchObject({ kind: 'response3d', kernelWidth: 7, kernelHeight: 7, kernelDepth: 7, size: 16, character: 'low-pass' });
    expect(response.dcGain).toBeCloseTo(1, 5);
    const odd = makeVolume(Float32Array.of(1, -2, 0.5, 3, 0, 1, -1, 2, 4, 0, 0.25, -3), 2, 3, 2);
    const h = frequencyResponse(odd, { size: 8 }) as Extract<FrequencyResponse, { kind: 'response3d' }>;
    expect(h).toMatchObject({ kind: 'response3d', kernelWidth: 2, kernelHeight: 3, kernelDepth: 2, size: 8 });
    const size = 8, middle = 4, plane = size * size;
    const planes = f32(h.planes);
    expect(planes).toHaveLength(3 * plane);
    for (const [a, b] of [[0, 0], [middle, middle], [1, 6], [5, 2]] as const) {
      const [fa, fb] = [(a - middle) / size, (b - middle) / size];
      // fz = 0: rows fy, columns fx; fy = 0: rows fz, columns fx; fx = 0: rows fz, columns fy.
      expect(planes[a * size + b]).toBeCloseTo(dtft3(odd, fb, fa, 0), 4);
      expect(planes[plane + a * size + b]).toBeCloseTo(dtft3(odd, fb, 0, fa), 4);
      expect(planes[2 * plane + a * size + b]).toBeCloseTo(dtft3(odd, 0, fb, fa), 4);
    }
    expect(h.dcGain).toBeCloseTo(5.75, 5);
    expect(h.nyquistGain).toBeCloseTo(dtft3(odd, 0.5, 0.5, 0.5), 4);
  });

  it('names what each kernel of the catalog does', () => {
    const character = (type: string, params?: Record<string, unknown>) => (frequencyResponse(kernel(type, params)) as FrequencyResponse).character;
    expect(character('kernel.gaussian')).toBe('low-pass');
    expect(character('kernel.box')).toBe('low-pass');
    expect(character('kernel.identity')).toBe('all-pass');
    expect(character('kernel.laplacian', { variant: 8 })).toBe('high-pass');
    expect(character('kernel.sobel')).toBe('band-pass');
    expect(character('kernel.sharpen')).toBe('high-boost');
  });

  it("refuses a response whose working arrays would not fit the budget, before it allocates them", () => {
    const budget = 64 * 1024 * 1024;
    // 2-D: the grid is the longest side squared; a 1 × 2000 image fits on a 2048 grid at 1 GiB, not at 64 MiB.
    const thin = makeImage(new Float32Array(2000), 1, 2000);
    expect(frequencyResponse(thin, {}, budget)).toBe('the kernel is 1 × 2000: its frequency response on a 2000 × 2000 grid would need 76.3 MiB, over the 64.0 MiB limit: the response is shown for smaller kernels (fewer taps along the longest side)');
    expect(frequencyResponse(thin, {}, 1024 ** 3)).toMatchObject({ kind: 'response2d', size: 2000 });
    // 1-D: four times the taps, to a power of two.
    expect(frequencyResponse(makeSignal(new Float64Array(1_000_000)), {}, budget)).toMatch(/^the kernel is 1000000 taps long: its frequency response on a 4194304-point grid would need 128\.0 MiB, over the 64\.0 MiB limit/);
    // A size the page asks for counts as well.
    expect(frequencyResponse(kernel('kernel.laplacian'), { size: 4096 }, budget)).toMatch(/^the kernel is 3 × 3: its frequency response on a 4096 × 4096 grid would need/);
  });

  it('explains what has no response', () => {
    expect(frequencyResponse({ kind: 'value', fields: {} })).toMatch(/^a frequency response is shown for kernels/);
    expect(frequencyResponse(makeVolume(new Float32Array(129), 129, 1, 1))).toBe('the kernel is 129 × 1 × 1: a 3-D response is shown for kernels up to 128 a side');
    expect(frequencyResponse(makeImage(new Float32Array(18), 3, 3, { channels: 2 }))).toMatch(/2 channels/);
  });
});
