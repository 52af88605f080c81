/**
 * `tsx scripts/train/data-consistency.ts [--data tmp/unet-data] [--out FILE] [--weight λ] [--steps N]`:
 * (by default 2 steps into models/data-consistency.txt at λ = 1, models/data-consistency-λ.txt otherwise)
 * measures what op.dataConsistency (x ← x + λ·FDK(p − A x), λ = --weight, 1 by default; A = conebeam with the
 * measured projections' geometry) does to the trained U-Net's output on the held-out phantoms:
 * the projection residual ‖A x − p‖ / ‖p‖ before and after, and the RMSE to the truth of the
 * sparse FDK, the U-Net and the corrected volume. It reads the held-out pairs make-data.ts wrote
 * and the `NAME-unet.npy` outputs train.py wrote beside them. It runs the nodes themselves —
 * op.conebeam on the phantom for p (24 views, its defaults, as make-data.ts), then
 * op.dataConsistency with `iterations` 1, once per step on the previous step's output (what
 * `iterations` k does, one step at a time so that each step's residual and RMSE are seen) — so
 * the numbers are exactly what a graph gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVolume, type Value, type ValueRecord, type Volume } from '../../src-shared/data';
import { type ComputeContext, type NodeDefinition, resolveParams } from '../../src-shared/nodes/define';
import { conebeamOperation } from '../../src-shared/nodes/op.conebeam';
import { dataConsistencyOperation } from '../../src-shared/nodes/op.dataConsistency';
import { readNpy } from '../../src-shared/io/npy';

/** A context for running nodes outside the engine: no cancelling, no files, no memory limit but the machine's. */
const scriptContext: ComputeContext = {
  progress: () => undefined,
  checkCancelled: () => undefined,
  reserve: () => undefined,
  readFile: (path) => Promise.reject(new Error(`data-consistency: the nodes it runs read no files (asked for ${path})`)),
};

async function run(definition: NodeDefinition, inputs: Record<string, Value>, params: Record<string, number>): Promise<Readonly<Record<string, Value>>> {
  const result = await definition.compute(inputs, resolveParams(definition, params), scriptContext);
  if (!result.ok) throw new Error(`data-consistency: ${definition.type}: ${result.error}`);
  return result.outputs;
}

function parseArguments(argv: string[]): { data: string; out: string; steps: number; weight: number } {
  const options = { data: 'tmp/unet-data', out: '', steps: 2, weight: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`data-consistency: ${flag} needs a value`);
    if (flag === '--data') options.data = value;
    else if (flag === '--out') options.out = value;
    else if (flag === '--steps') options.steps = Number(value);
    else if (flag === '--weight') options.weight = Number(value);
    else throw new Error(`data-consistency: unknown option ${flag}; use --data DIR, --out FILE, --steps N, --weight λ`);
  }
  // One file per weight, so that measuring λ = 0.5 does not overwrite the table for the default λ = 1.
  if (options.out === '') options.out = options.weight === 1 ? 'models/data-consistency.txt' : `models/data-consistency-${options.weight}.txt`;
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

function rmse(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum / a.length);
}

async function main(): Promise<void> {
  const { data, out, steps, weight } = parseArguments(process.argv.slice(2));
  const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as {
    settings: { size: number; views: number }; heldOut: string[]; kinds?: Record<string, string>;
  };
  const { size, views } = manifest.settings;
  const lines = [
    `# op.dataConsistency (weight λ = ${weight}, iterations 1, run ${steps}× in a chain) on the U-Net's output for the held-out phantoms (${size}³, ${views} views)`,
    '# residual = ‖A x − p‖ / ‖p‖ as the node reports it; RMSE against the phantom over the whole volume; "after k" = k steps',
    `phantom            kind         residual_unet  ${Array.from({ length: steps }, (_, k) => `after_${k + 1}`.padStart(9)).join('  ')}  rmse_fdk  rmse_unet  ${Array.from({ length: steps }, (_, k) => `rmse_${k + 1}`.padStart(8)).join('  ')}`,
  ];
  for (const name of manifest.heldOut) {
    const truth = readVolume(join(data, 'held-out', `${name}-truth.npy`), size);
    const sparse = readVolume(join(data, 'held-out', `${name}-fdk.npy`), size);
    const unet = readVolume(join(data, 'held-out', `${name}-unet.npy`), size);
    const p = (await run(conebeamOperation, { in: makeVolume(truth, size, size, size) }, { views })).out!;
    let x: Volume = makeVolume(unet, size, size, size);
    const residuals: number[] = [], errors: number[] = [];
    let before = 0;
    for (let step = 0; step < steps; step++) {
      const outputs = await run(dataConsistencyOperation, { x, p }, { weight, iterations: 1 });
      const { fields } = outputs.residual as ValueRecord;
      if (step === 0) before = fields.before!;
      residuals.push(fields.after!);
      x = outputs.out as Volume;
      errors.push(rmse(x.data, truth));
    }
    lines.push(`${name.padEnd(17)}  ${(manifest.kinds?.[name] ?? '').padEnd(11)}  ${before.toFixed(5).padStart(13)}  ${residuals.map((r) => r.toFixed(5).padStart(9)).join('  ')}  ${rmse(sparse, truth).toFixed(5).padStart(8)}  ${rmse(unet, truth).toFixed(5).padStart(9)}  ${errors.map((e) => e.toFixed(5).padStart(8)).join('  ')}`);
    console.log(lines[lines.length - 1]);
  }
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`data-consistency: wrote ${out}`);
}

await main();
