import { describe, expect, it } from 'vitest';
import { residualScale } from '../../../../src-renderer/views/compare/residualScale';

describe('residualScale', () => {
  it('labels a signed residual ±max |a − b|, symmetric about 0, however small', () => {
    const scale = residualScale([1e-15, -3.5e-15, 2e-15, Number.NaN], false);
    expect(scale.splits).toEqual([-3.5e-15, 0, 3.5e-15]);
    expect(scale.range[0]).toBe(-scale.range[1]);
    expect(scale.range[1]).toBeGreaterThan(3.5e-15);
  });
  it('runs |a − b| of spectra from 0 to its max', () => {
    expect(residualScale([0.5, 2, 1], true)).toEqual({ range: [0, 2 * 1.15], splits: [0, 2] });
  });
  it('gives an all-zero residual a small range labelled 0', () => {
    expect(residualScale([0, 0], false)).toEqual({ range: [-1, 1], splits: [0] });
  });
});
