import type { SerializableConvolve2dOptions, SerializableConvolve3dOptions } from '../../../src-shared/dsp/parallel';

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
    };

export type BandReply = { id: number; ok: true } | { id: number; ok: false; error: string };
