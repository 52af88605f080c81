/**
 * The y axis of the Equivalence view's residual plot. uPlot scales a residual to fill its plot
 * and, in a plot that short, labels only 0: a residual of 3.6e-15 (floating-point rounding, a
 * PASS) looked exactly like one of 3.6 (a wrong result). So the axis is symmetric about 0 and
 * names its extremes, ±max |a − b|, where the eye reads the scale; |a − b| of spectra, never
 * negative, runs from 0 to its max.
 */
export interface ResidualScale {
  range: [number, number];
  splits: number[];
}

export function residualScale(residual: ArrayLike<number>, magnitude: boolean): ResidualScale {
  let max = 0;
  for (let i = 0; i < residual.length; i++) {
    const v = Math.abs(residual[i]!);
    if (Number.isFinite(v) && v > max) max = v;
  }
  // All zero: a small range about 0 (uPlot's own would be 0…100), labelled 0 only.
  if (max === 0) return { range: magnitude ? [0, 1] : [-1, 1], splits: [0] };
  const pad = max * 1.15;
  return magnitude ? { range: [0, pad], splits: [0, max] } : { range: [-pad, pad], splits: [-max, 0, max] };
}
