import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, LOG_SLIDER_STEPS, sliderPosition, sliderScale, sliderValue } from '../../src-renderer/panels/ParamField';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import type { ParamDefinition } from '../../src-shared/nodes/define';

type NumberParam = Extract<ParamDefinition, { kind: 'number' }>;
function param(type: string, name: string): NumberParam {
  const found = getNodeDefinition(type)!.params.find((p) => p.name === name);
  if (!found || found.kind !== 'number') throw new Error(`${type}.${name} is not a number param`);
  return found;
}

describe('param sliders', () => {
  it('go by decades for a tolerance of 1e-9 and for rates, and stay linear for σ, sizes and signed params', () => {
    expect(sliderScale(param('op.compare', 'tolerance'), 1e-9)?.log).toBe(true);
    expect(sliderScale(param('source.sequence', 'rate'), 1)?.log).toBe(true);
    expect(sliderScale(param('source.function', 'frequency'), 1)?.log).toBe(true);
    expect(sliderScale(param('kernel.gaussian', 'sigma'), 2)?.log).toBe(false);
    expect(sliderScale(param('kernel.box', 'size'), 3)?.log).toBe(false);
    expect(sliderScale(param('source.function', 't0'), -2)?.log).toBe(false);
  });

  it('put a 1e-9 tolerance inside the track, not pinned to its end, and one step moves it by a small factor', () => {
    const scale = sliderScale(param('op.compare', 'tolerance'), 1e-9)!;
    const at = sliderPosition(scale, 1e-9);
    expect(at).toBeGreaterThan(0.1 * LOG_SLIDER_STEPS);
    expect(at).toBeLessThan(0.9 * LOG_SLIDER_STEPS);
    const next = sliderValue(scale, at + 1);
    expect(next / 1e-9).toBeGreaterThan(1.001);
    expect(next / 1e-9).toBeLessThan(1.1);
  });

  it('map positions to values and back on a log scale (to the three digits shown)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1e6, noNaN: true }), fc.double({ min: 1e-9, max: 1e3, noNaN: true }), (value, other) => {
      const scale = sliderScale(param('op.compare', 'tolerance'), other)!;
      const [low, high] = scale.range;
      expect(low).toBeGreaterThan(0);
      const clamped = Math.min(high, Math.max(low, value));
      const back = sliderValue(scale, sliderPosition(scale, value));
      // One track position is (high/low)^(1/steps) wide; the value comes back within half of it.
      const halfStep = Math.pow(high / low, 0.5 / LOG_SLIDER_STEPS) * 1.005;
      expect(back / clamped).toBeLessThan(halfStep);
      expect(clamped / back).toBeLessThan(halfStep);
    }));
  });

  it('keep a linear slider\'s value as its position', () => {
    const scale = sliderScale(param('kernel.gaussian', 'sigma'), 2)!;
    expect(sliderPosition(scale, 2)).toBe(2);
    expect(sliderValue(scale, 3.5)).toBe(3.5);
  });
});

describe('number fields', () => {
  it('show tiny values in exponent form and others as plain numbers, to six digits', () => {
    expect(formatNumber(1e-6)).toBe('1e-6');
    expect(formatNumber(1.78e-8)).toBe('1.78e-8');
    expect(formatNumber(-2.5e-4)).toBe('-2.5e-4');
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(48000)).toBe('48000');
    expect(formatNumber(4294967295)).toBe('4294967295');
    for (const value of [1e-6, 1.78e-8, 0.0123456789, 3.14159265]) expect(Math.abs(Number(formatNumber(value)) / value - 1)).toBeLessThan(5e-6);
  });
});
