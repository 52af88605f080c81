/**
 * op.unet3d's forward pass: the 3-D U-Net of NODES.md ("The U-Net"), in PyTorch's terms so a
 * state_dict saved as safetensors runs unchanged. Channels at level i are c_i = base·2^i;
 * encoder enc.{i}.conv1/conv2 (3×3×3, padding 1, ReLU), down.{i} (kernel 2, stride 2, ReLU),
 * decoder up.{i} (transposed, kernel 2, stride 2), concatenation [encoder i, upsampled],
 * dec.{i}.conv1/conv2, head (1×1×1); output = input + head(…) when residual. Convolutions are
 * cross-correlations (every CNN's convention). Activations are planar like a Volume's data:
 * channel, then z, y, x.
 *
 * This plain TypeScript path (f64 sums) is the oracle; ./simd/unet3d-simd.ts runs the same
 * layers with WebAssembly SIMD kernels when they are loaded.
 */
import { simdUNet3dForward } from './simd/unet3d-simd';

/** One tensor as a weights file holds it (io/safetensors.ts's SafeTensor has this shape). */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface UNet3dLayer {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  /** Input and output channels (for a transposed convolution too: in → out). */
  readonly channelsIn: number;
  readonly channelsOut: number;
}

export interface UNet3dModel {
  readonly levels: number;
  readonly base: number;
  readonly layers: ReadonlyMap<string, UNet3dLayer>;
}

export const UNET3D_ARCH = 'convolab.unet3d';
const MAX_LEVELS = 8;
const MAX_BASE = 256;

interface LayerShape {
  readonly name: string;
  readonly channelsIn: number;
  readonly channelsOut: number;
  readonly kernel: number;
  readonly transposed: boolean;
}

/** Channels at each level: c_i = base·2^i. */
export function unet3dChannels(levels: number, base: number): number[] {
  return Array.from({ length: levels }, (_, i) => base * 2 ** i);
}

