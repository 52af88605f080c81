/**
 * 2-D convolution bands on the SIMD path, the same rows as ../convolve2d.ts's band functions.
 * 'separable' runs both passes in f32x4 (assembly/image2d.ts derives the error bound: a
 * Gaussian's two passes stay within (kw + kh + 2)·2^-24 of the image's peak), fused per block of
 * padded rows and column strip so the ring of kh + 1 filtered rows stays in cache. 'direct' sums
 * each kernel row in f32x4 and adds the row sums in f64 over padded f32 rows. 'fft' (f64) cuts
 * the output into tiles whose input blocks (tile + kernel − 1) fit a power-of-two transform
 * (overlap-save): two tiles ride in the real and imaginary parts of one complex 2-D FFT (the
 * kernel is real), rows by decimation in frequency, columns by the column kernels (no
 * transposes), the product taken in bit-reversed order and the inverse by decimation in time —
 * the valid part of each circular convolution is the tile.
 */
import { pow2Plan } from './fft-simd';
import { align, countSimdCall, floatShift, simdRuntime, simdThresholds } from './runtime';

export type SimdConvolve2dMethod = 'separable' | 'direct' | 'fft';

/** A band of output rows as every 2-D path reads it (../convolve2d.ts's Band extends it). */
export interface SimdBand {
  image: Float32Array;
  width: number;
  out: Float32Array;
  outWidth: number;
  y0: number;
  y1: number;
  /** Padded column u reads input column xmap[u] (−1: zero). */
  xmap: Int32Array;
  /** Padded row v of the band reads input row ymap[v] (−1: zero). */
  ymap: Int32Array;
  padWidth: number;
  padRows: number;
  /** Padded columns [inner0, inner1) read input columns startX + u directly (no boundary rule). */
  inner0: number;
  inner1: number;
  startX: number;
  onProgress: ((fraction: number) => void) | undefined;
}

/** Nanoseconds per multiply-add of each SIMD method, per n·log2 n of the FFT path (fitted with bench/run.ts). */
const SEPARABLE_NS = 0.07;
const DIRECT_NS = 0.15; // f32 row sums: 0.63–0.89× the f64x2 loop (0.2) in a same-process A/B
const FFT2D_NS = 0.35;

function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

interface TilePlan {
  /** Transform size per axis (powers of two). */
  readonly nw: number;
  readonly nh: number;
  /** Output tile size per axis: n − k + 1. */
  readonly tileWidth: number;
  readonly tileHeight: number;
  /** Estimated nanoseconds. */
  readonly cost: number;
}

/** The tile size with the least estimated work for a band of outWidth × outRows. */
function fftTilePlan(outWidth: number, outRows: number, kw: number, kh: number): TilePlan {
  let best: TilePlan = { nw: 0, nh: 0, tileWidth: 0, tileHeight: 0, cost: Infinity };
  const transform = (nw: number, nh: number): number => FFT2D_NS * nw * nh * Math.log2(nw * nh);
  // From the smallest transform that holds the kernel plus one output to one that holds it all.
  const w0 = nextPowerOfTwo(Math.max(4, kw + 1)), h0 = nextPowerOfTwo(Math.max(4, kh + 1));
  const w1 = Math.max(w0, nextPowerOfTwo(outWidth + kw - 1)), h1 = Math.max(h0, nextPowerOfTwo(outRows + kh - 1));
  for (let nw = w0; nw <= w1; nw *= 2) {
    for (let nh = h0; nh <= h1; nh *= 2) {
      const tileWidth = nw - kw + 1, tileHeight = nh - kh + 1;
      const tiles = Math.ceil(outWidth / tileWidth) * Math.ceil(outRows / tileHeight);
      const pairs = Math.ceil(tiles / 2);
      // Per pair a forward and an inverse transform plus the linear work; the kernel's once.
      const cost = (2 * pairs + 1) * transform(nw, nh) + pairs * 12 * nw * nh;
      if (cost < best.cost) best = { nw, nh, tileWidth, tileHeight, cost };
    }
  }
  return best;
}

