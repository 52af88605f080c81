/** Image convolution for op.convolve and op.correlate, on the DSP core's convolve2d, channel by channel. */
import { makeImage, type Image } from '../data';
import { type Convolve2dMethod, convolve2d, convolve2dGeometry, foldKernelForSame } from '../dsp';
import { allocFloat32 } from '../dsp/buffer-pool';
import type { ParallelControl } from '../dsp/parallel';
import type { ConvolveParams } from './convolution';
import { fail, ok, type ComputeContext, type NodeResult } from './define';

/** The node's method names for images: overlap-add has no 2-D form here, so it runs as one FFT. */
function imageMethod(method: ConvolveParams['method']): Convolve2dMethod {
  return method === 'overlap-add' ? 'fft' : method;
}

/**
 * Every stride-th pixel of a width × height plane from the first, on both axes
 * (ndimage.convolve(x, k)[::s, ::s]).
 */
export function stridePlane(plane: Float32Array, width: number, height: number, stride: number): Float32Array {
  const w = Math.ceil(width / stride), h = Math.ceil(height / stride);
  const out = allocFloat32(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = plane[y * stride * width + x * stride]!;
  return out;
}

/**
 * Channels computed apart as one planar array. One channel's own array is the output (16 MB at
 * 2048², 512 MB for a 512³ volume: not worth a copy).
 */
export function stackChannels(channels: Float32Array[], size: number): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const data = allocFloat32(size * channels.length);
  channels.forEach((channel, c) => data.set(channel, c * size));
  return data;
}

/** The last fold of each kernel's taps, by the array (values are never changed in place) and what it was folded for. */
const folds = new WeakMap<Float32Array, { readonly key: string; readonly folded: unknown }>();

/**
 * `fold()` of the kernel whose taps are `taps` for `key` (the sizes, origin and boundary it folds
 * for), computed once while the same kernel meets the same geometry: a 6001² kernel that stays as
 * it is while the image changes does not pass over its 36 M taps again.
 */
export function foldOnce<T>(taps: Float32Array, key: string, fold: () => T): T {
  const last = folds.get(taps);
  if (last?.key === key) return last.folded as T;
  const folded = fold();
  folds.set(taps, { key, folded });
  return folded;
}

/**
 * The output's origin on one axis: output pixel 0 sits at input pixel `offset`, so the origin
 * moves by the offset, exactly (a plane of a volume keeps the volume's centre, 31.5 for 64 pixels,
 * and its convolution with the identity must still line up with it); with a stride it is
 * (origin − offset) / stride in output pixels, rounded to a whole pixel.
 */
function outputOrigin(origin: number, offset: number, stride: number): number {
  return stride === 1 ? origin - offset : Math.round((origin - offset) / stride);
}

/**
 * Synchronous unless the engine lends threads (context.parallel), so callers that time a compute
 * directly (the profiler) get a plain result. A stride keeps every stride-th pixel of the whole
 * result (the 2-D bands compute whole rows); the output's origin is `outputOrigin`'s.
 */
export function convolveImages(a: Image, b: Image, params: ConvolveParams, context: ComputeContext): NodeResult | Promise<NodeResult> {
  if (b.channels !== 1) return fail(`the kernel b has ${b.channels} channels: use a one-channel kernel (op.channel or op.gray)`, { cause: { kind: 'channels', port: 'b', channels: b.channels } });
  // A kernel larger than the image in 'same' mode is folded to the taps that read distinct pixels
  // (the output's size and place do not depend on the kernel's in 'same').
  const folded = params.mode === 'same'
    ? foldOnce(b.data, `${b.width}×${b.height} at ${b.origin.x},${b.origin.y} on ${a.width}×${a.height} ${params.boundary}`,
      () => foldKernelForSame(b.data, b.width, b.height, b.origin.x, b.origin.y, a.width, a.height, params.boundary))
    : undefined;
  const kernel = folded ? folded.kernel : Float64Array.from(b.data);
  const kw = folded ? folded.kernelWidth : b.width, kh = folded ? folded.kernelHeight : b.height;
  const options = {
    method: imageMethod(params.method),
    mode: params.mode,
    boundary: params.boundary,
    kernelOriginX: folded ? folded.kernelOriginX : b.origin.x,
    kernelOriginY: folded ? folded.kernelOriginY : b.origin.y,
  };
  const geometry = convolve2dGeometry(a.width, a.height, kw, kh, options);
  if (geometry.width === 0 || geometry.height === 0) {
    return fail(`the kernel (${b.width}×${b.height}) is larger than the image (${a.width}×${a.height}), so valid keeps nothing: use full or same`);
  }
  const { stride } = params;
  const width = Math.ceil(geometry.width / stride), height = Math.ceil(geometry.height / stride);
  const plane = width * height;
  const whole = geometry.width * geometry.height;
  context.reserve(whole * a.channels * 4 * 3 + (stride > 1 ? plane * a.channels * 4 : 0), `a ${geometry.width}×${geometry.height} convolution`);
  const inPlane = a.width * a.height;
  const channel = (c: number): Float32Array => a.data.subarray(c * inPlane, (c + 1) * inPlane);
  const finish = (wholePlanes: Float32Array[]): NodeResult => {
    const planes = stride === 1 ? wholePlanes : wholePlanes.map((p) => stridePlane(p, geometry.width, geometry.height, stride));
    const data = stackChannels(planes, plane);
    // Output pixel (0, 0) sits at input pixel (offsetX, offsetY): the origin moves by the offset.
    return ok({
      out: makeImage(data, width, height, {
        channels: a.channels,
        origin: { x: outputOrigin(a.origin.x, geometry.offsetX, stride), y: outputOrigin(a.origin.y, geometry.offsetY, stride) },
      }),
    });
  };
  const parallel = context.parallel;
  return eachChannel(a.channels, context, finish,
    (c, onProgress) => convolve2d(channel(c), a.width, a.height, kernel, kw, kh, { ...options, onProgress }).data,
    parallel && (async (c, control) => (await parallel.convolve2d(channel(c), a.width, a.height, kernel, kw, kh, options, control)).data));
}

/**
 * Computes `count` channels one after the other, on the band pool (`split`) when the engine lends
 * one, else on this thread (`single`), with progress per channel; then `finish` makes the result.
 * Synchronous without a pool, so callers that time a compute directly get a plain result.
 */
export function eachChannel(
  count: number, context: ComputeContext, finish: (channels: Float32Array[]) => NodeResult,
  single: (channel: number, onProgress: (fraction: number) => void) => Float32Array,
  split: ((channel: number, control: ParallelControl) => Promise<Float32Array>) | undefined,
): NodeResult | Promise<NodeResult> {
  const progress = (c: number) => (f: number): void => context.progress((c + f) / count);
  if (split) {
    return (async () => {
      const channels: Float32Array[] = [];
      for (let c = 0; c < count; c++) channels.push(await split(c, { progress: progress(c), checkCancelled: () => context.checkCancelled() }));
      return finish(channels);
    })();
  }
  const channels: Float32Array[] = [];
  for (let c = 0; c < count; c++) channels.push(single(c, progress(c)));
  return finish(channels);
}
