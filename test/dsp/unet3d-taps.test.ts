/**
 * The U-Net's taps (UNet3dRun.onStage, for the teaching view): every stage in order with the
 * sizes the architecture gives it, the same maps on the SIMD path as on the plain oracle, and the
 * forward pass's result unchanged by tapping. And response3d, the |H| of a 3-D kernel, against a
 * naive DFT written out in the test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { response3d } from '../../src-shared/dsp/response3d';
import { type Activation, type UNet3dModel, unet3dForward, unet3dForwardPlain, unet3dModel, unet3dStages } from '../../src-shared/dsp/unet3d';
import { readSafeTensors } from '../../src-shared/io/safetensors';

function model(name: string): UNet3dModel {
  const read = readSafeTensors(new Uint8Array(readFileSync(new URL(`../fixtures/unet3d/${name}`, import.meta.url))));
  if (!read.ok) throw new Error(read.error);
  const built = unet3dModel(read.value.tensors, read.value.metadata);
  if (typeof built === 'string') throw new Error(built);
  return built;
}

function tapped(forward: typeof unet3dForward, input: Float32Array, sides: [number, number, number], net: UNet3dModel) {
  const stages: [string, Activation][] = [];
  const out = forward(input, ...sides, net, true, { onStage: (stage, activation) => stages.push([stage, activation]) });
  return { out, stages };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const net = model('model-l3-b4.safetensors');

describe('unet3d taps', () => {
  const sides: [number, number, number] = [16, 16, 16];
  const input = new Float32Array(16 ** 3).map((_, i) => Math.sin(i * 0.37) + Math.cos(i * 0.011));

  it('hands over every stage in order, each strided convolution halving every side', () => {
    const { stages } = tapped(unet3dForwardPlain, input, sides, net);
    expect(stages.map(([stage]) => stage)).toEqual(unet3dStages(3));
    expect(unet3dStages(3)).toEqual(['input', 'enc.0', 'down.0', 'enc.1', 'down.1', 'enc.2', 'dec.1', 'dec.0', 'output']);
    expect(stages.map(([, a]) => [a.channels, a.width, a.height, a.depth])).toEqual([
      [1, 16, 16, 16], [4, 16, 16, 16], [4, 8, 8, 8], [8, 8, 8, 8], [8, 4, 4, 4], [16, 4, 4, 4], [8, 8, 8, 8], [4, 16, 16, 16], [1, 16, 16, 16],
    ]);
    for (const [, a] of stages) expect(a.data.length).toBe(a.channels * a.width * a.height * a.depth);
  });

  it('the SIMD path taps the same maps as the plain one (to 1e-4), and tapping changes no result', () => {
    const plain = tapped(unet3dForwardPlain, input, sides, net);
    const fast = tapped(unet3dForward, input, sides, net);
    expect(fast.stages.map(([stage]) => stage)).toEqual(plain.stages.map(([stage]) => stage));
    fast.stages.forEach(([stage, activation], i) => {
      expect([stage, maxDifference(activation.data, plain.stages[i]![1].data) < 1e-4]).toEqual([stage, true]);
    });
    // Maps with structure (not all zero after the ReLUs), or the comparison says little.
    expect(Math.max(...plain.stages[1]![1].data)).toBeGreaterThan(0.05);
    expect(maxDifference(fast.out, unet3dForward(input, ...sides, net, true))).toBe(0);
    expect(maxDifference(plain.stages.at(-1)![1].data, plain.out)).toBe(0);
  });

  it('non-cubic sides keep their ratio down the levels', () => {
    const { stages } = tapped(unet3dForward, new Float32Array(16 * 12 * 8).fill(0.5), [16, 12, 8], net);
    expect(stages.find(([stage]) => stage === 'down.1')![1]).toMatchObject({ width: 4, height: 3, depth: 2 });
  });
});

/** |Σ k(x, y, z) e^{−2πi(fx·x + fy·y + fz·z)}| at f = (i − floor(n/2)) / n, summed term by term. */
function naiveResponse(kernel: number[], side: number, n: number): Float64Array {
  const out = new Float64Array(n * n * n);
  const middle = Math.floor(n / 2);
  for (let iz = 0; iz < n; iz++) {
    for (let iy = 0; iy < n; iy++) {
      for (let ix = 0; ix < n; ix++) {
        let re = 0, im = 0;
        for (let z = 0; z < side; z++) {
          for (let y = 0; y < side; y++) {
            for (let x = 0; x < side; x++) {
              const phase = (-2 * Math.PI * ((ix - middle) * x + (iy - middle) * y + (iz - middle) * z)) / n;
              const k = kernel[(z * side + y) * side + x]!;
              re += k * Math.cos(phase);
              im += k * Math.sin(phase);
            }
          }
        }
        out[(iz * n + iy) * n + ix] = Math.hypot(re, im);
      }
    }
  }
  return out;
}

describe('response3d', () => {
  it('is |DFT| of the zero-padded kernel, centred, to 1e-5 (even and odd sizes)', () => {
    const kernel = Array.from({ length: 27 }, (_, i) => Math.sin(i * 1.7) * (i % 4) - 0.3);
    for (const n of [8, 16, 5]) {
      const ours = response3d(kernel, 3, 3, 3, n);
      expect(maxDifference(ours, naiveResponse(kernel, 3, n))).toBeLessThan(1e-5);
    }
  });

  it('puts DC in the middle: a kernel of ones has |H(0)| = 27 there and its peak', () => {
    const ones = new Array<number>(27).fill(1);
    const h = response3d(ones, 3, 3, 3, 16);
    expect(h[(8 * 16 + 8) * 16 + 8]).toBeCloseTo(27, 9);
    expect(Math.max(...h)).toBeCloseTo(27, 9);
    // A one-sample shift is all-pass: |H| = 1 everywhere.
    const shift = new Array<number>(27).fill(0);
    shift[13] = 1;
    expect(response3d(shift, 3, 3, 3, 8).every((v) => Math.abs(v - 1) < 1e-12)).toBe(true);
  });
});
