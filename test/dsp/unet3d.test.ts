/**
 * op.unet3d's forward pass against PyTorch's (test/fixtures/unet3d/make_fixture.py: a seeded
 * levels-3, base-4 model on a seeded 16 × 12 × 8 input, through scripts/train/unet3d.py), to
 * 1e-4, on the plain path and on the SIMD path, residual and not; and the architecture check
 * that names the first tensor of a file that differs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simdCallCounts, simdActive } from '../../src-shared/dsp/simd/runtime';
import { type Tensor, type UNet3dModel, unet3dForward, unet3dForwardPlain, unet3dModel } from '../../src-shared/dsp/unet3d';
import { readSafeTensors, type SafeTensorsFile, writeSafeTensors } from '../../src-shared/io/safetensors';

function fixture(name: string): SafeTensorsFile {
  const read = readSafeTensors(new Uint8Array(readFileSync(new URL(`../fixtures/unet3d/${name}`, import.meta.url))));
  if (!read.ok) throw new Error(read.error);
  return read.value;
}

function model(file: SafeTensorsFile): UNet3dModel {
  const built = unet3dModel(file.tensors, file.metadata);
  if (typeof built === 'string') throw new Error(built);
  return built;
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

const net = model(fixture('model-l3-b4.safetensors'));
const cases = fixture('case.safetensors').tensors;
const input = cases.get('input')!;
// (1, 1, depth, height, width) as PyTorch holds it.
const [depth, height, width] = input.shape.slice(2) as [number, number, number];

describe('unet3d forward pass', () => {
  it('reads the architecture from the metadata', () => {
    expect([net.levels, net.base]).toEqual([3, 4]);
    expect([width, height, depth]).toEqual([16, 12, 8]);
  });

  for (const residual of [true, false]) {
    const expected = cases.get(residual ? 'expected_residual' : 'expected_plain')!.data;

    it(`plain path matches PyTorch to 1e-4 (residual ${residual})`, () => {
      const out = unet3dForwardPlain(input.data, width, height, depth, net, residual);
      expect(maxDifference(out, expected)).toBeLessThan(1e-4);
    });

    it(`default path (SIMD when loaded) matches PyTorch to 1e-4 (residual ${residual})`, () => {
      const before = simdCallCounts()['unet3d'] ?? 0;
      const out = unet3dForward(input.data, width, height, depth, net, residual);
      expect(maxDifference(out, expected)).toBeLessThan(1e-4);
      // The SIMD project must really have run the kernels, the plain one must not have.
      expect((simdCallCounts()['unet3d'] ?? 0) - before).toBe(simdActive() ? 1 : 0);
    });
  }

  it('the expected output is not the input (the network does something to compare)', () => {
    const plain = cases.get('expected_plain')!.data;
    expect(Math.max(...plain.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('a levels-2 model runs on sides that are multiples of 2 only', () => {
    const small = model(fixture('model-l2-b4.safetensors'));
    const data = new Float32Array(6 * 2 * 4).map((_, i) => Math.sin(i));
    const plain = unet3dForwardPlain(data, 6, 2, 4, small, true);
    const fast = unet3dForward(data, 6, 2, 4, small, true);
    expect(maxDifference(plain, fast)).toBeLessThan(1e-5);
  });
});

describe('unet3d architecture check', () => {
  const file = fixture('model-l3-b4.safetensors');
  const other = fixture('model-l2-b4.safetensors');

  it('a file whose tensors are of another architecture names the first that differs', () => {
    const lying = readSafeTensors(writeSafeTensors(other.tensors, { ...other.metadata, levels: '3' }));
    if (!lying.ok) throw new Error(lying.error);
    const message = unet3dModel(lying.value.tensors, lying.value.metadata);
    expect(message).toBe('tensor down.1.weight is missing (levels 3, base 4 needs (8, 8, 2, 2, 2)): the file holds another architecture');
  });

  it('a shape that differs is named with both shapes', () => {
    const tensors = new Map<string, Tensor>(file.tensors);
    tensors.set('dec.1.conv1.weight', { shape: [8, 8, 3, 3, 3], data: new Float32Array(8 * 8 * 27) });
    expect(unet3dModel(tensors, file.metadata)).toBe(
      'tensor dec.1.conv1.weight has shape (8, 8, 3, 3, 3) where levels 3, base 4 needs (8, 16, 3, 3, 3): the file holds another architecture',
    );
  });

  it('a tensor the architecture lacks is named; so is missing metadata', () => {
    const tensors = new Map<string, Tensor>(file.tensors);
    tensors.set('extra.weight', { shape: [1], data: new Float32Array(1) });
    expect(unet3dModel(tensors, file.metadata)).toMatch(/^tensor extra\.weight is not part of levels 3, base 4/);
    expect(unet3dModel(file.tensors, {})).toMatch(/metadata names no convolab\.unet3d architecture/);
    expect(unet3dModel(file.tensors, { ...file.metadata, base: 'eight' })).toMatch(/base "eight"/);
  });
});

/** A model of random weights with this architecture (shapes from the check's own messages would be circular: built here). */
function randomModel(levels: number, base: number, random: () => number): UNet3dModel {
  const c = Array.from({ length: levels }, (_, i) => base * 2 ** i);
  const tensors = new Map<string, Tensor>();
  const add = (name: string, weight: number[], outputs: number): void => {
    const fanIn = weight.reduce((a, b) => a * b, 1) / outputs;
    const scale = Math.sqrt(6 / fanIn);
    tensors.set(`${name}.weight`, { shape: weight, data: new Float32Array(weight.reduce((a, b) => a * b, 1)).map(() => (random() - 0.5) * scale) });
    tensors.set(`${name}.bias`, { shape: [outputs], data: new Float32Array(outputs).map(() => (random() - 0.4) * 0.5) });
  };
  for (let i = 0; i < levels; i++) {
    add(`enc.${i}.conv1`, [c[i], i === 0 ? 1 : c[i - 1], 3, 3, 3], c[i]);
    add(`enc.${i}.conv2`, [c[i], c[i], 3, 3, 3], c[i]);
    if (i < levels - 1) {
      add(`down.${i}`, [c[i], c[i], 2, 2, 2], c[i]);
      add(`up.${i}`, [c[i + 1], c[i], 2, 2, 2], c[i]);
      add(`dec.${i}.conv1`, [c[i], 2 * c[i], 3, 3, 3], c[i]);
      add(`dec.${i}.conv2`, [c[i], c[i], 3, 3, 3], c[i]);
    }
  }
  add('head', [1, c[0], 1, 1, 1], 1);
  const built = unet3dModel(tensors, { arch: 'convolab.unet3d', levels: String(levels), base: String(base) });
  if (typeof built === 'string') throw new Error(built);
  return built;
}

describe('unet3d SIMD path against the plain one', () => {
  it('agrees for odd channel counts (1, 3, 5: the kernels\' remainder channels) and sides that are no multiple of 8', () => {
    let state = 7;
    const random = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const shapes: Array<[number, number, number, number, number]> = [
      // levels, base, width, height, depth
      [3, 3, 12, 4, 20],
      [2, 5, 2, 6, 10],
      [1, 1, 7, 3, 5],
      [3, 1, 28, 8, 4],
    ];
    for (const [levels, base, width, height, depth] of shapes) {
      const net = randomModel(levels, base, random);
      const data = new Float32Array(width * height * depth).map(() => random());
      const plain = unet3dForwardPlain(data, width, height, depth, net, false);
      const fast = unet3dForward(data, width, height, depth, net, false);
      const scale = Math.max(...plain.map(Math.abs));
      expect(scale).toBeGreaterThan(0.05);
      expect(maxDifference(plain, fast) / scale).toBeLessThan(1e-5);
    }
  });
});
