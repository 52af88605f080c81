import { describe, expect, it } from 'vitest';
import { kernelImageSum } from '../../../../src-renderer/views/kernel/KernelView';

const image = (side: number, full: number, each: number) => ({
  kind: 'image' as const, fromSpectrum: false, fullWidth: full, fullHeight: full, width: side, height: side, channels: 1,
  origin: { x: (full - 1) / 2, y: (full - 1) / 2 }, data: new Float32Array(side * side).fill(each),
});

describe("the Kernel view's Σ (the gain at DC)", () => {
  it('is the sum of the values when they all arrived', () => {
    const sharpen = { ...image(3, 3, 0), data: Float32Array.from([0, -1, 0, -1, 5, -1, 0, -1, 0]) };
    expect(kernelImageSum(sharpen)).toEqual({ sum: 1, exact: true });
  });

  it('of a kernel that arrived as block means counts each mean for the pixels it stands for', () => {
    // A normalised 4096² box sent as 1024² means of 4 × 4: each mean is 1/4096², the shown sum 1/16.
    const { sum, exact } = kernelImageSum(image(1024, 4096, 1 / 4096 ** 2));
    expect(exact).toBe(false);
    expect(sum).toBeCloseTo(1, 6);
  });
});
