/**
 * op.unet3d's forward pass on the SIMD path (kernels in ./assembly/unet3d.ts): every activation
 * lives in the module's memory as a zero-bordered volume per channel (the border is the 3×3×3
 * convolutions' padding), so one layer's output is the next one's input without a copy, and the
 * decoder's concatenation [encoder i, upsampled] is two halves of one buffer that the encoder's
 * last convolution and the transposed convolution each write into. ../unet3d.ts's plain path is
 * the oracle.
 */
import type { Activation, UNet3dModel, UNet3dRun } from '../unet3d';
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

/** Where everything lives in the forward pass's memory (bytes from its start). */
interface UNet3dLayout {
  readonly geometry: readonly Level[];
  readonly channels: readonly number[];
  /** Per level: its input, its first convolution's output, the concatenation buffer. */
  readonly inputs: readonly number[];
  readonly firsts: readonly number[];
  readonly joins: readonly number[];
  readonly activationBytes: number;
  readonly weightsAt: ReadonlyMap<string, { weight: number; bias: number }>;
  readonly bytes: number;
}

/**
 * Offsets in one region: each level's input, its first convolution's output, and the
 * concatenation buffer (encoder output, then upsampled); the weights after them.
 */
function unet3dLayout(width: number, height: number, depth: number, model: UNet3dModel): UNet3dLayout {
  const { levels, base, layers } = model;
  const geometry = Array.from({ length: levels }, (_, i) => level(width / 2 ** i, height / 2 ** i, depth / 2 ** i));
  const channels = Array.from({ length: levels }, (_, i) => base * 2 ** i);
  let bytes = 0;
  const take = (floats: number): number => {
    const at = bytes;
    bytes = align(at + 4 * floats, 64);
    return at;
  };
  const inputs: number[] = [], firsts: number[] = [], joins: number[] = [];
  for (let i = 0; i < levels; i++) {
    const g = geometry[i];
    inputs.push(take(g.channel * (i === 0 ? 1 : channels[i - 1])));
    firsts.push(take(g.channel * channels[i]));
    joins.push(take(g.channel * 2 * channels[i]));
  }
  const activationBytes = bytes;
  const weightsAt = new Map<string, { weight: number; bias: number }>();
  for (const [name, layer] of layers) weightsAt.set(name, { weight: take(layer.weight.length), bias: take(layer.bias.length) });
  return { geometry, channels, inputs, firsts, joins, activationBytes, weightsAt, bytes };
}

/** One layer of the forward pass as the kernels take it; offsets in bytes from the region's start. */
interface UNet3dStep {
  readonly op: 'conv' | 'down' | 'up';
  readonly layer: string;
  readonly src: number;
  readonly channelsIn: number;
  readonly srcLevel: Level;
  readonly dst: number;
  readonly channelsOut: number;
  /** The output's level (its sides are the kernel's width, height, depth). */
  readonly dstLevel: Level;
}

/** The layers in order: encoder, strided convolutions, transposed ones into the joins, decoder. */
function unet3dSteps(layout: UNet3dLayout, levels: number): UNet3dStep[] {
  const { geometry: g, channels: c, inputs, firsts, joins } = layout;
  const steps: UNet3dStep[] = [];
  const conv = (layer: string, src: number, channelsIn: number, dst: number, channelsOut: number, i: number): void => {
    steps.push({ op: 'conv', layer, src, channelsIn, srcLevel: g[i], dst, channelsOut, dstLevel: g[i] });
  };
  for (let i = 0; i < levels; i++) {
    conv(`enc.${i}.conv1`, inputs[i], i === 0 ? 1 : c[i - 1], firsts[i], c[i], i);
    conv(`enc.${i}.conv2`, firsts[i], c[i], joins[i], c[i], i);
    if (i < levels - 1) steps.push({ op: 'down', layer: `down.${i}`, src: joins[i], channelsIn: c[i], srcLevel: g[i], dst: inputs[i + 1], channelsOut: c[i], dstLevel: g[i + 1] });
  }
  // The deepest level's output sits at the start of its join buffer, like every decoder's.
  for (let i = levels - 2; i >= 0; i--) {
    const upsampled = joins[i] + 4 * g[i].channel * c[i];
    steps.push({ op: 'up', layer: `up.${i}`, src: joins[i + 1], channelsIn: c[i + 1], srcLevel: g[i + 1], dst: upsampled, channelsOut: c[i], dstLevel: g[i] });
    conv(`dec.${i}.conv1`, joins[i], 2 * c[i], firsts[i], c[i], i);
    conv(`dec.${i}.conv2`, firsts[i], c[i], joins[i], c[i], i);
  }
  return steps;
}

/** Runs one step's kernel on output planes [z0, z1); `base`, `weight`, `bias` are byte addresses in the module's memory. */
function runStep(kernels: UNet3dKernels, step: UNet3dStep, base: number, src: number, dst: number, weight: number, bias: number, depth: number, z0: number, z1: number): void {
  const { channelsIn, channelsOut, srcLevel: from, dstLevel: to } = step;
  if (step.op === 'conv') kernels.unetConv3(base + src, channelsIn, base + dst, channelsOut, weight, bias, to.width, to.height, depth, to.rowStride, 1, z0, z1);
  else if (step.op === 'down') kernels.unetDown(base + src, channelsIn, from.rowStride, base + dst, channelsOut, weight, bias, to.width, to.height, depth, to.rowStride, z0, z1);
  else kernels.unetUp(base + src, channelsIn, from.rowStride, base + dst, channelsOut, weight, bias, to.width, to.height, depth, to.rowStride, z0, z1);
}

