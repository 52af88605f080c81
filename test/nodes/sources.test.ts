import { describe, expect, it } from 'vitest';
import type { Image, Signal } from '../../src-shared/data';
import { compileExpression, evaluateArithmetic } from '../../src-shared/nodes/expression';
import { errorOf, maxDiff, reference, runNode, value } from './harness';

const fn = reference.function;

describe('source.dice', () => {
  it('is a fair die starting at index 1 by default', async () => {
    const die = (await value('source.dice')) as Signal;
    expect(die.start).toBe(1);
    expect([...die.data]).toEqual(new Array(6).fill(1 / 6));
  });

  it('normalises weights to sum 1', async () => {
    const die = (await value('source.dice', {}, { faces: 3, weights: [1, 2, 1] })) as Signal;
    expect([...die.data]).toEqual([0.25, 0.5, 0.25]);
  });

  it('refuses weights whose count is not the number of faces, and faces out of range', async () => {
    expect(await errorOf('source.dice', {}, { faces: 4, weights: [1, 2] })).toBe('params.weights: must hold one weight per face: 4 (got 2)');
    expect(await errorOf('source.dice', {}, { faces: 0 })).toBe('params.faces: must be >= 1 (got 0)');
    expect(await errorOf('source.dice', {}, { faces: 2, weights: [1, -1] })).toContain('params.weights: [1] must be >= 0');
  });
});

describe('source.sequence', () => {
  it('places values at start with the given rate', async () => {
    const s = (await value('source.sequence', {}, { values: [4, 5], start: -1, rate: 8 })) as Signal;
    expect([...s.data]).toEqual([4, 5]);
    expect(s.start).toBe(-1);
    expect(s.rate).toBe(8);
  });
});

