/**
 * Measures the constants of convolve2d's cost model on this machine (fastest of repeats): ns per
 * multiply-add of the direct and separable paths, and ns per point of one FFT tile of each
 * power-of-two side, end to end (convolve2d with fftTile forced on a 1024² image).
 * Prints them for src-shared/dsp/convolve2d.ts. Run: npx tsx bench/fit-convolve2d.ts
 */
import { convolve2d, gaussianKernel2d } from '../src-shared/dsp';

function fastest(f: () => void, budgetMs = 400): number {
  for (let warm = performance.now(); performance.now() - warm < 100;) f();
  let best = Infinity;
  for (let start = performance.now(), count = 0; count < 5 || performance.now() - start < budgetMs; count++) {
    const s = performance.now();
    f();
    best = Math.min(best, performance.now() - s);
  }
  return best;
}

const size = 512;
const image = Float32Array.from({ length: size * size }, () => Math.random());
const opts = { mode: 'same' as const, boundary: 'reflect' as const };
for (const k of [3, 7, 15]) {
  const kernel = Float64Array.from({ length: k * k }, () => Math.random());
  const ms = fastest(() => convolve2d(image, size, size, kernel, k, k, { ...opts, method: 'direct' }));
  console.log(`direct ${k}×${k}: ${((ms * 1e6) / (size * size * k * k)).toFixed(3)} ns per multiply-add`);
}
for (const sigma of [1, 3, 10]) {
  const k = 2 * Math.ceil(3 * sigma) + 1;
  const ms = fastest(() => convolve2d(image, size, size, gaussianKernel2d(sigma), k, k, { ...opts, method: 'separable' }));
  const macs = size * (size + k - 1) * k + size * size * k;
  console.log(`separable ${k} taps: ${((ms * 1e6) / macs).toFixed(3)} ns per multiply-add`);
}
// FFT tiles end to end: a 1024² image, 9×9 kernel, the tile side forced; cost per tile point.
const big = 1024, bigImage = Float32Array.from({ length: big * big }, () => Math.random());
const nine = Float64Array.from({ length: 81 }, () => Math.random());
const tile: string[] = [];
for (let log = 4; log <= 11; log++) {
  const t = 1 << log, valid = t - 8;
  const tiles = Math.ceil(big / valid) ** 2;
  const ms = fastest(() => convolve2d(bigImage, big, big, nine, 9, 9, { ...opts, method: 'fft', fftTile: t }), 1500);
  tile[log] = ((ms * 1e6) / ((tiles + 0.5) * t * t)).toFixed(1);
}
console.log(`const TILE_NS = [${tile.map((v) => v ?? '0').join(', ')}]; // index log2 side, ns per tile point`);
