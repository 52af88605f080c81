/**
 * op.unet3d's forward pass on the SIMD path (kernels in ./assembly/unet3d.ts): every activation
 * lives in the module's memory as a zero-bordered volume per channel (the border is the 3×3×3
 * convolutions' padding), so one layer's output is the next one's input without a copy, and the
 * decoder's concatenation [encoder i, upsampled] is two halves of one buffer that the encoder's
 * last convolution and the transposed convolution each write into. ../unet3d.ts's plain path is
 * the oracle.
 */
import type { UNet3dModel, UNet3dRun } from '../unet3d';
import { align, countSimdCall, simdRuntime, type Kernels } from './runtime';

/** One level's padded geometry, in floats. */
interface Level {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly rowStride: number;
  /** Floats per channel: (depth + 2)·(height + 2)·rowStride. */
  readonly channel: number;
}

function level(width: number, height: number, depth: number): Level {
  // The kernels' vectors of 8 (and two more for the 3-tap reach) stay inside each row.
  const rowStride = align(width, 8) + 4;
  return { width, height, depth, rowStride, channel: (depth + 2) * (height + 2) * rowStride };
}

/** Bytes of module memory the SIMD forward pass takes for this volume and model (for the node's reservation). */
export function simdUNet3dBytes(width: number, height: number, depth: number, levels: number, base: number): number {
  let floats = 0;
  for (let i = 0; i < levels; i++) {
    const s = 2 ** i;
    const c = base * s;
    floats += level(width / s, height / s, depth / s).channel * ((i === 0 ? 1 : c / 2) + 3 * c);
  }
  return 4 * floats + 64 * 1024;
}

interface UNet3dKernels extends Kernels {
  unetConv3(
    src: number, channelsIn: number, dst: number, channelsOut: number, weights: number, bias: number,
    width: number, height: number, depth: number, rowStride: number, relu: number, z0: number, z1: number,
  ): void;
  unetDown(
    src: number, channelsIn: number, srcRowStride: number, dst: number, channelsOut: number, weights: number, bias: number,
    width: number, height: number, depth: number, rowStride: number, z0: number, z1: number,
  ): void;
  unetUp(
    src: number, channelsIn: number, srcRowStride: number, dst: number, channelsOut: number, weights: number, bias: number,
    width: number, height: number, depth: number, rowStride: number, z0: number, z1: number,
  ): void;
}

