// `npm run build:cli`: bundles the command line, the engine worker and the DSP band worker into
// out/cli/ with esbuild, so that `convolab` starts without compiling TypeScript through tsx
// (about a second on every start) and without loading hundreds of module files. The libraries
// are bundled too, tree-shaken: only the part of each that Convolab calls is loaded. Source maps
// go beside each file, so a CONVOLAB_DEBUG stack can be read back to the source.
//
// Beside them: lazy-*.cjs, libraries loaded on first use (below), and meta.json, esbuild's account of
// the build.
//
// `--outdir DIR` writes elsewhere (the CLI's test builds a copy of its own); DIR must be two
// folders below the repository, as out/cli is: the code finds package.json, models/ and
// out/renderer from its own place. The new build replaces the old in one rename, so a `convolab`
// started meanwhile finds one whole build or the other.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../src-main/host/source-bundle.mjs';

const at = process.argv.indexOf('--outdir');
const outdir = at >= 0 ? process.argv[at + 1] : 'out/cli';
if (!outdir) throw new Error('build-cli: --outdir needs a folder');
const fresh = `${outdir}.building-${process.pid}`;
rmSync(fresh, { recursive: true, force: true });

// Lazy modules: the heavy libraries behind a few modules whose every export is a function, which
// a run may well not call (mathjs parses only source.function's expressions; the PNG, JPEG and
// NIfTI codecs read and write only image and volume files). Each is bundled on its own into
// lazy-NAME.cjs, and the CLI holds in its place a module of forwarders that load that file on the
// first call: a plain `convolab run` then loads 0.5 MB less code. A forwarder stays synchronous
// (checkParams parses an expression while a graph loads), so the file is CommonJS, required: Node 20
// has no synchronous import of an ES module. The file holds its own copies of what the module
// imports from Convolab (data.ts, io/result.ts): plain functions, no state, no classes.
const LAZY_MODULES = ['src-shared/nodes/expression-parser.ts', 'src-shared/io/image.ts', 'src-shared/io/volume.ts'];
const lazy = new Map();
for (const path of LAZY_MODULES) {
  const file = `lazy-${basename(path, '.ts')}.cjs`;
  // No banner: a CommonJS file has its own require.
  await build({ ...NODE_BUNDLE, banner: {}, format: 'cjs', entryPoints: [path], outfile: `${fresh}/${file}`, sourcemap: true, logLevel: 'warning' });
  const exports = Object.entries(createRequire(import.meta.url)(resolve(fresh, file)));
  const other = exports.filter(([, value]) => typeof value !== 'function').map(([name]) => name);
  if (other.length > 0) throw new Error(`build-cli: ${path} is loaded lazily, so it may export functions only; it exports ${other.join(', ')}`);
  lazy.set(resolve(path), { file, names: exports.map(([name]) => name) });
}
const lazyModules = {
  name: 'lazy-modules',
  setup(plugin) {
    plugin.onLoad({ filter: /\.ts$/ }, (args) => {
      const module = lazy.get(args.path);
      if (module === undefined) return undefined;
      const forwarders = module.names.map((name) => `export function ${name}(...args) { return load().${name}(...args); }`);
      // Every chunk sits in out/cli/ beside the lazy file, and NODE_BUNDLE's banner gives it a require.
      return { contents: `let loaded;\nconst load = () => (loaded ??= require('./${module.file}'));\n${forwarders.join('\n')}\n`, loader: 'js' };
    });
    plugin.onResolve({ filter: /^\.\/lazy-.*\.cjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const { metafile } = await build({
  entryPoints: {
    convolab: 'src-main/cli/built.ts',
    'engine-worker': 'src-main/host/worker.ts',
    'band-worker': 'src-main/host/parallel/worker.ts',
    'batch-worker': 'src-main/cli/batch-worker.ts',
  },
  outdir: fresh,
  outExtension: { '.js': '.mjs' },
  ...NODE_BUNDLE,
  plugins: [...NODE_BUNDLE.plugins, lazyModules],
  sourcemap: true,
  // Each command's code is a chunk of its own, loaded when that command runs: --version loads
  // next to nothing. Chunks go beside the entries, at the same depth.
  splitting: true,
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
});
// esbuild's account of which source went into which file and what imports what: the CLI's tests
// check from it what a plain run loads (test/cli/lazy-modules.test.ts).
writeFileSync(`${fresh}/meta.json`, JSON.stringify(metafile));
const old = `${outdir}.old-${process.pid}`;
if (existsSync(outdir)) renameSync(outdir, old);
renameSync(fresh, outdir);
rmSync(old, { recursive: true, force: true });
process.stdout.write(`build-cli: wrote ${outdir}/convolab.mjs, engine-worker.mjs, band-worker.mjs, batch-worker.mjs and ${[...lazy.values()].map(({ file }) => file).join(', ')}\n`);
