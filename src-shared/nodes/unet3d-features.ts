/**
 * op.unet3d's weights, the check of a volume's sides, and its probe for the U-Net teaching view:
 * the feature maps of every stage (input, encoder levels, strided convolutions, bottleneck,
 * decoder levels, output) for the node's last input, and its learned first-layer kernels with
 * their |H|. The forward pass runs once per (node, input, params) with taps on; the host keeps
 * that one state, reserved in the run's budget, and answers slices of it as the view asks.
 */
import * as z from '../zod-mini';
import { makeVolume, sliceVolume, type Volume, type VolumeAxis } from '../data';
import { response3d } from '../dsp/response3d';
import { simdActive } from '../dsp/simd/runtime';
import { simdUNet3dBytes } from '../dsp/simd/unet3d-simd';
import { type Activation, unet3dActivationFloats, unet3dForward, unet3dModel, unet3dMultiple, unet3dStages, type UNet3dModel } from '../dsp/unet3d';
import { printable } from '../graph/printable';
import { readSafeTensors } from '../io/safetensors';
import { ownBuffer } from '../protocol-codec';
import type { ComputeContext, NodeInputs, NodeProbe, ProbeArgs, ResolvedParams } from './define';

/** The model Convolab ships (NODES.md: empty `weights`), in the app's models/ folder. */
export const SHIPPED_UNET3D = 'unet3d-sparse-ct.safetensors';

/** The weights the params name: the file's model, or the one line that refuses it. */
export async function loadUNet3dWeights(path: string, context: ComputeContext): Promise<UNet3dModel | string> {
  let bytes: Uint8Array;
  const where = path === '' ? `the shipped model models/${SHIPPED_UNET3D}` : path;
  if (path === '') {
    const missing = `the shipped model models/${SHIPPED_UNET3D} is missing (it is made by \`npm run train:unet\`): set weights to a .safetensors file`;
    if (!context.readModel) return missing;
    try {
      bytes = await context.readModel(SHIPPED_UNET3D);
    } catch {
      return missing;
    }
  } else {
    bytes = await context.readFile(path);
  }
  const file = readSafeTensors(bytes, { reserve: (size, what) => context.reserve(size, what) });
  if (!file.ok) return `${where}: ${file.error}`;
  const model = unet3dModel(file.value.tensors, file.value.metadata);
  // The file's own names are in the message: its control characters escaped, it stays one line.
  return typeof model === 'string' ? `${where}: ${printable(model)}` : model;
}

/**
 * Why a volume that is op.conebeam's projections (it carries their geometry) cannot go through the
 * U-Net, or undefined for any other volume: the model takes a reconstructed volume, and projections
 * whose sides happen to be multiples of 2^(levels − 1) would otherwise run to a meaningless result.
 */
export function unet3dProjectionsProblem(volume: Volume): string | undefined {
  const { geometry } = volume;
  if (!geometry) return undefined;
  return `in: these are cone-beam projections (${geometry.views} views of ${geometry.U} × ${geometry.V} pixels), not a volume: reconstruct them first (op.fdk), and connect its output`;
}

/** Why a volume of these sides cannot go through the model (with the padding that would fix it), or undefined. */
export function unet3dSidesProblem(width: number, height: number, depth: number, levels: number): string | undefined {
  const multiple = unet3dMultiple(levels);
  const sides = [['width', width], ['height', height], ['depth', depth]] as const;
  const short = sides.filter(([, side]) => side % multiple !== 0);
  if (short.length === 0) return undefined;
  const padding = short.map(([axis, side]) => `${axis} by ${multiple - (side % multiple)} (to ${side + multiple - (side % multiple)})`).join(', ');
  // No node pads a volume (op.pad takes signals and images): the sides are set where the volume is made.
  return `in: the volume is ${width}×${height}×${depth} but a ${levels}-level U-Net needs sides that are multiples of ${multiple}: pad ${padding} where the volume is made (a 3-D phantom's size, or the file)`;
}