/** Every layer of the architecture, in the order the forward pass uses them. */
function architecture(levels: number, base: number): LayerShape[] {
  const c = unet3dChannels(levels, base);
  const layers: LayerShape[] = [];
  const conv = (name: string, channelsIn: number, channelsOut: number, kernel: number): void => {
    layers.push({ name, channelsIn, channelsOut, kernel, transposed: false });
  };
  for (let i = 0; i < levels; i++) {
    conv(`enc.${i}.conv1`, i === 0 ? 1 : c[i - 1]!, c[i]!, 3);
    conv(`enc.${i}.conv2`, c[i]!, c[i]!, 3);
    if (i < levels - 1) conv(`down.${i}`, c[i]!, c[i]!, 2);
  }
  for (let i = levels - 2; i >= 0; i--) {
    layers.push({ name: `up.${i}`, channelsIn: c[i + 1]!, channelsOut: c[i]!, kernel: 2, transposed: true });
    conv(`dec.${i}.conv1`, 2 * c[i]!, c[i]!, 3);
    conv(`dec.${i}.conv2`, c[i]!, c[i]!, 3);
  }
  conv('head', c[0]!, 1, 1);
  return layers;
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/**
 * The model a weights file holds, checked against the architecture its metadata names: a string
 * (one line) naming the first tensor that differs when the file is of another architecture.
 */
export function unet3dModel(tensors: ReadonlyMap<string, Tensor>, metadata: Readonly<Record<string, string>>): UNet3dModel | string {
  if (metadata.arch !== UNET3D_ARCH) {
    return `the file's metadata names no ${UNET3D_ARCH} architecture (arch ${metadata.arch === undefined ? 'missing' : JSON.stringify(metadata.arch.slice(0, 40))}): save it with scripts/train/unet3d.py's save_safetensors`;
  }
  const levels = Number(metadata.levels), base = Number(metadata.base);
  if (!Number.isInteger(levels) || levels < 1 || levels > MAX_LEVELS) return `the file's metadata has levels ${JSON.stringify(metadata.levels)}: it must be 1 to ${MAX_LEVELS}`;
  if (!Number.isInteger(base) || base < 1 || base > MAX_BASE) return `the file's metadata has base ${JSON.stringify(metadata.base)}: it must be 1 to ${MAX_BASE}`;
  const layers = new Map<string, UNet3dLayer>();
  const expected = new Set<string>();
  for (const layer of architecture(levels, base)) {
    const k = layer.kernel;
    const weightShape = layer.transposed ? [layer.channelsIn, layer.channelsOut, k, k, k] : [layer.channelsOut, layer.channelsIn, k, k, k];
    const found: Tensor[] = [];
    for (const [suffix, shape] of [['weight', weightShape], ['bias', [layer.channelsOut]]] as const) {
      const name = `${layer.name}.${suffix}`;
      expected.add(name);
      const tensor = tensors.get(name);
      const wanted = `levels ${levels}, base ${base} needs ${shapeText(shape)}`;
      if (!tensor) return `tensor ${name} is missing (${wanted}): the file holds another architecture`;
      if (tensor.shape.length !== shape.length || tensor.shape.some((size, at) => size !== shape[at])) {
        return `tensor ${name} has shape ${shapeText(tensor.shape)} where ${wanted}: the file holds another architecture`;
      }
      found.push(tensor);
    }
    layers.set(layer.name, { weight: found[0]!.data, bias: found[1]!.data, channelsIn: layer.channelsIn, channelsOut: layer.channelsOut });
  }
  for (const name of tensors.keys()) {
    if (!expected.has(name)) return `tensor ${name.slice(0, 80)} is not part of levels ${levels}, base ${base}: the file holds another architecture`;
  }
  return { levels, base, layers };
}

/** The side every axis must be a multiple of: 2^(levels − 1). */
export function unet3dMultiple(levels: number): number {
  return 2 ** (levels - 1);
}

/**
 * Floats the forward pass holds at its peak (the plain path keeps every skip connection plus
 * one level's working tensors), for the node's reservation before anything is allocated.
 */
export function unet3dActivationFloats(voxels: number, levels: number, base: number): number {
  let floats = 2 * voxels;
  for (let i = 0; i < levels; i++) floats += (voxels / 8 ** i) * base * 2 ** i * 5;
  return floats;
}

export interface UNet3dRun {
  /** Called after each layer with (done, total); may throw to cancel. */
  readonly onLayer?: (done: number, total: number) => void;
  /**
   * The teaching view's taps: called with each stage's output (UNET3D_STAGES' names) as it is
   * made. The activation is the forward pass's own working memory on the SIMD path: copy what
   * is kept. Without it the forward pass copies nothing.
   */
  readonly onStage?: (stage: string, activation: Activation) => void;
}

/**
 * The stages a teaching view shows, in order: the input, each encoder level (`enc.i`, after its
 * two convolutions), each strided convolution (`down.i`, half the sides), the bottleneck (the
 * deepest encoder level, `enc.{levels − 1}`), each decoder level (`dec.i`) and the output.
 */
export function unet3dStages(levels: number): string[] {
  const stages = ['input'];
  for (let i = 0; i < levels; i++) {
    stages.push(`enc.${i}`);
    if (i < levels - 1) stages.push(`down.${i}`);
  }
  for (let i = levels - 2; i >= 0; i--) stages.push(`dec.${i}`);
  stages.push('output');
  return stages;
}

/** A planar activation: channels × depth × height × width. */
export interface Activation {
  readonly data: Float32Array;
  readonly channels: number;
  readonly width: number;
  readonly height: number;
  readonly depth: number;
}

/** Layers in one forward pass, for progress. */
export function unet3dLayerCount(levels: number): number {
  return architecture(levels, 1).length;
}

/**
 * The forward pass of a one-channel width × height × depth volume (sides multiples of
 * 2^(levels − 1); the caller checks). Takes the SIMD path when its kernels are loaded.
 */
export function unet3dForward(
  input: Float32Array, width: number, height: number, depth: number, model: UNet3dModel, residual: boolean, run: UNet3dRun = {},
): Float32Array {
  const simd = simdUNet3dForward(input, width, height, depth, model, residual, run);
  if (simd) return simd;
  return unet3dForwardPlain(input, width, height, depth, model, residual, run);
}

/** The plain TypeScript forward pass: the oracle of the SIMD one. */
export function unet3dForwardPlain(
  input: Float32Array, width: number, height: number, depth: number, model: UNet3dModel, residual: boolean, run: UNet3dRun = {},
): Float32Array {
  const { levels } = model;
  const total = unet3dLayerCount(levels);
  let done = 0;
  const layer = (name: string): UNet3dLayer => {
    run.onLayer?.(done++, total);
    return model.layers.get(name)!;
  };
  const { onStage } = run;
  let h: Activation = { data: input, channels: 1, width, height, depth };
  onStage?.('input', h);
  const skips: Activation[] = [];
  for (let i = 0; i < levels; i++) {
    h = conv3d(h, layer(`enc.${i}.conv1`), true);
    h = conv3d(h, layer(`enc.${i}.conv2`), true);
    onStage?.(`enc.${i}`, h);
    if (i < levels - 1) {
      skips.push(h);
      h = stridedConv3d(h, layer(`down.${i}`));
      onStage?.(`down.${i}`, h);
    }
  }
  for (let i = levels - 2; i >= 0; i--) {
    const up = transposedConv3d(h, layer(`up.${i}`));
    h = concatenate(skips[i]!, up);
    h = conv3d(h, layer(`dec.${i}.conv1`), true);
    h = conv3d(h, layer(`dec.${i}.conv2`), true);
    onStage?.(`dec.${i}`, h);
  }
  const out = pointwise(h, layer('head'));
  run.onLayer?.(done, total);
  if (residual) for (let v = 0; v < out.length; v++) out[v] = out[v]! + input[v]!;
  onStage?.('output', { data: out, channels: 1, width, height, depth });
  return out;
}

/** 3×3×3 cross-correlation with zero padding 1 (PyTorch's Conv3d(…, 3, padding=1)), then ReLU if asked. */
export function conv3d(x: Activation, layer: UNet3dLayer, relu: boolean): Activation {
  const { width: w, height: hgt, depth: d } = x;
  const plane = w * hgt, volume = plane * d;
  const out = new Float32Array(layer.channelsOut * volume);
  const acc = new Float64Array(volume);
  for (let co = 0; co < layer.channelsOut; co++) {
    acc.fill(layer.bias[co]!);
    for (let ci = 0; ci < layer.channelsIn; ci++) {
      const source = ci * volume;
      for (let kz = 0; kz < 3; kz++) {
        for (let ky = 0; ky < 3; ky++) {
          for (let kx = 0; kx < 3; kx++) {
            const weight = layer.weight[(((co * layer.channelsIn + ci) * 3 + kz) * 3 + ky) * 3 + kx]!;
            if (weight === 0) continue;
            // Output x reads input x + kx − 1: the valid output range for this tap.
            const x0 = Math.max(0, 1 - kx), x1 = Math.min(w, w + 1 - kx);
            for (let z = Math.max(0, 1 - kz); z < Math.min(d, d + 1 - kz); z++) {
              for (let y = Math.max(0, 1 - ky); y < Math.min(hgt, hgt + 1 - ky); y++) {
                const o = z * plane + y * w;
                const s = source + (z + kz - 1) * plane + (y + ky - 1) * w + kx - 1;
                for (let xx = x0; xx < x1; xx++) acc[o + xx] = acc[o + xx]! + weight * x.data[s + xx]!;
              }
            }
          }
        }
      }
    }
    const into = co * volume;
    for (let v = 0; v < volume; v++) out[into + v] = relu && acc[v]! < 0 ? 0 : acc[v]!;
  }
  return { data: out, channels: layer.channelsOut, width: w, height: hgt, depth: d };
}

/** Conv3d(kernel 2, stride 2) then ReLU: the strided convolution that halves every side. */
export function stridedConv3d(x: Activation, layer: UNet3dLayer): Activation {
  const w = x.width / 2, hgt = x.height / 2, d = x.depth / 2;
  const volume = w * hgt * d, inPlane = x.width * x.height, inVolume = inPlane * x.depth;
  const out = new Float32Array(layer.channelsOut * volume);
  for (let co = 0; co < layer.channelsOut; co++) {
    for (let z = 0; z < d; z++) {
      for (let y = 0; y < hgt; y++) {
        for (let xx = 0; xx < w; xx++) {
          let sum = layer.bias[co]!;
          for (let ci = 0; ci < layer.channelsIn; ci++) {
            for (let k = 0; k < 8; k++) {
              const kz = k >> 2, ky = (k >> 1) & 1, kx = k & 1;
              sum += layer.weight[(co * layer.channelsIn + ci) * 8 + k]! * x.data[ci * inVolume + (2 * z + kz) * inPlane + (2 * y + ky) * x.width + 2 * xx + kx]!;
            }
          }
          out[((co * d + z) * hgt + y) * w + xx] = sum < 0 ? 0 : sum;
        }
      }
    }
  }
  return { data: out, channels: layer.channelsOut, width: w, height: hgt, depth: d };
}

/** ConvTranspose3d(kernel 2, stride 2): every input voxel spreads into its 2×2×2 block; weights (in, out, 2, 2, 2). */
export function transposedConv3d(x: Activation, layer: UNet3dLayer): Activation {
  const w = x.width * 2, hgt = x.height * 2, d = x.depth * 2;
  const volume = w * hgt * d, inVolume = x.width * x.height * x.depth;
  const out = new Float32Array(layer.channelsOut * volume);
  for (let co = 0; co < layer.channelsOut; co++) {
    for (let z = 0; z < d; z++) {
      for (let y = 0; y < hgt; y++) {
        for (let xx = 0; xx < w; xx++) {
          const k = ((z & 1) << 2) | ((y & 1) << 1) | (xx & 1);
          const at = ((z >> 1) * x.height + (y >> 1)) * x.width + (xx >> 1);
          let sum = layer.bias[co]!;
          for (let ci = 0; ci < layer.channelsIn; ci++) sum += layer.weight[(ci * layer.channelsOut + co) * 8 + k]! * x.data[ci * inVolume + at]!;
          out[((co * d + z) * hgt + y) * w + xx] = sum;
        }
      }
    }
  }
  return { data: out, channels: layer.channelsOut, width: w, height: hgt, depth: d };
}

/** [a, b] along channels (planar layout: one after the other). */
export function concatenate(a: Activation, b: Activation): Activation {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { data, channels: a.channels + b.channels, width: a.width, height: a.height, depth: a.depth };
}

/** The 1×1×1 head: a weighted sum of channels plus bias, one output channel. */
function pointwise(x: Activation, layer: UNet3dLayer): Float32Array {
  const volume = x.width * x.height * x.depth;
  const out = new Float32Array(volume);
  for (let v = 0; v < volume; v++) {
    let sum = layer.bias[0]!;
    for (let ci = 0; ci < layer.channelsIn; ci++) sum += layer.weight[ci]! * x.data[ci * volume + v]!;
    out[v] = sum;
  }
  return out;
}