/** The forward pass with the SIMD kernels; undefined (nothing run) when that path is off or memory cannot grow. */
export function simdUNet3dForward(
  input: Float32Array, width: number, height: number, depth: number, model: UNet3dModel, residual: boolean, run: UNet3dRun,
): Float32Array | undefined {
  const rt = simdRuntime();
  if (!rt) return undefined;
  const kernels = rt.kernels as UNet3dKernels;
  const { levels, base, layers } = model;
  const geometry = Array.from({ length: levels }, (_, i) => level(width / 2 ** i, height / 2 ** i, depth / 2 ** i));
  const channels = Array.from({ length: levels }, (_, i) => base * 2 ** i);

  // Offsets (bytes) in one scratch region: each level's input, its first convolution's output,
  // and the concatenation buffer (encoder output, then upsampled); weights after them.
  let bytes = 0;
  const take = (floats: number): number => {
    const at = bytes;
    bytes = align(at + 4 * floats, 64);
    return at;
  };
  const inputs: number[] = [], firsts: number[] = [], joins: number[] = [];
  for (let i = 0; i < levels; i++) {
    const g = geometry[i]!;
    inputs.push(take(g.channel * (i === 0 ? 1 : channels[i - 1]!)));
    firsts.push(take(g.channel * channels[i]!));
    joins.push(take(g.channel * 2 * channels[i]!));
  }
  const activationBytes = bytes;
  const weightsAt = new Map<string, { weight: number; bias: number }>();
  for (const [name, layer] of layers) weightsAt.set(name, { weight: take(layer.weight.length), bias: take(layer.bias.length) });

  const total = layers.size;
  let done = 0;
  const out = rt.heap.withScratch(bytes + 64, (scratch) => {
    rt.heap.f32.fill(0, scratch / 4, (scratch + activationBytes) / 4);
    for (const [name, at] of weightsAt) {
      const layer = layers.get(name)!;
      rt.heap.f32.set(layer.weight, (scratch + at.weight) / 4);
      rt.heap.f32.set(layer.bias, (scratch + at.bias) / 4);
    }
    const g0 = geometry[0]!;
    let heap = rt.heap.f32;
    for (let z = 0; z < depth; z++) {
      for (let y = 0; y < height; y++) {
        const from = (z * height + y) * width;
        heap.set(input.subarray(from, from + width), (scratch + inputs[0]!) / 4 + ((z + 1) * (height + 2) + y + 1) * g0.rowStride + 1);
      }
    }
    const step = (name: string): { weight: number; bias: number } => {
      run.onLayer?.(done++, total);
      const at = weightsAt.get(name)!;
      return { weight: scratch + at.weight, bias: scratch + at.bias };
    };
    const conv = (name: string, src: number, channelsIn: number, dst: number, channelsOut: number, g: Level): void => {
      const w = step(name);
      kernels.unetConv3(scratch + src, channelsIn, scratch + dst, channelsOut, w.weight, w.bias, g.width, g.height, g.depth, g.rowStride, 1, 0, g.depth);
    };
    for (let i = 0; i < levels; i++) {
      const g = geometry[i]!, c = channels[i]!;
      conv(`enc.${i}.conv1`, inputs[i]!, i === 0 ? 1 : channels[i - 1]!, firsts[i]!, c, g);
      conv(`enc.${i}.conv2`, firsts[i]!, c, joins[i]!, c, g);
      if (i < levels - 1) {
        const next = geometry[i + 1]!;
        const w = step(`down.${i}`);
        kernels.unetDown(scratch + joins[i]!, c, g.rowStride, scratch + inputs[i + 1]!, c, w.weight, w.bias, next.width, next.height, next.depth, next.rowStride, 0, next.depth);
      }
    }
    // The deepest level's output sits at the start of its join buffer, like every decoder's.
    for (let i = levels - 2; i >= 0; i--) {
      const g = geometry[i]!, c = channels[i]!, below = geometry[i + 1]!;
      const w = step(`up.${i}`);
      kernels.unetUp(scratch + joins[i + 1]!, channels[i + 1]!, below.rowStride, scratch + joins[i]! + 4 * g.channel * c, c, w.weight, w.bias, g.width, g.height, g.depth, g.rowStride, 0, g.depth);
      conv(`dec.${i}.conv1`, joins[i]!, 2 * c, firsts[i]!, c, g);
      conv(`dec.${i}.conv2`, firsts[i]!, c, joins[i]!, c, g);
    }
    // The 1×1×1 head (a few operations per voxel) and the residual, read straight out of memory.
    const head = layers.get('head')!;
    run.onLayer?.(done++, total);
    heap = rt.heap.f32;
    const result = new Float32Array(width * height * depth);
    const c0 = channels[0]!;
    const last = (scratch + joins[0]!) / 4;
    for (let z = 0; z < depth; z++) {
      for (let y = 0; y < height; y++) {
        const row = last + ((z + 1) * (height + 2) + y + 1) * g0.rowStride + 1;
        const into = (z * height + y) * width;
        for (let x = 0; x < width; x++) {
          let sum = head.bias[0]!;
          for (let ci = 0; ci < c0; ci++) sum += head.weight[ci]! * heap[row + ci * g0.channel + x]!;
          result[into + x] = residual ? sum + input[into + x]! : sum;
        }
      }
    }
    run.onLayer?.(done, total);
    return result;
  });
  if (out) countSimdCall('unet3d');
  return out;
}