/** Bytes the forward pass holds at its peak on the path it takes, for the reservation. */
export function unet3dWorkingBytes(width: number, height: number, depth: number, model: UNet3dModel): number {
  return simdActive() ? simdUNet3dBytes(width, height, depth, model) : 4 * unet3dActivationFloats(width * height * depth, model.levels, model.base);
}

/** One stage's chosen plane of one channel. */
export interface UNetStageSlice {
  /** `input`, `enc.i`, `down.i`, `dec.i` or `output` (dsp/unet3d.ts's unet3dStages). */
  readonly stage: string;
  readonly channels: number;
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  /** The channel shown: the one asked for, or the stage's last when it has fewer. */
  readonly channel: number;
  /**
   * How many of the stage's channels are non-zero somewhere for this input: behind a ReLU a
   * channel may be off everywhere, and its every plane then shows as black.
   */
  readonly firing: number;
  /** The plane shown, in this stage's own voxels (the asked index divided by the stage's stride). */
  readonly index: number;
  /** The plane as an image (sliceVolume's layout). */
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly data: Float32Array;
  readonly min: number;
  readonly max: number;
}

/** The first layer's learned 3×3×3 kernels (enc.0.conv1): one of them and its |H|. */
export interface UNetKernel {
  /** How many there are (c_0 = base) and which one this is. */
  readonly count: number;
  readonly index: number;
  /** 27 taps, planar z, y, x, and its bias. */
  readonly taps: Float32Array;
  readonly bias: number;
  /** |H| zero-padded to size³, centred (response3d). */
  readonly size: number;
  readonly response: Float32Array;
  readonly dcGain: number;
  readonly peakGain: number;
}

/** What the `unetFeatures` probe answers. */
export interface UNetFeatures {
  readonly levels: number;
  readonly base: number;
  readonly axis: VolumeAxis;
  readonly stages: readonly UNetStageSlice[];
  readonly kernel: UNetKernel;
}

function wholeNumber(min: number, max: number) {
  return z.number().check(z.int(), z.gte(min), z.lte(max));
}

/** The probe's arguments: a channel, a plane (at the input's resolution, −1 = the middle), a first-layer kernel, |H|'s size. */
export const unetFeaturesArgs = z.strictObject({
  channel: z._default(wholeNumber(0, 4096), 0),
  axis: z._default(z.enum(['x', 'y', 'z']), 'z'),
  index: z._default(wholeNumber(-1, 1 << 16), -1),
  kernel: z._default(wholeNumber(0, 4096), 0),
  size: z._default(wholeNumber(4, 64), 16),
});

interface FeatureState {
  readonly model: UNet3dModel;
  readonly stages: ReadonlyMap<string, Activation>;
  /** Per stage, its channels that are non-zero somewhere (counted once, when the maps are made). */
  readonly firing: ReadonlyMap<string, number>;
}

/** The channels of an activation that hold a non-zero value anywhere. */
function firingChannels({ data, channels, width, height, depth }: Activation): number {
  const voxels = width * height * depth;
  let firing = 0;
  for (let c = 0; c < channels; c++) {
    const end = (c + 1) * voxels;
    for (let i = c * voxels; i < end; i++) {
      if (data[i] !== 0) {
        firing++;
        break;
      }
    }
  }
  return firing;
}

function stageSlice(stage: string, activation: Activation, firing: number, channel: number, axis: VolumeAxis, index: number, stride: number): UNetStageSlice {
  const { width, height, depth, channels } = activation;
  const shown = Math.min(channel, channels - 1);
  const voxels = width * height * depth;
  const volume = makeVolume(activation.data.subarray(shown * voxels, (shown + 1) * voxels), width, height, depth);
  const across = axis === 'z' ? depth : axis === 'y' ? height : width;
  const at = index < 0 ? Math.floor(across / 2) : Math.min(across - 1, Math.floor(index / stride));
  const image = sliceVolume(volume, axis, at);
  let min = Infinity, max = -Infinity;
  for (const value of image.data) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { stage, channels, width, height, depth, channel: shown, firing, index: at, imageWidth: image.width, imageHeight: image.height, data: ownBuffer(image.data), min, max };
}

