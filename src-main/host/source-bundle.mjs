// Starts a worker thread's code from TypeScript source without a TypeScript loader in the
// thread. Registering tsx in a worker cost about 90 MB per thread (its loader's own thread,
// the compiled module graph and every file's source map kept for stack traces): an engine
// host started from source held 214 MB idle against 110 MB for the built worker. esbuild
// (the CLI's bundler) bundles the entry in memory instead, in a few hundred milliseconds,
// into one module under the system's temporary folder, named by its content so threads and
// processes that start the same source share it; the thread then imports that file. esbuild
// runs in a short child process, not in the thread: its API alone left 11 MB in each thread.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';


const project = fileURLToPath(new URL('../..', import.meta.url));
const folder = join(tmpdir(), 'convolab-source-workers');
/** Bundles older than this, unused, are removed (each source edit makes a new one). */
const STALE_MS = 24 * 3600 * 1000;

/**
 * Our own files keep their own import.meta.url (the shipped models are found beside the
 * source, as under tsx); libraries keep the bundle's, as in the built CLI.
 */
const ownMetaUrl = {
  name: 'own-import-meta-url',
  setup(plugin) {
    plugin.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, (args) => {
      if (!args.path.startsWith(project) || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const contents = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: args.path.endsWith('ts') ? 'ts' : 'js' };
    });
  },
};

/** Bundles `entry` (a file URL of a TypeScript module) and returns the bundle's file path. */
/** esbuild's options for Convolab code that runs on Node: these bundles and the built CLI's (scripts/build-cli.mjs). */
/**
 * zod's `z` namespace (classic and mini) re-exports every language's error messages (`z.locales`, 366 KB of the
 * CLI's main chunk, most of it non-ASCII, so slow to decode and parse on every start). Convolab's
 * messages are its own and zod's English default is imported directly (by the classic schemas, and by
 * src-shared/zod-mini.ts), so the namespace is bundled empty.
 */
export const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'without-zod-locales' } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'without-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

export const NODE_BUNDLE = {
  plugins: [withoutZodLocales],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ws loads these optional native speed-ups when they are installed; Convolab does not need them.
  external: ['bufferutil', 'utf-8-validate'],
  // Libraries written as CommonJS call require() for Node's own modules; an ES module has none.
  banner: { js: "import { createRequire as __convolabRequire } from 'node:module'; const require = __convolabRequire(import.meta.url);" },
};

export async function bundleSource(entry) {
  const { build, stop } = await import('esbuild');
  const result = await build({
    ...NODE_BUNDLE,
    entryPoints: [fileURLToPath(entry)],
    write: false,
    plugins: [ownMetaUrl, withoutZodLocales],
    logLevel: 'silent',
  });
  await stop();
  const code = result.outputFiles[0].contents;
  const name = `${createHash('sha256').update(code).digest('hex').slice(0, 20)}.mjs`;
  const path = join(folder, name);
  mkdirSync(folder, { recursive: true });
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Written whole under a name of its own, then renamed: a reader never sees half a file.
    const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, code);
    renameSync(partial, path);
    removeStale();
  }
  return path;
}

function removeStale() {
  try {
    for (const file of readdirSync(folder)) {
      const path = join(folder, file);
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    }
  } catch {
    // Best effort: another process may be removing the same files.
  }
}

/** Bundles `entry` (in a child process) and runs it in this thread. */
export async function importSource(entry) {
  const path = execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(entry)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  await import(pathToFileURL(path).href);
}

// The child: bundles the entry it is given and prints the bundle's path.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) {
  process.stdout.write(`${await bundleSource(new URL(process.argv[2]))}\n`);
}
