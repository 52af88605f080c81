/**
 * The band tasks a pool of DSP workers computes (band-pool.ts), and the one function every band
 * worker runs on each (Node's worker threads behind the desktop and serve, the web build's Web
 * Workers): rows [y0, y1) of a 2-D convolution or a backprojection, planes [z0, z1) of a 3-D
 * convolution, or views / y planes of a cone-beam projection and FDK, reading inputs from and
 * writing outputs into SharedArrayBuffers the pool handed over.
 */
import { type ConeBeamGeometry, conebeamViews } from './conebeam';
import { convolve2dRows } from './convolve2d';
import { convolve3dPlanes } from './convolve3d';
import { backprojectRows } from './ct';
import { backprojectFdkRows, filterConeBeamViews } from './fdk';
import type { RampWindow } from './kernels';
import type { SerializableConvolve2dOptions, SerializableConvolve3dOptions } from './parallel';
import type { VolumeGrid } from './volume';

/**
 * A band the pool's calling thread may take over while it waits: before computing, the worker
 * claims slot `index` of `claims` (0 → 1); if the caller claimed it first (2), the worker skips it.
 */
export interface BandClaim {
  claims: SharedArrayBuffer;
  index: number;
}

export type BandTask = (
  | {
      kind: 'convolve2d'; id: number; y0: number; y1: number;
      image: SharedArrayBuffer; width: number; height: number;
      kernel: SharedArrayBuffer; kernelWidth: number; kernelHeight: number;
      options: SerializableConvolve2dOptions; out: SharedArrayBuffer;
    }
  | {
      kind: 'convolve3d'; id: number; z0: number; z1: number;
      volume: SharedArrayBuffer; width: number; height: number; depth: number;
      kernel: SharedArrayBuffer; kernelWidth: number; kernelHeight: number; kernelDepth: number;
      options: SerializableConvolve3dOptions; out: SharedArrayBuffer;
    }
  | {
      kind: 'backproject'; id: number; y0: number; y1: number;
      sinogram: SharedArrayBuffer; detectors: number; angles: SharedArrayBuffer; size: number; out: SharedArrayBuffer;
    }
  | {
      kind: 'conebeam'; id: number; y0: number; y1: number;
      padded: SharedArrayBuffer; grid: VolumeGrid; geometry: ConeBeamGeometry; angles: SharedArrayBuffer; out: SharedArrayBuffer;
    }
  | {
      kind: 'fdkFilter'; id: number; y0: number; y1: number;
      projections: SharedArrayBuffer; geometry: ConeBeamGeometry; window: RampWindow; out: SharedArrayBuffer;
    }
  | {
      kind: 'fdkBackproject'; id: number; y0: number; y1: number;
      filtered: SharedArrayBuffer; geometry: ConeBeamGeometry; angles: SharedArrayBuffer; grid: VolumeGrid; out: SharedArrayBuffer;
    }
) & { claim?: BandClaim };

/** skipped: the calling thread had taken the band over (BandClaim); nothing was written. */
export type BandReply = { id: number; ok: true; skipped?: true } | { id: number; ok: false; error: string };

/** Computes one band into the task's output buffer; the answer to send back says whether it did. */
export function runBandTask(task: BandTask): BandReply {
  if (task.claim && Atomics.compareExchange(new Int32Array(task.claim.claims), task.claim.index, 0, 1) !== 0) {
    return { id: task.id, ok: true, skipped: true };
  }
  try {
    if (task.kind === 'convolve2d') {
      convolve2dRows(
        new Float32Array(task.image), task.width, task.height, new Float64Array(task.kernel),
        task.kernelWidth, task.kernelHeight, task.options, task.y0, task.y1, new Float32Array(task.out),
      );
    } else if (task.kind === 'convolve3d') {
      convolve3dPlanes(
        new Float32Array(task.volume), task.width, task.height, task.depth, new Float64Array(task.kernel),
        task.kernelWidth, task.kernelHeight, task.kernelDepth, task.options, task.z0, task.z1, new Float32Array(task.out),
      );
    } else if (task.kind === 'conebeam') {
      conebeamViews(new Float32Array(task.padded), task.grid, task.geometry, new Float64Array(task.angles), task.y0, task.y1, new Float32Array(task.out));
    } else if (task.kind === 'fdkFilter') {
      filterConeBeamViews(new Float32Array(task.projections), task.geometry, task.window, task.y0, task.y1, new Float32Array(task.out));
    } else if (task.kind === 'fdkBackproject') {
      backprojectFdkRows(new Float32Array(task.filtered), task.geometry, new Float64Array(task.angles), task.grid, task.y0, task.y1, new Float32Array(task.out));
    } else {
      backprojectRows(
        new Float32Array(task.sinogram), task.detectors, new Float64Array(task.angles), task.size,
        task.y0, task.y1, new Float32Array(task.out),
      );
    }
    return { id: task.id, ok: true };
  } catch (error) {
    return { id: task.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
