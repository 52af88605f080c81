import type { ConeBeamGeometry } from '../../../src-shared/dsp/conebeam';
import type { RampWindow } from '../../../src-shared/dsp/kernels';
import type { SerializableConvolve2dOptions, SerializableConvolve3dOptions } from '../../../src-shared/dsp/parallel';
import type { VolumeGrid } from '../../../src-shared/dsp/volume';

export type BandTask =
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
    };

export type BandReply = { id: number; ok: true } | { id: number; ok: false; error: string };
