/**
 * op.unet3d's `unetFeatures` probe (the U-Net teaching view): sizes per stage, a feature map's
 * plane equal to a naive recomputation written out here from the fixture's weights (and the
 * output's to PyTorch's), the first-layer kernel with its |H|, the state's reservation, and bad
 * arguments refused in one line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeVolume } from '../../src-shared/data';
import { response3d } from '../../src-shared/dsp/response3d';
import { readSafeTensors } from '../../src-shared/io/safetensors';
import { type ComputeContext, resolveParams } from '../../src-shared/nodes/define';
import { unet3dOperation } from '../../src-shared/nodes/op.unet3d';
import type { UNetFeatures } from '../../src-shared/nodes/unet3d-features';
import { testContext } from './harness';

const fixtures = new URL('../fixtures/unet3d/', import.meta.url);
const weights = new Uint8Array(readFileSync(new URL('model-l3-b4.safetensors', fixtures)));
const model = readSafeTensors(weights);
const cases = readSafeTensors(new Uint8Array(readFileSync(new URL('case.safetensors', fixtures))));
if (!model.ok || !cases.ok) throw new Error('fixtures unreadable');
const tensor = (name: string) => model.value.tensors.get(name)!.data;
const [W, H, D] = [16, 12, 8];
const input = makeVolume(cases.value.tensors.get('input')!.data, W, H, D);

const probe = unet3dOperation.probes!.unetFeatures!;
const params = resolveParams(unet3dOperation, { weights: 'model.safetensors' });
function context(reserved: string[] = []): ComputeContext {
  return {
    ...testContext,
    reserve: (bytes, what) => void reserved.push(`${what}: ${bytes}`),
    readFile: (path) => (path === 'model.safetensors' ? Promise.resolve(weights) : Promise.reject(new Error(`cannot read ${path}`))),
  };
}
async function prepared(): Promise<object> {
  const state = await probe.prepare({ in: input }, params, context());
  if (typeof state === 'string') throw new Error(state);
  return state;
}

/** PyTorch's Conv3d(k, stride, padding) on planar (c, z, y, x), voxel by voxel, then ReLU. */
function naiveConv(x: Float64Array, cin: number, [w, h, d]: number[], weight: Float32Array, bias: Float32Array, cout: number, k: number, stride: number, pad: number) {
  const [ow, oh, od] = [w, h, d].map((side) => Math.floor((side! + 2 * pad - k) / stride) + 1) as [number, number, number];
  const out = new Float64Array(cout * ow * oh * od);
  for (let co = 0; co < cout; co++) for (let z = 0; z < od; z++) for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) {
    let sum = bias[co]!;
    for (let ci = 0; ci < cin; ci++) for (let kz = 0; kz < k; kz++) for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
      const [sz, sy, sx] = [z * stride + kz - pad, y * stride + ky - pad, xx * stride + kx - pad];
      if (sz < 0 || sy < 0 || sx < 0 || sz >= d! || sy >= h! || sx >= w!) continue;
      sum += weight[(((co * cin + ci) * k + kz) * k + ky) * k + kx]! * x[((ci * d! + sz) * h! + sy) * w! + sx]!;
    }
    out[((co * od + z) * oh + y) * ow + xx] = Math.max(0, sum);
  }
  return { out, sides: [ow, oh, od] };
}

