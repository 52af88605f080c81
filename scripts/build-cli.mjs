// `npm run build:cli`: bundles the command line, the engine worker and the DSP band worker into
// out/cli/ with esbuild, so that `convolab` starts without compiling TypeScript through tsx
// (about a second on every start) and without loading hundreds of module files. The libraries
// are bundled too, tree-shaken: only the part of each that Convolab calls is loaded. Source maps
// go beside each file, so a CONVOLAB_DEBUG stack can be read back to the source.
//
// `--outdir DIR` writes elsewhere (the CLI's test builds a copy of its own); DIR must be two
// folders below the repository, as out/cli is: the code finds package.json, models/ and
// out/renderer from its own place. The new build replaces the old in one rename, so a `convolab`
// started meanwhile finds one whole build or the other.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../src-main/host/source-bundle.mjs';

const at = process.argv.indexOf('--outdir');
const outdir = at >= 0 ? process.argv[at + 1] : 'out/cli';
if (!outdir) throw new Error('build-cli: --outdir needs a folder');
const fresh = `${outdir}.building-${process.pid}`;
rmSync(fresh, { recursive: true, force: true });
await build({
  entryPoints: {
    convolab: 'src-main/cli/built.ts',
    'engine-worker': 'src-main/host/worker.ts',
    'band-worker': 'src-main/host/parallel/worker.ts',
    'batch-worker': 'src-main/cli/batch-worker.ts',
  },
  outdir: fresh,
  outExtension: { '.js': '.mjs' },
  ...NODE_BUNDLE,
  sourcemap: true,
  // Each command's code is a chunk of its own, loaded when that command runs: --version loads
  // next to nothing. Chunks go beside the entries, at the same depth.
  splitting: true,
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
const old = `${outdir}.old-${process.pid}`;
if (existsSync(outdir)) renameSync(outdir, old);
renameSync(fresh, outdir);
rmSync(old, { recursive: true, force: true });
process.stdout.write(`build-cli: wrote ${outdir}/convolab.mjs, engine-worker.mjs, band-worker.mjs and batch-worker.mjs\n`);
