/**
 * `tsx scripts/train/make-data.ts [--out DIR] [--train N] [--held-out M]`: the U-Net's training
 * pairs, made by Convolab's own code exactly as a graph would make them —
 * source.phantom3d (ellipsoids — heads in 3 seeds of 4 — 64³) → op.conebeam (24 views, default geometry) → op.fdk — and
 * written as (sparse FDK input, phantom truth) npy pairs of shape (64, 64, 64).
 *
 * Training uses ellipsoid seeds 1…N (N ≤ 10,000); held out are seeds 10,001…10,000+M and the
 * Shepp–Logan, which the network never sees. Files already written with the same settings are
 * kept (manifest.json records them), so a second run only adds what is missing.
 * The data (several hundred MB) belongs outside git: the default folder `tmp/unet-data` is
 * ignored.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conebeam, coneBeamGeometry } from '../../src-shared/dsp/conebeam';
import { fdk } from '../../src-shared/dsp/fdk';
import { isHeadSeed, phantom3d } from '../../src-shared/dsp/phantom3d';
import { writeNpy } from '../../src-shared/io/npy';

const SIZE = 64;
const VIEWS = 24;
const ELLIPSOIDS = 12;
const LAST_TRAINING_SEED = 10_000;

// Names the `ellipsoids` distribution: data made from an earlier one (free ellipsoids only) is not mixed in.
const PHANTOM = 'ellipsoids: heads 3 in 4, free ellipsoids 1 in 4';

interface Settings { size: number; views: number; ellipsoids: number; phantom: string }

function parseArguments(argv: string[]): { out: string; train: number; heldOut: number } {
  const options = { out: 'tmp/unet-data', train: 400, heldOut: 16 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`make-data: ${flag} needs a value`);
    if (flag === '--out') options.out = value;
    else if (flag === '--train') options.train = Number(value);
    else if (flag === '--held-out') options.heldOut = Number(value);
    else throw new Error(`make-data: unknown option ${flag}; use --out DIR, --train N, --held-out M`);
  }
  if (!Number.isInteger(options.train) || options.train < 1 || options.train > LAST_TRAINING_SEED) {
    throw new Error(`make-data: --train must be a whole number in 1..${LAST_TRAINING_SEED} (training seeds stop at ${LAST_TRAINING_SEED}), got ${options.train}`);
  }
  if (!Number.isInteger(options.heldOut) || options.heldOut < 0) throw new Error(`make-data: --held-out must be a whole number ≥ 0, got ${options.heldOut}`);
  return options;
}

/** The sparse-view FDK of a phantom, as conebeam → fdk with the nodes' defaults at `VIEWS` views. */
function sparseFdk(truth: Float32Array, size: number, views: number): Float32Array {
  const grid = { width: size, height: size, depth: size };
  const projections = conebeam(truth, grid, { views });
  return fdk(projections.data, projections.geometry, projections.angles, grid);
}

function writeVolume(path: string, data: Float32Array, size: number): void {
  const npy = writeNpy(data, [size, size, size]);
  if (!npy.ok) throw new Error(`make-data: ${path}: ${npy.error}`);
  // Written whole, then renamed: an interrupted run leaves no half file that a later run would keep.
  writeFileSync(`${path}.partial`, npy.value);
  renameSync(`${path}.partial`, path);
}

function makePair(folder: string, name: string, truth: Float32Array, settings: Settings): void {
  const fdkPath = join(folder, `${name}-fdk.npy`), truthPath = join(folder, `${name}-truth.npy`);
  if (existsSync(fdkPath) && existsSync(truthPath)) return;
  writeVolume(fdkPath, sparseFdk(truth, settings.size, settings.views), settings.size);
  writeVolume(truthPath, truth, settings.size);
}

function main(): void {
  const { out, train, heldOut } = parseArguments(process.argv.slice(2));
  const settings: Settings = { size: SIZE, views: VIEWS, ellipsoids: ELLIPSOIDS, phantom: PHANTOM };
  const manifestPath = join(out, 'manifest.json');
  if (existsSync(manifestPath)) {
    const previous = JSON.parse(readFileSync(manifestPath, 'utf8')) as { settings: Settings };
    if (JSON.stringify(previous.settings) !== JSON.stringify(settings)) {
      throw new Error(`make-data: ${out} holds data made with other settings (${JSON.stringify(previous.settings)}); choose another --out or delete it`);
    }
  }
  mkdirSync(join(out, 'train'), { recursive: true });
  mkdirSync(join(out, 'held-out'), { recursive: true });
  const geometry = coneBeamGeometry({ width: SIZE, height: SIZE, depth: SIZE }, { views: VIEWS });
  const started = Date.now();
  const heldOutNames = ['shepp-logan'];
  // Which kind each held-out seed drew, so that the table reports heads and free ellipsoids apart.
  const kinds: Record<string, string> = { 'shepp-logan': 'shepp-logan' };
  makePair(join(out, 'held-out'), 'shepp-logan', phantom3d('shepp-logan', SIZE), settings);
  for (let k = 1; k <= heldOut; k++) {
    const seed = LAST_TRAINING_SEED + k;
    heldOutNames.push(`seed-${seed}`);
    kinds[`seed-${seed}`] = isHeadSeed(seed) ? 'head' : 'free';
    makePair(join(out, 'held-out'), `seed-${seed}`, phantom3d('ellipsoids', SIZE, { count: ELLIPSOIDS, seed }), settings);
  }
  const trainNames: string[] = [];
  for (let seed = 1; seed <= train; seed++) {
    const name = `seed-${String(seed).padStart(5, '0')}`;
    trainNames.push(name);
    makePair(join(out, 'train'), name, phantom3d('ellipsoids', SIZE, { count: ELLIPSOIDS, seed }), settings);
    if (seed % 50 === 0) console.log(`make-data: ${seed}/${train} training pairs (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  writeFileSync(manifestPath, `${JSON.stringify({ settings, geometry, train: trainNames, heldOut: heldOutNames, kinds }, null, 2)}\n`);
  console.log(`make-data: ${train} training and ${heldOutNames.length} held-out pairs in ${out} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main();