/** The y = `row` plane of channel `c` as an (x, z) image, rows z. */
function yPlane(data: ArrayLike<number>, c: number, [w, h, d]: number[], row: number): number[] {
  const plane: number[] = [];
  for (let z = 0; z < d!; z++) for (let x = 0; x < w!; x++) plane.push(data[((c * d! + z) * h! + row) * w! + x]!);
  return plane;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('op.unet3d unetFeatures probe', () => {
  it('gives every stage with its size: the strided convolutions halve every side', async () => {
    const features = probe.answer(await prepared(), {}) as UNetFeatures;
    expect([features.levels, features.base, features.axis]).toEqual([3, 4, 'z']);
    expect(features.stages.map((s) => `${s.stage} ${s.channels}×${s.width}×${s.height}×${s.depth}`)).toEqual([
      'input 1×16×12×8', 'enc.0 4×16×12×8', 'down.0 4×8×6×4', 'enc.1 8×8×6×4', 'down.1 8×4×3×2',
      'enc.2 16×4×3×2', 'dec.1 8×8×6×4', 'dec.0 4×16×12×8', 'output 1×16×12×8',
    ]);
    // The middle z plane by default, each at its own resolution.
    expect(features.stages.map((s) => [s.index, s.imageWidth, s.imageHeight])[2]).toEqual([2, 8, 6]);
  });

  it('a plane of enc.0 and down.0 equals a naive recomputation from the weights; the output equals PyTorch\'s', async () => {
    const state = await prepared();
    const features = probe.answer(state, { channel: 2, axis: 'y', index: 5 }) as UNetFeatures;
    const x = Float64Array.from(input.data);
    const conv1 = naiveConv(x, 1, [W, H, D], tensor('enc.0.conv1.weight'), tensor('enc.0.conv1.bias'), 4, 3, 1, 1);
    const enc0 = naiveConv(conv1.out, 4, [W, H, D], tensor('enc.0.conv2.weight'), tensor('enc.0.conv2.bias'), 4, 3, 1, 1);
    const down0 = naiveConv(enc0.out, 4, [W, H, D], tensor('down.0.weight'), tensor('down.0.bias'), 4, 2, 2, 0);
    expect(down0.sides).toEqual([8, 6, 4]);
    const stage = (name: string) => features.stages.find((s) => s.stage === name)!;
    expect([stage('enc.0').channel, stage('enc.0').index, stage('enc.0').imageWidth, stage('enc.0').imageHeight]).toEqual([2, 5, 16, 8]);
    const naiveEnc0 = yPlane(enc0.out, 2, [W, H, D], 5);
    expect(Math.max(...naiveEnc0)).toBeGreaterThan(0.01);
    expect(maxDifference(stage('enc.0').data, naiveEnc0)).toBeLessThan(1e-4);
    // Plane 5 at level 0 is plane 2 after the stride-2 convolution.
    expect(stage('down.0').index).toBe(2);
    expect(maxDifference(stage('down.0').data, yPlane(down0.out, 2, [8, 6, 4], 2))).toBeLessThan(1e-4);
    // One-channel stages show their only channel.
    expect(stage('output').channel).toBe(0);
    const pytorch = yPlane(cases.value.tensors.get('expected_residual')!.data, 0, [W, H, D], 5);
    expect(maxDifference(stage('output').data, pytorch)).toBeLessThan(1e-4);
  });

  it('answers a first-layer kernel with its 27 taps and |H| (response3d of those taps)', async () => {
    const features = probe.answer(await prepared(), { kernel: 3, size: 8 }) as UNetFeatures;
    const taps = tensor('enc.0.conv1.weight').slice(3 * 27, 4 * 27);
    expect(features.kernel).toMatchObject({ count: 4, index: 3, size: 8, bias: tensor('enc.0.conv1.bias')[3] });
    expect(Array.from(features.kernel.taps)).toEqual(Array.from(taps));
    const h = features.kernel.response;
    expect(maxDifference(h, response3d(taps, 3, 3, 3, 8))).toBe(0);
    let sum = 0;
    for (const tap of taps) sum += tap;
    expect(features.kernel.dcGain).toBeCloseTo(Math.abs(sum), 5);
  });

  it('reserves the kept feature maps and the forward pass before running it', async () => {
    const reserved: string[] = [];
    await probe.prepare({ in: input }, params, context(reserved));
    const voxels = W * H * D;
    // input + output, enc.i (4, 8, 16 channels), down.i and dec.i for the two upper levels.
    const kept = 2 * voxels + 4 * voxels + (8 * voxels) / 8 + (16 * voxels) / 64 + (4 * voxels) / 8 + 4 * voxels + (8 * voxels) / 64 + (8 * voxels) / 8;
    expect(reserved[1]).toBe(`the U-Net's feature maps of every stage (levels 3, base 4) for a 16×12×8 volume: ${4 * kept}`);
    expect(reserved[2]).toMatch(/^the U-Net's forward pass for a 16×12×8 volume: \d+$/);
  });

  it('counts the channels of each stage that fire (non-zero somewhere), as every plane of every channel shows them', async () => {
    // A ReLU may leave a channel at 0 everywhere: the view then draws black planes, and says how many fire.
    for (const volume of [input, makeVolume(new Float32Array(W * H * D), W, H, D)]) {
      const state = await probe.prepare({ in: volume }, params, context());
      if (typeof state === 'string') throw new Error(state);
      const first = probe.answer(state, {}) as UNetFeatures;
      const counted = new Map<string, Set<number>>(first.stages.map((stage) => [stage.stage, new Set<number>()]));
      for (let channel = 0; channel < 16; channel++) {
        for (let index = 0; index < D; index++) {
          for (const stage of (probe.answer(state, { channel, index }) as UNetFeatures).stages) {
            if (stage.data.some((value) => value !== 0)) counted.get(stage.stage)!.add(stage.channel);
          }
        }
      }
      expect(first.stages.map((stage) => [stage.stage, stage.firing])).toEqual(first.stages.map((stage) => [stage.stage, counted.get(stage.stage)!.size]));
      // Between the zero volume and the fixture some stage has channels that never fire, so the count is not just `channels`.
      if (volume !== input) expect(first.stages.some((stage) => stage.firing < stage.channels)).toBe(true);
    }
  });

  it('refuses bad arguments and a kernel past the last, in one line', async () => {
    const state = await prepared();
    expect(probe.answer(state, { channel: -1 })).toBe('unetFeatures: bad arguments at channel: Too small: expected number to be >=0');
    expect(probe.answer(state, { axis: 'w' })).toMatch(/^unetFeatures: bad arguments at axis: /);
    expect(probe.answer(state, { colour: 1 })).toMatch(/^unetFeatures: bad arguments: /);
    expect(probe.answer(state, { kernel: 4 })).toBe('kernel 4: the first layer has 4 kernels (0 to 3)');
    // A channel past a stage's last shows that stage's last.
    const high = probe.answer(state, { channel: 9 }) as UNetFeatures;
    expect(high.stages.map((s) => s.channel)).toEqual([0, 3, 3, 7, 7, 9, 7, 3, 0]);
  });

  it('refuses an input the U-Net cannot take, as the node does', async () => {
    const odd = makeVolume(new Float32Array(18 * 12 * 7), 18, 12, 7);
    expect(await probe.prepare({ in: odd }, params, context())).toMatch(/^in: the volume is 18×12×7 but a 3-level U-Net needs sides that are multiples of 4/);
    expect(await probe.prepare({}, params, context())).toBe('in: the U-Net has no one-channel volume to show');
    // Projections whose sides suit the model are still projections, not a volume to clean.
    const geometry = { sod: 40, sdd: 80, du: 2, dv: 2, U: W, V: H, views: D };
    const projections = makeVolume(input.data, W, H, D, { geometry, angles: new Float64Array(D) });
    expect(await probe.prepare({ in: projections }, params, context())).toBe(
      'in: these are cone-beam projections (8 views of 16 × 12 pixels), not a volume: reconstruct them first (op.fdk), and connect its output',
    );
  });
});
