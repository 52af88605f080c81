/**
 * What a plain `convolab run` loads (issue 17 §6: a small run starts in ≤ 300 ms). The built CLI
 * loads mathjs, the PNG/JPEG codecs and the NIfTI reader only when a node calls them
 * (scripts/build-cli.mjs, "lazy modules"), and zod's mini build, not the classic one
 * (src-shared/zod-mini.ts). Checked on esbuild's own account of the build (meta.json: which source
 * went into which file, which file imports which), and by running a copy of the build without its
 * lazy files.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { builtCli, capture, writeGraph } from './helpers';

interface MetaOutput {
  readonly bytes: number;
  readonly entryPoint?: string;
  readonly imports: readonly { readonly path: string; readonly kind: string; readonly external?: boolean }[];
  readonly inputs: Readonly<Record<string, { readonly bytesInOutput: number }>>;
}

/** The libraries a graph of sources, convolutions and plots never calls. */
const HEAVY = /node_modules\/(mathjs|typed-function|jpeg-js|fast-png|iobuffer|nifti-reader-js|zod\/v4\/classic)\//;

function loadMeta(folder: string): Map<string, MetaOutput> {
  const meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as { outputs: Record<string, MetaOutput> };
  // Keys name the folder the build was written in before its rename: files are known by name.
  return new Map(Object.entries(meta.outputs).filter(([path]) => !path.endsWith('.map')).map(([path, output]) => [basename(path), output]));
}

