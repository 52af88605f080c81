import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ladderDown,
  ladderUp,
  roundToStep,
  SLIDER_POSITIONS,
  sliderOf,
  sliderPosition,
  sliderValue,
  stepValue,
} from '../../src-renderer/panels/params/slider';
import { checkParamValue } from '../../src-shared/graph/params';
import { getNodeDefinition, nodeTypes } from '../../src-shared/nodes/registry';
import type { NumberParam } from '../../src-shared/nodes/define';

function param(type: string, name: string): NumberParam {
  const found = getNodeDefinition(type)!.params.find((p) => p.name === name);
  if (!found || found.kind !== 'number') throw new Error(`${type}.${name} is not a number param`);
  return found;
}
const sigma = param('kernel.gaussian', 'sigma');
const tolerance = param('op.compare', 'tolerance');

describe('param sliders', () => {
  it('take their span from the definition, whatever value the param has (the node and the inspector agree)', () => {
    expect(sliderOf(sigma)).toMatchObject({ min: 0.1, max: 100, scale: 'log' });
    // The slider itself does not depend on the value: one track for σ = 2 and for σ = 18.
    const track = sliderOf(sigma)!;
    expect(sliderPosition(track, 2) / SLIDER_POSITIONS).toBeCloseTo(Math.log(20) / Math.log(1000), 3);
    expect(sliderPosition(track, 18)).toBeGreaterThan(sliderPosition(track, 2));
  });

  it('pin a value typed beyond the span to the track\'s end (it stays valid within min and max)', () => {
    const track = sliderOf(sigma)!;
    expect(sliderPosition(track, 500)).toBe(SLIDER_POSITIONS);
    expect(sliderPosition(track, 0.01)).toBe(0);
    expect(checkParamValue(sigma, 500)).toBeUndefined();
  });

  it('derive a span for params that declare none: linear when small, by decades for a tiny default', () => {
    const derived = (definition: NumberParam) => sliderOf({ ...definition, slider: undefined });
    expect(derived(param('op.maxpool', 'size'))).toMatchObject({ min: 1, max: 20, scale: 'linear', step: 1 });
    expect(derived(tolerance)).toMatchObject({ min: 1e-12, max: 1e-6, scale: 'log' });
    expect(derived(param('kernel.box', 'size'))).toMatchObject({ min: 1, max: 3000, scale: 'log' });
    expect(derived(param('op.scale', 'factor'))).toMatchObject({ min: -10, max: 10, scale: 'linear', step: 0.2 });
    expect(sliderOf(param('source.function', 'seed'))).toBeUndefined();
  });

  it('give every number param of every node a valid track: ends in order, positive on a log track, its grid on a 1-2-5 step', () => {
    for (const definition of nodeTypes().map((type) => getNodeDefinition(type)!)) {
      for (const p of definition.params) {
        if (p.kind !== 'number') continue;
        const track = sliderOf(p);
        if (!track) continue;
        const where = `${definition.type}.${p.name}`;
        expect(track.max, where).toBeGreaterThan(track.min);
        if (track.scale === 'log') expect(track.min, where).toBeGreaterThan(0);
        else if (p.step === undefined) expect(String(track.step), where).toMatch(/^[125](0*|e[+-]?\d+)$|^0\.0*[125]$/);
        // The default sits on the track, and both ends give a value the param accepts.
        expect(checkParamValue(p, sliderValue(p, track, 0)), where).toBeUndefined();
        expect(checkParamValue(p, sliderValue(p, track, SLIDER_POSITIONS)), where).toBeUndefined();
      }
    }
  });

  it('round dragged values to what the track resolves: two digits by decades, the step on a linear track', () => {
    const track = sliderOf(sigma)!;
    for (let position = 0; position <= SLIDER_POSITIONS; position += 7) {
      const value = sliderValue(sigma, track, position);
      expect(Number(value.toPrecision(2))).toBe(value);
    }
    const t0 = param('source.function', 't0');
    const line = sliderOf(t0)!;
    expect(line.step).toBe(0.2);
    for (let position = 0; position <= SLIDER_POSITIONS; position += 3) {
      const value = sliderValue(t0, line, position);
      expect(String(value)).toMatch(/^-?\d+(\.\d)?$/);
    }
    expect(roundToStep(18.0448, 0.2)).toBe(18);
    expect(roundToStep(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(roundToStep(6, 2, 1)).toBe(7);
  });

  it('put a 1e-9 tolerance inside the track, not pinned to its end, and a short drag moves it by a small factor', () => {
    const track = sliderOf(tolerance)!;
    const at = sliderPosition(track, 1e-9);
    expect(at).toBeGreaterThan(0.1 * SLIDER_POSITIONS);
    expect(at).toBeLessThan(0.9 * SLIDER_POSITIONS);
    expect(sliderValue(tolerance, track, at)).toBe(1e-9);
    const next = sliderValue(tolerance, track, at + 5);
    expect(next / 1e-9).toBeGreaterThan(1.05);
    expect(next / 1e-9).toBeLessThan(1.5);
  });

  it('map values to positions and back on a log track, within what one position resolves', () => {
    const track = sliderOf(tolerance)!;
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1, noNaN: true }), (value) => {
      const back = sliderValue(tolerance, track, sliderPosition(track, value));
      // One position is (max/min)^(1/positions) wide, and two digits add at most 5 %.
      const width = Math.pow(track.max / track.min, 0.5 / SLIDER_POSITIONS) * 1.06;
      expect(back / value).toBeLessThan(width);
      expect(value / back).toBeLessThan(width);
    }));
  });
});

