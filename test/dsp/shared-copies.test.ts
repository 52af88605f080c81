/**
 * The SIMD paths with their inputs and outputs on SharedArrayBuffers (the engine's wire values
 * whenever it lends band threads), at both float parities of byteOffset, even and odd widths,
 * band by band as the band pool calls them: the same bits as with ordinary arrays. Each path puts
 * its side of such a copy one float on when that makes both ends lie alike modulo 8 bytes
 * (runtime.ts floatShift: V8 copies a shared array byte by byte otherwise); a row, block, view or
 * band left one float off, or a kernel pointed at the unshifted place, shows here as changed
 * values.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BoundaryMode, type ConvolveMode, convolve2dGeometry, convolve2dRows, gaussianKernel2d } from '../../src-shared/dsp';
import { padConeBeamVolume, resolveConeBeamGeometry, coneBeamAngles, conebeamViews } from '../../src-shared/dsp/conebeam';
import { convolve3dGeometry, convolve3dPlanes } from '../../src-shared/dsp/convolve3d';
import { backprojectRows } from '../../src-shared/dsp/ct';
import { backprojectFdkRows, filterConeBeamProjections } from '../../src-shared/dsp/fdk';
import { defaultSimdThresholds, floatShift, simdActive, simdCallCounts, simdRuntime, simdThresholds } from '../../src-shared/dsp/simd/runtime';

let seed = 17;
const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;

afterEach(() => Object.assign(simdThresholds, defaultSimdThresholds));

/** A copy of `data` on a SharedArrayBuffer, starting `offset` floats in. */
function sharedCopy(data: Float32Array, offset: number): Float32Array {
  const copy = new Float32Array(new SharedArrayBuffer(4 * (data.length + 2)), 4 * offset, data.length);
  copy.set(data);
  return copy;
}

/** A zeroed shared array of `length` floats starting `offset` floats in. */
function sharedZeros(length: number, offset: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(4 * (length + 2)), 4 * offset, length);
}

/** Cuts [0, n) into bands at odd and even places, as a band pool might. */
function bands(n: number): Array<[number, number]> {
  const cuts = [0, Math.min(n, 3), Math.min(n, Math.max(3, (n >> 1) | 1) + 1), n].filter((c, i, all) => i === 0 || c > all[i - 1]!);
  return cuts.slice(1).map((c, i) => [cuts[i]!, c]);
}

function count(family: string): number {
  return simdCallCounts()[family] ?? 0;
}

/** Expects the SIMD families to have run since `before` (when the SIMD path is on at all). */
function expectRan(before: Record<string, number>): void {
  if (!simdActive()) return;
  for (const [family, was] of Object.entries(before)) expect(count(family), family).toBeGreaterThan(was);
}

/**
 * Float32 copies between a shared array and the module's memory made while `body` runs, and how
 * many of each direction had their two ends unlike modulo 8 bytes (V8's slow, byte-by-byte case).
 * Watches %TypedArray%.prototype.set, which every such copy goes through.
 */
function watchCopies(body: () => void): { into: number; out: number; misalignedInto: number; misalignedOut: number } {
  const seen = { into: 0, out: 0, misalignedInto: 0, misalignedOut: 0 };
  const proto = Object.getPrototypeOf(Float32Array.prototype) as { set: (this: ArrayBufferView, source: ArrayLike<number>, offset?: number) => void };
  const set = proto.set;
  proto.set = function (this: ArrayBufferView, source: ArrayLike<number>, offset = 0): void {
    const memory = simdRuntime()?.heap.f32.buffer;
    if (this instanceof Float32Array && source instanceof Float32Array && memory) {
      const apart = (this.byteOffset + 4 * offset - source.byteOffset) % 8 !== 0;
      if (source.buffer instanceof SharedArrayBuffer && this.buffer === memory) {
        seen.into++;
        if (apart) seen.misalignedInto++;
      } else if (this.buffer instanceof SharedArrayBuffer && source.buffer === memory) {
        seen.out++;
        if (apart) seen.misalignedOut++;
      }
    }
    set.call(this, source, offset);
  };
  try {
    body();
  } finally {
    proto.set = set;
  }
  return seen;
}

/**
 * With the SIMD path on: the body made copies in from shared inputs and out into shared outputs
 * (those directions asked for), none of them misaligned.
 */
function expectAligned(what: string, body: () => void, directions: { into: boolean; out: boolean }): void {
  const seen = watchCopies(body);
  if (!simdActive()) return;
  if (directions.out) {
    expect(seen.out, what).toBeGreaterThan(0);
    expect(seen.misalignedOut, `${what}: copies out into a shared output`).toBe(0);
  }
  if (directions.into) {
    expect(seen.into, what).toBeGreaterThan(0);
    expect(seen.misalignedInto, `${what}: copies in from a shared input`).toBe(0);
  }
}