/** The files Node loads for `convolab run` before the graph's nodes call anything: the entry, the run command's chunk and what they import. */
function filesOfARun(outputs: ReadonlyMap<string, MetaOutput>): Set<string> {
  const run = [...outputs].find(([, output]) => output.entryPoint === 'src-main/cli/run.ts')?.[0];
  if (run === undefined) throw new Error('meta.json names no chunk for src-main/cli/run.ts');
  const loaded = new Set<string>();
  const visit = (name: string): void => {
    if (loaded.has(name)) return;
    loaded.add(name);
    for (const imported of outputs.get(name)?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(basename(imported.path));
  };
  visit('convolab.mjs');
  visit(run);
  return loaded;
}

const copy = mkdtempSync(join(tmpdir(), 'convolab-lazy-'));
const built = join(copy, 'out', 'cli');

function runBuilt(args: readonly string[]) {
  return spawnSync(process.execPath, [join(built, 'convolab.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
}

// A copy of this run's build that the test may break (it removes the lazy files), two folders below
// a folder holding the package.json the build reads its version from.
beforeAll(() => {
  cpSync(builtCli(), built, { recursive: true });
  cpSync('package.json', join(copy, 'package.json'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('what a plain convolab run loads', () => {
  it('holds no mathjs, image or NIfTI codec and no classic zod, and reaches the lazy files only through require', () => {
    const outputs = loadMeta(builtCli());
    const loaded = filesOfARun(outputs);
    const inputs = [...loaded].flatMap((name) => Object.keys(outputs.get(name)!.inputs));
    // The walk did reach the graph loader and the engine, so an empty list below means something.
    expect(inputs).toEqual(expect.arrayContaining(['src-shared/graph/schema.ts', 'src-shared/engine/engine.ts', 'src-shared/nodes/registry.ts']));
    expect(inputs.some((input) => /node_modules\/zod\/v4\/mini\//.test(input))).toBe(true);
    expect(inputs.filter((input) => HEAVY.test(input))).toEqual([]);

    const required = [...loaded].flatMap((name) => outputs.get(name)!.imports.filter((imported) => imported.kind === 'require-call').map((imported) => imported.path));
    expect(required.sort()).toEqual(['./lazy-expression-parser.cjs', './lazy-image.cjs', './lazy-volume.cjs']);
    const lazyFiles = readdirSync(builtCli()).filter((name) => name.startsWith('lazy-') && name.endsWith('.cjs'));
    expect(lazyFiles.sort()).toEqual(['lazy-expression-parser.cjs', 'lazy-image.cjs', 'lazy-volume.cjs']);
    // Where the heavy libraries went: mathjs into its lazy file, not into a chunk.
    expect(readFileSync(join(builtCli(), 'lazy-expression-parser.cjs'), 'utf8')).toMatch(/node_modules\/mathjs\//);

    const bytes = [...loaded].reduce((sum, name) => sum + outputs.get(name)!.bytes, 0);
    // 1.48 MB before the lazy files and zod's mini build, 0.62 MB after.
    expect(bytes).toBeLessThan(800_000);
  });

  it('gives the same results from the lazy files as the CLI from source, and runs a plain graph without them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convolab-lazy-run-'));
    // Every lazy file at work: an expression (mathjs), a PNG written and read back (the image
    // codecs), a volume written as npy and read back (the volume reader).
    const write = writeGraph(
      dir,
      [
        { id: 'f', type: 'source.function', params: { shape: 'expression', expression: 'exp(-t^2) * cos(3 * t)' } },
        { id: 'plot', type: 'sink.plot', params: {} },
        { id: 'image', type: 'source.testImage', params: { pattern: 'phantom', size: 32 } },
        { id: 'png', type: 'sink.file', params: { path: 'picture.png' } },
        { id: 'phantom', type: 'source.phantom3d', params: { pattern: 'ellipsoids', size: 8, count: 3, seed: 2 } },
        { id: 'npy', type: 'sink.file', params: { path: 'volume.npy' } },
      ],
      [['f', 'out', 'plot', 'in'], ['image', 'out', 'png', 'in'], ['phantom', 'out', 'npy', 'in']],
      'write.convolab.json',
    );
    const read = writeGraph(
      dir,
      [
        { id: 'image', type: 'source.image', params: { path: 'picture.png' } },
        { id: 'view', type: 'sink.image', params: {} },
        { id: 'volume', type: 'source.volume', params: { path: 'volume.npy' } },
        { id: 'slices', type: 'sink.volume', params: {} },
      ],
      [['image', 'out', 'view', 'in'], ['volume', 'out', 'slices', 'in']],
      'read.convolab.json',
    );
    for (const graph of [write, read]) {
      const fromBuild = runBuilt(['run', graph, '--out', join(dir, 'built')]);
      expect(fromBuild.stderr).toBe('');
      expect(fromBuild.status).toBe(0);
      const io = capture();
      expect(await main(['run', graph, '--out', join(dir, 'source')], io)).toBe(0);
      expect(io.err).toBe('');
    }
    for (const sink of ['plot', 'view', 'slices']) {
      expect(readFileSync(join(dir, 'built', `${sink}.npy`)).equals(readFileSync(join(dir, 'source', `${sink}.npy`))), sink).toBe(true);
    }

    // Without the lazy files a graph that calls none of them still runs: a run does not load them.
    for (const name of readdirSync(built).filter((file) => file.startsWith('lazy-'))) rmSync(join(built, name));
    const plain = writeGraph(
      dir,
      [
        { id: 'dieA', type: 'source.dice', params: { faces: 6 } },
        { id: 'dieB', type: 'source.dice', params: { faces: 6 } },
        { id: 'sum', type: 'op.convolve', params: { method: 'direct' } },
        { id: 'plot', type: 'sink.plot', params: {} },
      ],
      [['dieA', 'out', 'sum', 'a'], ['dieB', 'out', 'sum', 'b'], ['sum', 'out', 'plot', 'in']],
      'plain.convolab.json',
    );
    const withoutLazy = runBuilt(['run', plain, '--out', join(dir, 'plain')]);
    expect(withoutLazy.stderr).toBe('');
    expect(withoutLazy.status).toBe(0);
    // And one that parses an expression needs its file: the forwarder did load it on that call.
    const needsParser = runBuilt(['validate', write]);
    expect(needsParser.status).not.toBe(0);
    expect(needsParser.stderr).toMatch(/lazy-expression-parser\.cjs/);
  });
});
