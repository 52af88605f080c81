/**
 * The seam through which nodes hand 2-D work to more than one thread. The DSP core stays
 * single-threaded and synchronous; the host (src-main/host/parallel) implements this interface
 * with worker_threads that compute disjoint row bands through the same band functions
 * (convolve2dRows, convolve3dPlanes, backprojectRows), so a result does not depend on whether it was split.
 * Where no implementation is lent (the renderer never computes; tests may run without one),
 * nodes call the single-thread functions.
 */
import type { ConeBeamGeometry } from './conebeam';
import type { Convolve2dOptions, Convolve2dResult } from './convolve2d';
import type { Convolve3dOptions, Convolve3dResult } from './convolve3d';
import type { RampWindow } from './kernels';
import type { VolumeGrid } from './volume';

/** Options that cross a thread boundary: no callbacks. */
export type SerializableConvolve2dOptions = Omit<Convolve2dOptions, 'onProgress'>;
export type SerializableConvolve3dOptions = Omit<Convolve3dOptions, 'onProgress'>;

/** What the caller lends a split job: checked between bands, so a superseded run stops early. */
export interface ParallelControl {
  /** Called as bands finish, with the fraction of rows done. */
  progress?(fraction: number): void;
  /** Throws (the engine's RunCancelled) to stop dispatching further bands. */
  checkCancelled?(): void;
}

/**
 * A split job's result lives in a SharedArrayBuffer (the threads wrote it there; copying 16 MB
 * back out would cost more than a band). Typed-array code cannot tell; passing it to another
 * split job then shares it without a copy.
 */
export interface ParallelDsp {
  readonly threads: number;
  /** convolve2d, split into row bands. */
  convolve2d(
    image: Float32Array, width: number, height: number, kernel: Float64Array, kernelWidth: number, kernelHeight: number,
    options?: SerializableConvolve2dOptions, control?: ParallelControl,
  ): Promise<Convolve2dResult>;
  /** convolve3d, split into bands of output planes. */
  convolve3d(
    volume: Float32Array, width: number, height: number, depth: number,
    kernel: Float64Array, kernelWidth: number, kernelHeight: number, kernelDepth: number,
    options?: SerializableConvolve3dOptions, control?: ParallelControl,
  ): Promise<Convolve3dResult>;
  /** backproject, split into row bands. */
  backproject(sinogram: Float32Array, detectors: number, anglesDeg: Float64Array, size: number, control?: ParallelControl): Promise<Float32Array>;
  /** Cone-beam projection of a volume padded by padConeBeamVolume (conebeamViews), split into ranges of views. */
  conebeam(padded: Float32Array, grid: VolumeGrid, geometry: ConeBeamGeometry, anglesDeg: Float64Array, control?: ParallelControl): Promise<Float32Array>;
  /** FDK: the row filter split into ranges of views (filterConeBeamViews), then backprojection into y planes (backprojectFdkRows). */
  fdk(projections: Float32Array, geometry: ConeBeamGeometry, anglesDeg: Float64Array, grid: VolumeGrid, window: RampWindow, control?: ParallelControl): Promise<Float32Array>;
  /**
   * Starts the worker threads ahead of the first split job (a host that computes 2-D work soon
   * after it starts: the editor's engine). Without it they start when first needed.
   */
  warm?(): void;
  dispose(): Promise<void>;
}
