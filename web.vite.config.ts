/**
 * The static web build (`npm run build:web` → out/web/): the same renderer as the desktop app
 * and `convolab serve`, started by src-renderer/bridge/web-host/main.ts, which installs the
 * in-page host (the engine in a Web Worker with the WebAssembly kernels). Static files only, with
 * relative paths, so any static file server can serve the folder from any path.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy, withPolicyMeta } from './src-main/web/csp';

const root = import.meta.dirname;
const WASM_MODULE = 'virtual:convolab-dsp-wasm';
const GENERATED_WASM = resolve(root, 'src-main/dsp/dsp-wasm.generated.js');
const MODEL_FILE = /\.safetensors$/;

/**
 * The page starts from the web host's entry instead of main.tsx, and carries the policy with
 * WebAssembly compilation allowed (for its engine worker).
 */
export function webPagePlugin(): Plugin {
  return {
    name: 'convolab-web-page',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => {
        const entry = '<script type="module" src="./main.tsx"></script>';
        if (!html.includes(entry)) throw new Error(`src-renderer/index.html no longer loads ${entry}: update web.vite.config.ts`);
        return withPolicyMeta(html.replace(entry, '<script type="module" src="./bridge/web-host/main.ts"></script>'), contentSecurityPolicy({ wasm: true }));
      },
    },
  };
}

/** The kernels' bytes for the engine worker: the module build-wasm.ts generates for every host. */
export function dspWasmPlugin(): Plugin {
  return {
    name: 'convolab-dsp-wasm',
    resolveId: (id) => {
      if (id !== WASM_MODULE) return undefined;
      if (!existsSync(GENERATED_WASM)) throw new Error('the WebAssembly kernels are not built: run `npm run build:wasm` first');
      return GENERATED_WASM;
    },
  };
}

/** The shipped models (op.unet3d's default weights) beside the page, where the worker fetches them. */
export function modelsPlugin(): Plugin {
  return {
    name: 'convolab-models',
    apply: 'build',
    generateBundle() {
      const folder = resolve(root, 'models');
      for (const name of readdirSync(folder).filter((file) => MODEL_FILE.test(file))) {
        this.emitFile({ type: 'asset', fileName: `models/${name}`, source: readFileSync(resolve(folder, name)) });
      }
    },
  };
}

const version = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version;

export default defineConfig({
  root: resolve(root, 'src-renderer'),
  base: './',
  // Nothing is copied from a public folder: the examples are bundled (files/examples.ts).
  publicDir: false,
  plugins: [react(), webPagePlugin(), dspWasmPlugin(), modelsPlugin()],
  define: { 'import.meta.env.VITE_CONVOLAB_VERSION': JSON.stringify(version) },
  worker: { format: 'es', plugins: () => [dspWasmPlugin()] },
  build: {
    outDir: resolve(root, 'out/web'),
    emptyOutDir: true,
    // Module workers and top-level code as today's browsers run them.
    target: 'es2022',
    minify: 'esbuild',
    // The app's chunk (React, React Flow, the node catalogue) and the worker's (the engine and
    // its kernels) are each loaded whole at start: splitting them would only add requests.
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      input: { index: resolve(root, 'src-renderer/index.html') },
      onwarn: (warning, warn) => {
        // zod's sources carry /* @__PURE__ */ marks where Rollup cannot use them; nothing to fix here.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
});