/** The method 'auto' picks on the SIMD path for one band, or undefined when that path is off. */
export function simdChooseConvolve2dMethod(
  outWidth: number, outRows: number, kernelWidth: number, kernelHeight: number, separable: boolean,
): SimdConvolve2dMethod | undefined {
  if (!simdRuntime()) return undefined;
  const direct = DIRECT_NS * outWidth * outRows * kernelWidth * kernelHeight;
  const sep = separable ? SEPARABLE_NS * outWidth * ((outRows + kernelHeight - 1) * kernelWidth + outRows * kernelHeight) : Infinity;
  const fft = fftTilePlan(outWidth, outRows, kernelWidth, kernelHeight).cost;
  if (sep <= direct && sep <= fft) return 'separable';
  return direct <= fft ? 'direct' : 'fft';
}

/**
 * Computes the band with the SIMD kernels: 'separable' with the factors (row: horizontal taps,
 * column: vertical taps, both of the flipped kernel), 'direct' with the flipped kernel. False
 * when the SIMD path does not take it (then the TypeScript band runs).
 */
export function simdConvolve2dBand(
  method: string, band: SimdBand, kernel: Float64Array, flipped: Float64Array, kernelWidth: number, kernelHeight: number,
  factors: { row: Float64Array; column: Float64Array } | undefined,
): boolean {
  const rt = simdRuntime();
  const rows = band.y1 - band.y0;
  if (!rt || rows <= 0 || band.outWidth * rows * kernelWidth * kernelHeight < simdThresholds.convolve2d) return false;
  if (method === 'separable' && factors) return separable(band, factors.row, factors.column);
  if (method === 'direct') return direct(band, flipped, kernelWidth, kernelHeight);
  if (method === 'fft') return fftTiles(band, kernel, kernelWidth, kernelHeight);
  return false;
}

/**
 * Padded row values of one image row into a heap view at element index `at`: the inner part in
 * one typed-array set (which also widens f32 to f64), the boundary columns (kw − 1 at most)
 * through the map. Replaces a copy into the heap followed by a gather over the whole row.
 */
function padRow(heap: Float32Array | Float64Array, at: number, image: Float32Array, source: number, band: SimdBand): void {
  const { width, xmap, padWidth, inner0, inner1, startX } = band;
  const row = source * width;
  if (inner1 > inner0) {
    const from = row + startX + inner0, to = at + inner0;
    // Out of a SharedArrayBuffer V8 copies byte by byte unless source and target lie alike modulo
    // 8 bytes (4–5× slower): then the row goes one float further on, where they do, and moves back
    // within the module's memory. The float past the inner part is a border column, written below.
    if (heap instanceof Float32Array && inner1 < padWidth && floatShift(image, from, to) === 1) {
      heap.set(image.subarray(from, from + inner1 - inner0), to + 1);
      heap.copyWithin(to, to + 1, to + 1 + inner1 - inner0);
    } else heap.set(image.subarray(from, from + inner1 - inner0), to);
  }
  for (let u = 0; u < inner0; u++) heap[at + u] = xmap[u] >= 0 ? image[row + xmap[u]] : 0;
  for (let u = Math.max(inner0, inner1); u < padWidth; u++) heap[at + u] = xmap[u] >= 0 ? image[row + xmap[u]] : 0;
}

/**
 * How the separable path tiles an image (exported so tests can force several strips and blocks
 * on small images). The ring of kh + 1 filtered rows is cut into column strips of at most
 * ringBytes, so a strip's ring, its input and its output stay in L2 while the vertical pass
 * reads every ring row kh times (at 4096 columns and σ = 10 a whole ring is 1 MB, past L2). The
 * kernel keeps each ring row twice (assembly/image2d.ts: every output row's window is then
 * consecutive slots, stepped by the stride instead of through a table of row addresses), so the
 * ring takes 2 × ringBytes.
 * Image rows are copied into the module blockRows at a time (one copy per run of consecutive
 * rows, unpadded: the kernel fills each row's border columns while it filters the row), so the
 * strips of one block run without returning to JavaScript and no full-size copy of the image is
 * made.
 */
export const separableTiling = { ringBytes: 160 * 1024, blockRows: 32 };

/** Strip width (columns, a multiple of 16 unless it is the whole row) for the kh + 1 ring rows of kh taps. */
export function separableStripWidth(outWidth: number, kh: number): number {
  const fit = Math.floor(separableTiling.ringBytes / (4 * (kh + 1)) / 16) * 16;
  return Math.min(outWidth, Math.max(64, fit));
}

