/** Image convolution for op.convolve and op.correlate, on the DSP core's convolve2d, channel by channel. */
import { makeImage, type Image } from '../data';
import { type BoundaryMode, type Convolve2dMethod, type Convolve2dMode, convolve2d, convolve2dGeometry } from '../dsp';
import { fail, numberParam, ok, stringParam, type ComputeContext, type NodeResult, type ResolvedParams } from './define';

/** The node's method names for images: overlap-add has no 2-D form here, so it runs as one FFT. */
function imageMethod(method: string): Convolve2dMethod {
  return method === 'overlap-add' ? 'fft' : (method as Convolve2dMethod);
}

/**
 * Every stride-th pixel of a width × height plane from the first, on both axes
 * (ndimage.convolve(x, k)[::s, ::s]).
 */
export function stridePlane(plane: Float32Array, width: number, height: number, stride: number): Float32Array {
  const w = Math.ceil(width / stride), h = Math.ceil(height / stride);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = plane[y * stride * width + x * stride];
  return out;
}

/**
 * Synchronous unless the engine lends threads (context.parallel), so callers that time a compute
 * directly (the profiler) get a plain result. A stride keeps every stride-th pixel of the whole
 * result (the 2-D bands compute whole rows); the output's origin, (a.origin − offset) / stride in
 * output pixels, is rounded to a whole pixel, as image origins are.
 */
export function convolveImages(a: Image, b: Image, params: ResolvedParams, context: ComputeContext): NodeResult | Promise<NodeResult> {
  if (b.channels !== 1) return fail(`the kernel b has ${b.channels} channels: use a one-channel kernel (op.channel or op.gray)`, { cause: { kind: 'channels', port: 'b', channels: b.channels } });
  const mode = stringParam(params, 'mode') as Convolve2dMode;
  const options = {
    method: imageMethod(stringParam(params, 'method')),
    mode,
    boundary: stringParam(params, 'boundary') as BoundaryMode,
    kernelOriginX: b.origin.x,
    kernelOriginY: b.origin.y,
  };
  const geometry = convolve2dGeometry(a.width, a.height, b.width, b.height, options);
  if (geometry.width === 0 || geometry.height === 0) {
    return fail(`the kernel (${b.width}×${b.height}) is larger than the image (${a.width}×${a.height}), so valid keeps nothing: use full or same`);
  }
  const stride = numberParam(params, 'stride');
  const width = Math.ceil(geometry.width / stride), height = Math.ceil(geometry.height / stride);
  const plane = width * height;
  const whole = geometry.width * geometry.height;
  context.reserve(whole * a.channels * 4 * 3 + (stride > 1 ? plane * a.channels * 4 : 0), `a ${geometry.width}×${geometry.height} convolution`);
  const kernel = Float64Array.from(b.data);
  const inPlane = a.width * a.height;
  const channel = (c: number): Float32Array => a.data.subarray(c * inPlane, (c + 1) * inPlane);
  const progress = (c: number) => (f: number): void => context.progress((c + f) / a.channels);
  const finish = (wholePlanes: Float32Array[]): NodeResult => {
    const planes = stride === 1 ? wholePlanes : wholePlanes.map((p) => stridePlane(p, geometry.width, geometry.height, stride));
    // One image (16 MB at 2048²) is enough for a single channel: its plane is the output.
    let data = planes[0]!;
    if (planes.length > 1) {
      data = new Float32Array(plane * planes.length);
      planes.forEach((p, c) => data.set(p, c * plane));
    }
    // Output pixel (0, 0) sits at input pixel (offsetX, offsetY): the origin moves by the offset.
    return ok({
      out: makeImage(data, width, height, {
        channels: a.channels,
        origin: { x: Math.round((a.origin.x - geometry.offsetX) / stride), y: Math.round((a.origin.y - geometry.offsetY) / stride) },
      }),
    });
  };
  const parallel = context.parallel;
  if (parallel) {
    return (async () => {
      const planes: Float32Array[] = [];
      for (let c = 0; c < a.channels; c++) {
        const control = { progress: progress(c), checkCancelled: () => context.checkCancelled() };
        planes.push((await parallel.convolve2d(channel(c), a.width, a.height, kernel, b.width, b.height, options, control)).data);
      }
      return finish(planes);
    })();
  }
  const planes: Float32Array[] = [];
  for (let c = 0; c < a.channels; c++) {
    planes.push(convolve2d(channel(c), a.width, a.height, kernel, b.width, b.height, { ...options, onProgress: progress(c) }).data);
  }
  return finish(planes);
}