/** The input volume into its padded place (`at`: float index of level 0's input). */
function unet3dFillInput(memory: Float32Array, at: number, input: Float32Array, g0: Level): void {
  const { width, height, depth, rowStride } = g0;
  for (let z = 0; z < depth; z++) {
    for (let y = 0; y < height; y++) {
      const from = (z * height + y) * width;
      memory.set(input.subarray(from, from + width), at + ((z + 1) * (height + 2) + y + 1) * rowStride + 1);
    }
  }
}

/** The 1×1×1 head (a few operations per voxel) and the residual, read out of the last decoder's output at float index `at`. */
function unet3dHead(memory: Float32Array, at: number, g0: Level, c0: number, model: UNet3dModel, input: Float32Array, residual: boolean): Float32Array {
  const { width, height, depth, rowStride } = g0;
  const head = model.layers.get('head')!;
  const result = new Float32Array(width * height * depth);
  for (let z = 0; z < depth; z++) {
    for (let y = 0; y < height; y++) {
      const row = at + ((z + 1) * (height + 2) + y + 1) * rowStride + 1;
      const into = (z * height + y) * width;
      for (let x = 0; x < width; x++) {
        let sum = head.bias[0];
        for (let ci = 0; ci < c0; ci++) sum += head.weight[ci] * memory[row + ci * g0.channel + x];
        result[into + x] = residual ? sum + input[into + x] : sum;
      }
    }
  }
  return result;
}

/** A copy of `channels` padded volumes at float index `at`, without their borders (a stage for the taps). */
function unpadded(memory: Float32Array, at: number, g: Level, channels: number): Activation {
  const { width, height, depth, rowStride } = g;
  const data = new Float32Array(channels * width * height * depth);
  for (let c = 0; c < channels; c++) {
    for (let z = 0; z < depth; z++) {
      for (let y = 0; y < height; y++) {
        const from = at + c * g.channel + ((z + 1) * (height + 2) + y + 1) * rowStride + 1;
        data.set(memory.subarray(from, from + width), ((c * depth + z) * height + y) * width);
      }
    }
  }
  return { data, channels, width, height, depth };
}

/** The stage a step ends, if it ends one: encoder and decoder levels end at conv2, strided convolutions at once. */
function stageOf(step: UNet3dStep): string | undefined {
  if (step.op === 'down') return step.layer;
  const match = /^(enc|dec)\.(\d+)\.conv2$/.exec(step.layer);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** Bytes of module memory the SIMD forward pass takes for this volume and model (for the node's reservation). */
export function simdUNet3dBytes(width: number, height: number, depth: number, model: UNet3dModel): number {
  return unet3dLayout(width, height, depth, model).bytes + 64;
}

/** The forward pass with the SIMD kernels; undefined (nothing run) when that path is off or memory cannot grow. */
export function simdUNet3dForward(
  input: Float32Array, width: number, height: number, depth: number, model: UNet3dModel, residual: boolean, run: UNet3dRun,
): Float32Array | undefined {
  const rt = simdRuntime();
  if (!rt) return undefined;
  const kernels = rt.kernels as UNet3dKernels;
  const layout = unet3dLayout(width, height, depth, model);
  const steps = unet3dSteps(layout, model.levels);
  const total = steps.length + 1;
  const out = rt.heap.withScratch(layout.bytes + 64, (scratch) => {
    const heap = rt.heap.f32;
    heap.fill(0, scratch / 4, (scratch + layout.activationBytes) / 4);
    for (const [name, at] of layout.weightsAt) {
      const layer = model.layers.get(name)!;
      heap.set(layer.weight, (scratch + at.weight) / 4);
      heap.set(layer.bias, (scratch + at.bias) / 4);
    }
    unet3dFillInput(heap, (scratch + layout.inputs[0]) / 4, input, layout.geometry[0]);
    const { onStage } = run;
    onStage?.('input', { data: input, channels: 1, width, height, depth });
    steps.forEach((step, done) => {
      run.onLayer?.(done, total);
      const at = layout.weightsAt.get(step.layer)!;
      runStep(kernels, step, scratch, step.src, step.dst, scratch + at.weight, scratch + at.bias, step.dstLevel.depth, 0, step.dstLevel.depth);
      const stage = onStage && stageOf(step);
      // The module's memory may have grown (a new buffer) inside the callback of an earlier stage: read it afresh.
      if (stage) onStage(stage, unpadded(rt.heap.f32, (scratch + step.dst) / 4, step.dstLevel, step.channelsOut));
    });
    run.onLayer?.(steps.length, total);
    const result = unet3dHead(rt.heap.f32, (scratch + layout.joins[0]) / 4, layout.geometry[0], layout.channels[0], model, input, residual);
    onStage?.('output', { data: result, channels: 1, width, height, depth });
    run.onLayer?.(total, total);
    return result;
  });
  if (out) countSimdCall('unet3d');
  return out;
}