function snapshot(...families: string[]): Record<string, number> {
  return Object.fromEntries(families.map((f) => [f, count(f)]));
}

describe('SIMD paths on shared inputs and outputs give the same bits as on ordinary arrays', () => {
  it('convolve2d: separable, direct and FFT, shared image and shared output at both parities, bands', () => {
    simdThresholds.convolve2d = 1;
    const before = snapshot('convolve2d-separable', 'convolve2d-direct', 'convolve2d-fft');
    const BOUNDARIES: BoundaryMode[] = ['zero', 'reflect', 'nearest', 'wrap'];
    for (const [w, h] of [[64, 24], [63, 25], [37, 9]] as const) {
      const image = Float32Array.from({ length: w * h }, random);
      const generic = Float64Array.from({ length: 25 }, random);
      for (const [method, kernel, k] of [['separable', gaussianKernel2d(2), 13], ['direct', generic, 5], ['fft', generic, 5]] as const) {
        for (const boundary of BOUNDARIES) {
          for (const mode of ['same', 'full', 'valid'] as ConvolveMode[]) {
            const options = { method, boundary, mode };
            const g = convolve2dGeometry(w, h, k, k, options);
            const want = new Float32Array(g.width * g.height);
            for (const [y0, y1] of bands(g.height)) convolve2dRows(image, w, h, kernel, k, k, options, y0, y1, want);
            for (const inOffset of [0, 1]) {
              for (const outOffset of [0, 1]) {
                const got = sharedZeros(g.width * g.height, outOffset);
                const what = `${w}×${h} in ${inOffset} out ${outOffset} ${method} ${boundary} ${mode}`;
                // Inputs: the separable block and padRow (commit 7a8b444) align the rows of a run,
                // not every boundary row; the FFT path widens to f64.
                expectAligned(what, () => {
                  for (const [y0, y1] of bands(g.height)) convolve2dRows(sharedCopy(image, inOffset), w, h, kernel, k, k, options, y0, y1, got);
                }, { into: false, out: want.length > 0 });
                expect(Array.from(got), what).toEqual(Array.from(want));
              }
            }
          }
        }
      }
    }
    expectRan(before);
  });

  it('convolve3d: separable and direct, shared volume and shared output at both parities, bands of planes', () => {
    simdThresholds.convolve3d = 1;
    const before = snapshot('convolve3d-separable', 'convolve3d-direct');
    const [fx, fy, fz] = [5, 3, 3].map((n) => Float64Array.from({ length: n }, () => random() + 1));
    const rank1 = new Float64Array(5 * 3 * 3);
    for (let z = 0; z < 3; z++) for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) rank1[(z * 3 + y) * 5 + x] = fz![z]! * fy![y]! * fx![x]!;
    const generic = Float64Array.from({ length: 5 * 3 * 3 }, random);
    for (const [w, h, d] of [[16, 7, 6], [15, 7, 5], [9, 5, 7]] as const) {
      const volume = Float32Array.from({ length: w * h * d }, random);
      for (const [method, kernel] of [['separable', rank1], ['direct', generic]] as const) {
        for (const boundary of ['zero', 'reflect', 'wrap'] as BoundaryMode[]) {
          for (const [mode, stride] of [['same', 1], ['full', 1], ['valid', 1], ['same', 2]] as const) {
            const options = { method, boundary, mode, stride };
            const g = convolve3dGeometry(w, h, d, 5, 3, 3, options);
            const want = new Float32Array(g.width * g.height * g.depth);
            for (const [z0, z1] of bands(g.depth)) convolve3dPlanes(volume, w, h, d, kernel, 5, 3, 3, options, z0, z1, want);
            for (const inOffset of [0, 1]) {
              for (const outOffset of [0, 1]) {
                const got = sharedZeros(want.length, outOffset);
                const what = `${w}×${h}×${d} in ${inOffset} out ${outOffset} ${method} ${boundary} ${mode} stride ${stride}`;
                // The direct path widens rows to f64 on the way in: no f32 copy to align there.
                expectAligned(what, () => {
                  for (const [z0, z1] of bands(g.depth)) convolve3dPlanes(sharedCopy(volume, inOffset), w, h, d, kernel, 5, 3, 3, options, z0, z1, got);
                }, { into: method === 'separable' && want.length > 0, out: want.length > 0 });
                expect(Array.from(got), what).toEqual(Array.from(want));
              }
            }
          }
        }
      }
    }
    expectRan(before);
  });

  it('backprojection: shared sinogram and shared output at both parities, odd and even sizes, bands of rows', () => {
    simdThresholds.backproject = 1;
    const before = snapshot('backproject');
    for (const [views, detectors, size] of [[9, 21, 16], [8, 20, 15], [7, 17, 13]] as const) {
      const sinogram = Float32Array.from({ length: views * detectors }, random);
      const angles = Float64Array.from({ length: views }, (_, v) => (180 * v) / views);
      const want = new Float32Array(size * size);
      for (const [y0, y1] of bands(size)) backprojectRows(sinogram, detectors, angles, size, y0, y1, want);
      expect(want.some((x) => x !== 0)).toBe(true);
      for (const inOffset of [0, 1]) {
        for (const outOffset of [0, 1]) {
          const got = sharedZeros(size * size, outOffset);
          const what = `${views}×${detectors} → ${size}² in ${inOffset} out ${outOffset}`;
          expectAligned(what, () => {
            for (const [y0, y1] of bands(size)) backprojectRows(sharedCopy(sinogram, inOffset), detectors, angles, size, y0, y1, got);
          }, { into: true, out: true });
          expect(Array.from(got), what).toEqual(Array.from(want));
        }
      }
    }
    expectRan(before);
  });

  it('cone-beam projection: shared volume and shared views at both parities, odd and even detectors, bands of views', () => {
    simdThresholds.conebeam = 1;
    const before = snapshot('conebeam');
    for (const [grid, detectorWidth, detectorHeight] of [[{ width: 8, height: 7, depth: 6 }, 10, 8], [{ width: 7, height: 7, depth: 5 }, 9, 7]] as const) {
      const volume = Float32Array.from({ length: grid.width * grid.height * grid.depth }, random);
      const geometry = resolveConeBeamGeometry(grid, { views: 7, detectorWidth, detectorHeight });
      const angles = coneBeamAngles(geometry.views);
      const padded = padConeBeamVolume(volume, grid);
      const length = geometry.views * geometry.V * geometry.U;
      const want = new Float32Array(length);
      for (const [v0, v1] of bands(geometry.views)) conebeamViews(padded, grid, geometry, angles, v0, v1, want);
      expect(want.some((x) => x !== 0)).toBe(true);
      for (const inOffset of [0, 1]) {
        for (const outOffset of [0, 1]) {
          const got = sharedZeros(length, outOffset);
          const what = `${detectorWidth}×${detectorHeight} in ${inOffset} out ${outOffset}`;
          expectAligned(what, () => {
            for (const [v0, v1] of bands(geometry.views)) conebeamViews(sharedCopy(padded, inOffset), grid, geometry, angles, v0, v1, got);
          }, { into: true, out: true });
          expect(Array.from(got), what).toEqual(Array.from(want));
        }
      }
    }
    expectRan(before);
  });

  it('FDK backprojection: shared filtered projections at both parities, bands of planes', () => {
    simdThresholds.fdk = 1;
    const before = snapshot('fdk');
    for (const [grid, detectorWidth, detectorHeight] of [[{ width: 8, height: 7, depth: 6 }, 10, 8], [{ width: 7, height: 6, depth: 5 }, 9, 7]] as const) {
      const geometry = resolveConeBeamGeometry(grid, { views: 6, detectorWidth, detectorHeight });
      const angles = coneBeamAngles(geometry.views);
      const projections = Float32Array.from({ length: geometry.views * geometry.V * geometry.U }, random);
      const filtered = filterConeBeamProjections(projections, geometry);
      const length = grid.width * grid.height * grid.depth;
      const want = new Float32Array(length);
      for (const [y0, y1] of bands(grid.height)) backprojectFdkRows(filtered, geometry, angles, grid, y0, y1, want);
      expect(want.some((x) => x !== 0)).toBe(true);
      for (const inOffset of [0, 1]) {
        for (const outOffset of [0, 1]) {
          const got = sharedZeros(length, outOffset);
          const what = `${detectorWidth}×${detectorHeight} in ${inOffset} out ${outOffset}`;
          // The volume is written voxel by voxel (a transpose), not copied.
          expectAligned(what, () => {
            for (const [y0, y1] of bands(grid.height)) backprojectFdkRows(sharedCopy(filtered, inOffset), geometry, angles, grid, y0, y1, got);
          }, { into: true, out: false });
          expect(Array.from(got), what).toEqual(Array.from(want));
        }
      }
    }
    expectRan(before);
  });
});

describe('floatShift', () => {
  it('is 1 only for a shared array whose float lies unlike the heap float modulo 8 bytes', () => {
    const plain = new Float32Array(8);
    const shared0 = new Float32Array(new SharedArrayBuffer(40), 0, 8);
    const shared1 = new Float32Array(new SharedArrayBuffer(40), 4, 8);
    expect([floatShift(plain, 0, 1), floatShift(plain, 1, 1)]).toEqual([0, 0]);
    expect([floatShift(shared0, 0, 0), floatShift(shared0, 0, 1), floatShift(shared0, 3, 1), floatShift(shared0, 3, 2)]).toEqual([0, 1, 0, 1]);
    expect([floatShift(shared1, 0, 0), floatShift(shared1, 0, 1), floatShift(shared1, 3, 0), floatShift(shared1, 2, 0)]).toEqual([1, 0, 0, 1]);
  });
});