describe('source.function against numpy', () => {
  const base = fn.params;
  const cases: [string, Record<string, number | string>, number[]][] = [
    ['rect', {}, fn.rect],
    ['triangle', {}, fn.triangle],
    ['gaussian', { sigma: 0.5 }, fn['gaussian_sigma_0.5']],
    ['exponential', { width: 0.5 }, fn['exponential_width_0.5']],
    ['sine', { frequency: 2, amplitude: 3 }, fn.sine_f_2_amp_3],
    ['cosine', {}, fn.cosine_f_1],
    ['step', {}, fn.step],
    ['chirp', { frequency: 2 }, fn.chirp_f_2],
    ['expression', { expression: fn.expression.text }, fn.expression.values],
  ];
  for (const [shape, extra, expected] of cases) {
    it(`samples ${shape} on [t0, t1] with start = round(t0·rate)`, async () => {
      const s = (await value('source.function', {}, { ...base, shape, ...extra })) as Signal;
      expect(s.start).toBe(fn.start);
      expect(s.rate).toBe(10);
      expect(maxDiff(s.data, expected)).toBeLessThan(1e-12);
    });
  }

  it('puts an impulse of the amplitude at index 0 only', async () => {
    const s = (await value('source.function', {}, { ...base, shape: 'impulse', amplitude: 2 })) as Signal;
    expect(s.data[-s.start]).toBe(2);
    expect(s.data.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('makes the same seeded noise twice and different noise for another seed', async () => {
    const a = (await value('source.function', {}, { shape: 'noise', seed: 7 })) as Signal;
    const b = (await value('source.function', {}, { shape: 'noise', seed: 7 })) as Signal;
    const c = (await value('source.function', {}, { shape: 'noise', seed: 8 })) as Signal;
    expect([...a.data]).toEqual([...b.data]);
    expect(maxDiff(a.data, c.data)).toBeGreaterThan(0.1);
    const mean = a.data.reduce((s, x) => s + x, 0) / a.data.length;
    expect(Math.abs(mean)).toBeLessThan(0.2);
  });

  it('refuses t1 <= t0', async () => {
    expect(await errorOf('source.function', {}, { t0: 1, t1: 1 })).toBe('params.t1: must be greater than t0 (got t0 = 1, t1 = 1)');
  });
});

describe('source.function expressions are safe', () => {
  const refused: [string, RegExp][] = [
    ['x = 5', /assignment is not allowed/],
    ['f(t) = t', /assignment is not allowed/],
    ['import("fs")', /function import is not allowed/],
    ['evaluate("1+1")', /function evaluate is not allowed/],
    ['t.constructor', /property or index access is not allowed/],
    ['[1, 2]', /a list is not allowed/],
    ['{a: 1}', /an object is not allowed/],
    ['"text"', /only numbers are allowed/],
    ['y * 2', /unknown name y/],
    ['1; 2', /more than one statement/],
    ['sin(', /cannot read it/],
    ['cos.constructor("return 1")()', /not allowed|cannot read it/],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${text} with a one-line reason`, () => {
      const compiled = compileExpression(text);
      expect(compiled.ok).toBe(false);
      if (!compiled.ok) {
        expect(compiled.error).toMatch(message);
        expect(compiled.error).not.toContain('\n');
      }
    });
  }

  it('reports a refused expression as the param in error', async () => {
    expect(await errorOf('source.function', {}, { shape: 'expression', expression: 'x = 5' })).toMatch(/^params\.expression: assignment is not allowed/);
  });

  it('text nested past the stack (parentheses, or terms in a row) is refused in words that say what to change, never thrown', () => {
    const deep = 'it nests too deeply to read (too many parentheses, or too many terms in one row): write it shorter';
    // Far past any stack: a file's expression holds at most 1000 characters (about 500 parentheses
    // overflow already), a field takes whatever is pasted into it.
    for (const text of ['('.repeat(10_000) + 't' + ')'.repeat(10_000), '1+'.repeat(100_000) + 't']) {
      expect(compileExpression(text)).toEqual({ ok: false, error: deep });
      expect(evaluateArithmetic(text.replace('t', '1'))).toEqual({ ok: false, error: deep });
    }
    expect(evaluateArithmetic('1+'.repeat(500) + '1')).toEqual({ ok: true, value: 501 });
  });

  it('evaluates comparisons, ternaries, constants and the function list', () => {
    const compiled = compileExpression('(t > 1 ? 2 : 3) + pi * e - abs(-t) + max(t, 4) + 5 % 3');
    expect(compiled.ok).toBe(true);
    if (compiled.ok) expect(compiled.f(2)).toBeCloseTo(2 + Math.PI * Math.E - 2 + 4 + 2, 12);
  });
});

describe('source.testSound', () => {
  it('makes duration·rate samples at the rate, peak at most 0.5, the same every run', async () => {
    for (const kind of ['click-train', 'pluck', 'noise-burst', 'sweep']) {
      const a = (await value('source.testSound', {}, { kind, duration: 0.5, rate: 8000 })) as Signal;
      const b = (await value('source.testSound', {}, { kind, duration: 0.5, rate: 8000 })) as Signal;
      expect(a.data.length).toBe(4000);
      expect(a.rate).toBe(8000);
      expect(Math.max(...a.data.map(Math.abs))).toBeLessThanOrEqual(0.5);
      expect(Math.max(...a.data.map(Math.abs))).toBeGreaterThan(0.05);
      expect([...a.data]).toEqual([...b.data]);
    }
  });

  it('puts clicks every quarter second', async () => {
    const s = (await value('source.testSound', {}, { kind: 'click-train', duration: 1, rate: 8000 })) as Signal;
    const clicks = [...s.data.keys()].filter((k) => s.data[k] !== 0);
    expect(clicks).toEqual([0, 2000, 4000, 6000]);
  });
});

describe('source.testImage', () => {
  it('draws each pattern at the size asked, reproducibly', async () => {
    for (const pattern of ['checkerboard', 'disk', 'bars', 'gradient', 'impulse', 'noise', 'phantom']) {
      const outcome = await runNode('source.testImage', {}, { pattern, size: 32, seed: 3 });
      expect(outcome.ok, pattern).toBe(true);
      if (!outcome.ok) continue;
      const image = outcome.out as Image;
      expect([image.width, image.height, image.channels]).toEqual([32, 32, 1]);
      const again = (await value('source.testImage', {}, { pattern, size: 32, seed: 3 })) as Image;
      expect([...again.data]).toEqual([...image.data]);
    }
  });

  it('puts the impulse in the centre and a disk of radius size/4 there', async () => {
    const impulse = (await value('source.testImage', {}, { pattern: 'impulse', size: 16 })) as Image;
    expect(impulse.data[8 * 16 + 8]).toBe(1);
    expect(impulse.data.reduce((a, b) => a + b, 0)).toBe(1);
    const disk = (await value('source.testImage', {}, { pattern: 'disk', size: 64 })) as Image;
    const area = disk.data.reduce((a, b) => a + b, 0);
    expect(area).toBeGreaterThan(Math.PI * 16 * 16 * 0.95);
    expect(area).toBeLessThan(Math.PI * 16 * 16 * 1.05);
  });

  it('refuses a size out of range', async () => {
    expect(await errorOf('source.testImage', {}, { size: 4 })).toBe('params.size: must be >= 8 (got 4)');
    expect(await errorOf('source.testImage', {}, { size: 16384 })).toBe('params.size: must be <= 8192 (got 16384)');
  });
});

describe('source.phantom3d', () => {
  it('makes a size³ volume centred on its middle voxel: a sphere of radius size/4 holds 4/3·π·(size/4)³ voxels', async () => {
    const result = await runNode('source.phantom3d', {}, { pattern: 'sphere', size: 32 });
    if (!result.ok) throw new Error(result.error);
    const volume = result.out;
    if (volume.kind !== 'volume') throw new Error(`expected a volume, got ${volume.kind}`);
    expect([volume.width, volume.height, volume.depth, volume.channels]).toEqual([32, 32, 32, 1]);
    expect(volume.origin).toEqual({ x: 15.5, y: 15.5, z: 15.5 });
    const inside = volume.data.reduce((sum, v) => sum + v, 0);
    expect(Math.abs(inside / ((4 / 3) * Math.PI * 8 ** 3) - 1)).toBeLessThan(0.05);
  });
});