function firstKernel(model: UNet3dModel, index: number, size: number): UNetKernel | string {
  const layer = model.layers.get('enc.0.conv1')!;
  if (index >= layer.channelsOut) return `kernel ${index}: the first layer has ${layer.channelsOut} kernels (0 to ${layer.channelsOut - 1})`;
  // One input channel: kernel `index` is 27 consecutive weights.
  const taps = layer.weight.slice(index * 27, (index + 1) * 27);
  const magnitude = response3d(taps, 3, 3, 3, size);
  const middle = Math.floor(size / 2);
  let peak = 0;
  for (const value of magnitude) peak = Math.max(peak, value);
  return {
    count: layer.channelsOut,
    index,
    taps,
    bias: layer.bias[index]!,
    size,
    response: magnitude,
    dcGain: magnitude[(middle * size + middle) * size + middle]!,
    peakGain: peak,
  };
}

export const unetFeaturesProbe: NodeProbe = {
  async prepare(inputs: NodeInputs, params: ResolvedParams, context: ComputeContext): Promise<object | string> {
    const volume = inputs.in;
    if (!volume || volume.kind !== 'volume' || volume.channels !== 1) return 'in: the U-Net has no one-channel volume to show';
    const projections = unet3dProjectionsProblem(volume);
    if (projections) return projections;
    const model = await loadUNet3dWeights(String(params.weights ?? ''), context);
    if (typeof model === 'string') return model;
    const { width, height, depth } = volume;
    const problem = unet3dSidesProblem(width, height, depth, model.levels);
    if (problem) return problem;
    // Every stage's output is kept — input and output, each encoder level, strided convolution and
    // decoder level — besides what the forward pass itself holds.
    const voxels = width * height * depth;
    let kept = 2 * voxels;
    for (let i = 0; i < model.levels; i++) {
      const channels = model.base * 2 ** i;
      kept += (channels * voxels) / 8 ** i;
      if (i < model.levels - 1) kept += (channels * voxels) / 8 ** (i + 1) + (channels * voxels) / 8 ** i;
    }
    context.reserve(4 * kept, `the U-Net's feature maps of every stage (levels ${model.levels}, base ${model.base}) for a ${width}×${height}×${depth} volume`);
    context.reserve(unet3dWorkingBytes(width, height, depth, model), `the U-Net's forward pass for a ${width}×${height}×${depth} volume`);
    const stages = new Map<string, Activation>();
    unet3dForward(volume.data, width, height, depth, model, params.residual !== false, {
      onLayer: (done, total) => context.progress(done / total),
      // The plain path hands over arrays it never writes again; the SIMD path hands over copies.
      onStage: (stage, activation) => stages.set(stage, activation),
    });
    const firing = new Map([...stages].map(([stage, activation]) => [stage, firingChannels(activation)]));
    return { model, stages, firing } satisfies FeatureState;
  },
  answer(state: object, args: ProbeArgs): UNetFeatures | string {
    const parsed = unetFeaturesArgs.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `unetFeatures: bad arguments${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`;
    }
    const { channel, axis, index, kernel, size } = parsed.data;
    const { model, stages, firing } = state as FeatureState;
    const first = firstKernel(model, kernel, size);
    if (typeof first === 'string') return first;
    const level0 = stages.get('input')!;
    const slices = unet3dStages(model.levels).map((stage) => {
      const activation = stages.get(stage)!;
      return stageSlice(stage, activation, firing.get(stage)!, channel, axis, index, level0.width / activation.width);
    });
    return { levels: model.levels, base: model.base, axis, stages: slices, kernel: first };
  },
};
