import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { withPolicyMeta } from './src-main/web/csp';

/**
 * The built page carries Convolab's Content-Security-Policy (src-main/web/csp.ts) as a meta tag,
 * so it holds wherever the page is loaded from, besides the header that the Electron window's
 * convolab://app protocol and `convolab serve` send with it. The dev server is left without
 * it: React's fast refresh needs an inline script.
 */
export function contentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'convolab-csp',
    apply: 'build',
    transformIndexHtml: (html) => withPolicyMeta(html),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [react(), contentSecurityPolicyPlugin()],
    build: {
      outDir: 'out/renderer',
      // Minified: a third of the bytes for every page (each window and each served page) to parse.
      minify: 'esbuild',
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