describe('key steps', () => {
  it('walk the 1-2-5 ladder on a log track: up then down returns to the start', () => {
    const track = sliderOf(sigma)!;
    expect(stepValue(sigma, track, 2, 1)).toBe(5);
    expect(stepValue(sigma, track, 5, -1)).toBe(2);
    expect(stepValue(sigma, track, 2, -1)).toBe(1);
    expect(stepValue(sigma, track, 0.1, -1)).toBe(0.05);
    expect(stepValue(sigma, track, 2, 1, true)).toBe(20);
    // From a value off the ladder, to the next rung.
    expect(stepValue(sigma, track, 3, 1)).toBe(5);
    expect(stepValue(sigma, track, 3, -1)).toBe(2);
    // Up to the max and no further.
    expect(stepValue(sigma, track, 1000, 1)).toBeUndefined();
    expect(stepValue(tolerance, sliderOf(tolerance), 1e-9, 1)).toBe(2e-9);
    expect(stepValue(tolerance, sliderOf(tolerance), 2e-9, -1)).toBe(1e-9);
    expect(stepValue(tolerance, sliderOf(tolerance), 0, 1)).toBe(1e-12);
  });

  it('return to the start after up then down, from any rung, by decades or by steps', () => {
    const rungs = fc.tuple(fc.constantFrom(1, 2, 5), fc.integer({ min: -12, max: 2 })).map(([m, e]) => Number(`${m}e${e}`));
    fc.assert(fc.property(rungs, fc.boolean(), (start, large) => {
      const track = sliderOf(tolerance)!;
      const up = stepValue(tolerance, track, start, 1, large);
      if (up === undefined) return;
      expect(stepValue(tolerance, track, up, -1, large)).toBe(start);
    }));
    const t0 = param('source.function', 't0');
    fc.assert(fc.property(fc.integer({ min: -50, max: 50 }), fc.boolean(), (k, large) => {
      const start = Number((k * 0.2).toFixed(1));
      const up = stepValue(t0, sliderOf(t0), start, 1, large)!;
      expect(String(up)).toMatch(/^-?\d+(\.\d)?$/);
      expect(stepValue(t0, sliderOf(t0), up, -1, large)).toBe(start);
    }));
  });

  it('step a linear track by its 1-2-5 step on its grid, whole numbers by whole steps, odd sizes by 2', () => {
    const t0 = param('source.function', 't0');
    expect(stepValue(t0, sliderOf(t0), -2, 1)).toBe(-1.8);
    expect(stepValue(t0, sliderOf(t0), -1.9, 1)).toBe(-1.8);
    expect(stepValue(t0, sliderOf(t0), -1.9, -1)).toBe(-2);
    const size = param('kernel.box', 'size');
    expect(stepValue(size, sliderOf(size), 3, 1)).toBe(4);
    expect(stepValue(size, sliderOf(size), 1, -1)).toBeUndefined();
    const ramp = param('kernel.ramp', 'size');
    expect(stepValue(ramp, sliderOf(ramp), 257, 1)).toBe(259);
    expect(stepValue(ramp, sliderOf(ramp), 257, -1, true)).toBe(237);
  });

  it('name the 1-2-5 rungs around a value', () => {
    expect(ladderUp(2)).toBe(5);
    expect(ladderUp(0.3)).toBe(0.5);
    expect(ladderDown(0.3)).toBe(0.2);
    expect(ladderDown(1e-9)).toBe(5e-10);
    expect(ladderUp(99)).toBe(100);
  });
});
