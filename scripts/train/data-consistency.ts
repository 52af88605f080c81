/**
 * `tsx scripts/train/data-consistency.ts [--data tmp/unet-data] [--out models/data-consistency.txt]`:
 * measures what op.dataConsistency's step x ← x + λ·FDK(p − A x) (λ = --weight, 1 by default; A = conebeam with the
 * measured projections' geometry) does to the trained U-Net's output on the held-out phantoms:
 * the projection residual ‖A x − p‖ / ‖p‖ before and after, and the RMSE to the truth of the
 * sparse FDK, the U-Net and the corrected volume. It reads the held-out pairs make-data.ts wrote
 * and the `NAME-unet.npy` outputs train.py wrote beside them; p is the phantom's 24-view
 * projections, made again here exactly as make-data.ts made them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conebeam } from '../../src-shared/dsp/conebeam';
import { fdk } from '../../src-shared/dsp/fdk';
import { readNpy } from '../../src-shared/io/npy';

function parseArguments(argv: string[]): { data: string; out: string; steps: number; weight: number } {
  const options = { data: 'tmp/unet-data', out: 'models/data-consistency.txt', steps: 3, weight: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`data-consistency: ${flag} needs a value`);
    if (flag === '--data') options.data = value;
    else if (flag === '--out') options.out = value;
    else if (flag === '--steps') options.steps = Number(value);
    else if (flag === '--weight') options.weight = Number(value);
    else throw new Error(`data-consistency: unknown option ${flag}; use --data DIR, --out FILE, --steps N, --weight λ`);
  }
  return options;
}

function readVolume(path: string, size: number): Float32Array {
  const npy = readNpy(readFileSync(path));
  if (!npy.ok) throw new Error(`data-consistency: ${path}: ${npy.error}`);
  if (npy.value.shape.join(',') !== [size, size, size].join(',')) {
    throw new Error(`data-consistency: ${path} has shape (${npy.value.shape.join(', ')}), expected (${size}, ${size}, ${size})`);
  }
  return Float32Array.from(npy.value.data);
}

function norm(data: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]! * data[i]!;
  return Math.sqrt(sum);
}

function rmse(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum / a.length);
}

function main(): void {
  const { data, out, steps, weight } = parseArguments(process.argv.slice(2));
  const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as {
    settings: { size: number; views: number }; heldOut: string[];
  };
  const { size, views } = manifest.settings;
  const grid = { width: size, height: size, depth: size };
  const lines = [
    `# op.dataConsistency's step x ← x + λ·FDK(p − A x), λ = ${weight}, on the U-Net's output for the held-out phantoms (${size}³, ${views} views)`,
    '# residual = ‖A x − p‖ / ‖p‖; RMSE against the phantom over the whole volume; "after k" = k steps',
    `phantom            residual_unet  ${Array.from({ length: steps }, (_, k) => `after_${k + 1}`.padStart(9)).join('  ')}  rmse_fdk  rmse_unet  ${Array.from({ length: steps }, (_, k) => `rmse_${k + 1}`.padStart(8)).join('  ')}`,
  ];
  for (const name of manifest.heldOut) {
    const truth = readVolume(join(data, 'held-out', `${name}-truth.npy`), size);
    const sparse = readVolume(join(data, 'held-out', `${name}-fdk.npy`), size);
    let x = readVolume(join(data, 'held-out', `${name}-unet.npy`), size);
    const measured = conebeam(truth, grid, { views });
    const p = measured.data, pNorm = norm(p);
    const residuals: number[] = [], errors: number[] = [];
    let before = 0;
    for (let step = 0; step <= steps; step++) {
      const ax = conebeam(x, grid, measured.geometry).data;
      const difference = new Float32Array(p.length);
      for (let i = 0; i < p.length; i++) difference[i] = p[i]! - ax[i]!;
      const residual = norm(difference) / pNorm;
      if (step === 0) before = residual;
      else residuals.push(residual);
      if (step === steps) break;
      const correction = fdk(difference, measured.geometry, measured.angles, grid);
      const next = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) next[i] = x[i]! + weight * correction[i]!;
      x = next;
      errors.push(rmse(x, truth));
    }
    const unetError = rmse(readVolume(join(data, 'held-out', `${name}-unet.npy`), size), truth);
    lines.push(`${name.padEnd(17)}  ${before.toFixed(5).padStart(13)}  ${residuals.map((r) => r.toFixed(5).padStart(9)).join('  ')}  ${rmse(sparse, truth).toFixed(5).padStart(8)}  ${unetError.toFixed(5).padStart(9)}  ${errors.map((e) => e.toFixed(5).padStart(8)).join('  ')}`);
    console.log(lines[lines.length - 1]);
  }
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`data-consistency: wrote ${out}`);
}

main();