/**
 * Bytes between rows the kernels read down a column (ring rows, padded rows): an odd number of
 * 64-byte lines, so consecutive rows fall in different cache sets. A multiple of 4 KB puts them
 * all in the same L1 set (a 1000-wide ring was 4096 bytes a row: its 20 rows of a σ = 3 column
 * pass missed L1, and the 1000² σ = 3 blur took 1.3–1.4× as long as with an odd stride).
 */
export function rowStride(bytes: number): number {
  const stride = align(bytes, 64);
  return (stride / 64) % 2 === 0 ? stride + 64 : stride;
}

/** True when taps[j] and taps[n − 1 − j] are the same f32 for every j (a Gaussian's are). */
export function mirroredF32(taps: Float64Array): boolean {
  for (let j = 0, k = taps.length - 1; j < k; j++, k--) if (Math.fround(taps[j]) !== Math.fround(taps[k])) return false;
  return true;
}

function separable(band: SimdBand, row: Float64Array, column: Float64Array): boolean {
  const rt = simdRuntime()!;
  const { image, width, out, outWidth, y0, padWidth, padRows, ymap, xmap, inner0, inner1, startX } = band;
  const kw = row.length, kh = column.length;
  const blockRows = Math.max(1, Math.min(padRows, separableTiling.blockRows));
  const stripWidth = separableStripWidth(outWidth, kh);
  const ringStride = rowStride(4 * outWidth);
  // The block holds image rows as they are, `width` apart, with room for the first row's left
  // border columns before it and the last row's right ones after it; the kernel fills a row's
  // border columns (over its neighbours) only while it filters that row (assembly/image2d.ts).
  const before = Math.max(0, -startX), after = Math.max(0, startX + padWidth - width);
  const borders = inner0 + padWidth - inner1;
  const layout = new Layout();
  // One float more: room to shift the block so that its rows sit as the image's do modulo 8 bytes
  // (below).
  const inputAt = layout.take(4 * (before + blockRows * width + after + 1));
  // kh + 1 ring rows (with mirrored column taps the kernel makes two output rows per pass), each
  // kept twice so that every output row's window is consecutive slots.
  const ringAt = layout.take(2 * (kh + 1) * ringStride);
  // A float to spare: a block's output rows go one float on when that puts them as a shared
  // output's lie modulo 8 bytes (floatShift).
  const outAt = layout.take(blockRows * 4 * outWidth + 4);
  const rowWeightsAt = layout.take(4 * kw), columnWeightsAt = layout.take(4 * kh);
  const edgesAt = layout.take(4 * (4 + 2 * borders));
  const flags = (mirroredF32(row) ? 1 : 0) | (mirroredF32(column) ? 2 : 0);
  const done = rt.heap.withScratch(layout.bytes, (base) => {
    const k = rt.kernels;
    const f32 = rt.heap.f32, i32 = new Int32Array(f32.buffer);
    f32.set(row, (base + rowWeightsAt) / 4);
    f32.set(column, (base + columnWeightsAt) / 4);
    const edges = (base + edgesAt) / 4;
    i32[edges] = inner0; i32[edges + 1] = inner1; i32[edges + 2] = padWidth; i32[edges + 3] = startX;
    for (let u = 0; u < inner0; u++) i32[edges + 4 + u] = xmap[u];
    for (let u = inner1; u < padWidth; u++) i32[edges + 4 + inner0 + u - inner1] = xmap[u];
    // Image column 0 of block row 0. V8 copies out of a SharedArrayBuffer (the engine's images
    // whenever it lends band threads) byte by byte unless source and target lie alike modulo 8
    // bytes, 4–5× slower than a copy that does: the block starts so that the rows of a run in the
    // image's middle do (all rows when the width is even).
    let image0 = (base + inputAt) / 4 + before;
    const v = padRows >> 1, middle = ymap[v]!;
    if (middle >= 0 && ((image.byteOffset / 4 + middle * width - image0 - (v % blockRows) * width) & 1) !== 0) image0++;
    for (let v0 = 0; v0 < padRows; v0 += blockRows) {
      const rows = Math.min(blockRows, padRows - v0);
      // Each run of consecutive image rows in one copy (the boundary rule breaks runs only at
      // the image's top and bottom); a zero row (the 'zero' boundary) is filtered like any other.
      for (let b = 0; b < rows;) {
        const source = ymap[v0 + b];
        let run = 1;
        if (source >= 0) while (b + run < rows && ymap[v0 + b + run] === source + run) run++;
        const at = image0 + b * width;
        if (source >= 0) f32.set(image.subarray(source * width, (source + run) * width), at);
        else f32.fill(0, at, at + width);
        b += run;
      }
      // Block rows from the first full ring on are output rows v − kh + 1, contiguous in both.
      const first = Math.max(0, kh - 1 - v0), into = (y0 + v0 + first - kh + 1) * outWidth;
      const block = (base + outAt) / 4 + floatShift(out, into, (base + outAt) / 4 + first * outWidth);
      for (let x0 = 0; x0 < outWidth; x0 += stripWidth) {
        k.separableStripF32(
          4 * (image0 + startX), 4 * width, v0, rows, base + ringAt, ringStride, base + rowWeightsAt, kw,
          base + columnWeightsAt, kh, 4 * block, 4 * outWidth, x0, Math.min(outWidth, x0 + stripWidth), flags,
          borders > 0 ? base + edgesAt : 0,
        );
      }
      if (first < rows) {
        const o = block + first * outWidth;
        out.set(f32.subarray(o, o + (rows - first) * outWidth), into);
      }
      if (band.onProgress && v0 + rows < padRows) band.onProgress((v0 + rows) / padRows);
    }
    return true;
  });
  if (done) countSimdCall('convolve2d-separable');
  return done === true;
}

/** Direct: f32 rows in a ring of kh, each kernel row summed in f32 and added into f64 (see assembly/image2d.ts). */
function direct(band: SimdBand, flipped: Float64Array, kw: number, kh: number): boolean {
  const rt = simdRuntime()!;
  const { image, out, outWidth, y0, padWidth, padRows, ymap } = band;
  const stride = rowStride(4 * padWidth);
  const layout = new Layout();
  const ringAt = layout.take(kh * stride);
  const weightsAt = layout.take(4 * kw * kh), accAt = layout.take(8 * outWidth + 64), outAt = layout.take(4 * outWidth + 64);
  const done = rt.heap.withScratch(layout.bytes, (base) => {
    const k = rt.kernels;
    rt.heap.f32.set(flipped, (base + weightsAt) / 4);
    const filled = new Uint8Array(kh);
    for (let v = 0; v < padRows; v++) {
      const slot = v % kh;
      const source = ymap[v];
      filled[slot] = source >= 0 ? 1 : 0;
      if (source >= 0) padRow(rt.heap.f32, (base + ringAt + slot * stride) / 4, image, source, band);
      if (v < kh - 1) continue;
      const r = v - kh + 1;
      rt.heap.f64.fill(0, (base + accAt) / 8, (base + accAt) / 8 + outWidth);
      for (let i = 0; i < kh; i++) {
        const s = (r + i) % kh;
        if (filled[s]) k.correlateRowAddF32(base + ringAt + s * stride, base + weightsAt + 4 * i * kw, kw, base + accAt, outWidth);
      }
      // One float on when that puts the row as a shared output's lies modulo 8 bytes (floatShift).
      const into = (y0 + r) * outWidth, o = (base + outAt) / 4 + floatShift(out, into, (base + outAt) / 4);
      k.demoteRow(base + accAt, 4 * o, outWidth);
      out.set(rt.heap.f32.subarray(o, o + outWidth), into);
      if (band.onProgress && (r & 15) === 15) band.onProgress(r / (band.y1 - y0));
    }
    return true;
  });
  if (done) countSimdCall('convolve2d-direct');
  return done === true;
}

function fftTiles(band: SimdBand, kernel: Float64Array, kw: number, kh: number): boolean {
  const rt = simdRuntime()!;
  const { image, out, outWidth, y0, padWidth, padRows, ymap } = band;
  const rows = band.y1 - y0;
  const plan = fftTilePlan(outWidth, rows, kw, kh);
  const { nw, nh, tileWidth, tileHeight } = plan;
  const rowPlan = pow2Plan(rt, Math.log2(nw)), columnPlan = pow2Plan(rt, Math.log2(nh));
  if (!rowPlan || !columnPlan) return false;
  const plane = 8 * nw * nh;
  const layout = new Layout();
  const paddedAt = layout.take(8 * padRows * padWidth);
  const zrAt = layout.take(plane), ziAt = layout.take(plane), krAt = layout.take(plane), kiAt = layout.take(plane);
  const outAt = layout.take(4 * tileWidth + 64);
  const tiles: Array<[number, number]> = [];
  for (let ty = 0; ty < rows; ty += tileHeight) for (let tx = 0; tx < outWidth; tx += tileWidth) tiles.push([ty, tx]);
  const done = rt.heap.withScratch(layout.bytes, (base) => {
    const k = rt.kernels;
    const zr = base + zrAt, zi = base + ziAt, kr = base + krAt, ki = base + kiAt, padded = base + paddedAt;
    const transform = (re: number, im: number, usedRows: number): void => {
      for (let r = 0; r < usedRows; r++) k.difPow2(re + 8 * r * nw, im + 8 * r * nw, rowPlan.log, rowPlan.tables);
      k.difColumns(re, im, 8 * nw, columnPlan.log, columnPlan.tables, 0, 8 * nw);
    };
    // The extended band, f64, through the boundary maps.
    for (let v = 0; v < padRows; v++) {
      const source = ymap[v];
      if (source < 0) rt.heap.f64.fill(0, padded / 8 + v * padWidth, padded / 8 + (v + 1) * padWidth);
      else padRow(rt.heap.f64, padded / 8 + v * padWidth, image, source, band);
    }
    // The kernel's spectrum (unflipped: this is a convolution), divided by nw·nh for the inverse.
    let f64 = rt.heap.f64;
    f64.fill(0, kr / 8, kr / 8 + 2 * nw * nh);
    for (let i = 0; i < kh; i++) f64.set(kernel.subarray(i * kw, (i + 1) * kw), kr / 8 + i * nw);
    transform(kr, ki, kh);
    k.scale(kr, 2 * nw * nh, 1 / (nw * nh));
    for (let t = 0; t < tiles.length; t += 2) {
      f64 = rt.heap.f64;
      f64.fill(0, zr / 8, zr / 8 + 2 * nw * nh);
      const used = Math.max(loadTile(f64, tiles[t], zr), t + 1 < tiles.length ? loadTile(f64, tiles[t + 1], zi) : 0);
      transform(zr, zi, used);
      k.multiplySpectra(zr, zi, kr, ki, nw * nh, 1);
      // Inverse by the swap trick, columns then only the rows that hold output.
      k.ditColumns(zi, zr, 8 * nw, columnPlan.log, columnPlan.tables, 0, 8 * nw);
      for (let r = kh - 1; r < kh - 1 + tileHeight && r < nh; r++) {
        k.ditPow2(zi + 8 * r * nw, zr + 8 * r * nw, rowPlan.log, rowPlan.tables);
      }
      storeTile(tiles[t], zr);
      if (t + 1 < tiles.length) storeTile(tiles[t + 1], zi);
      if (band.onProgress) band.onProgress(Math.min(1, (t + 2) / tiles.length));
    }
    return true;

    /** Copies the tile's input block into a zeroed plane; returns its row count. */
    function loadTile(view: Float64Array, [ty, tx]: [number, number], at: number): number {
      const blockRows = Math.min(tileHeight, rows - ty) + kh - 1, blockWidth = Math.min(tileWidth, outWidth - tx) + kw - 1;
      for (let r = 0; r < blockRows; r++) {
        const from = padded / 8 + (ty + r) * padWidth + tx;
        view.copyWithin(at / 8 + r * nw, from, from + blockWidth);
      }
      return blockRows;
    }

    /** The valid part of the tile's circular convolution (offset kh − 1, kw − 1) into out. */
    function storeTile([ty, tx]: [number, number], at: number): void {
      const tileRows = Math.min(tileHeight, rows - ty), tileColumns = Math.min(tileWidth, outWidth - tx);
      for (let r = 0; r < tileRows; r++) {
        const into = (y0 + ty + r) * outWidth + tx, o = (base + outAt) / 4 + floatShift(out, into, (base + outAt) / 4);
        k.demoteRow(at + 8 * ((kh - 1 + r) * nw + kw - 1), 4 * o, tileColumns);
        out.set(rt.heap.f32.subarray(o, o + tileColumns), into);
      }
    }
  });
  if (done) countSimdCall('convolve2d-fft');
  return done === true;
}

/** Offsets of the arrays in one scratch region, each 64-byte aligned. */
export class Layout {
  bytes = 0;

  take(bytes: number): number {
    const at = this.bytes;
    this.bytes = align(at + bytes, 64);
    return at;
  }
}
