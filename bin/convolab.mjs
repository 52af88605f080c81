#!/usr/bin/env node
// The installed `convolab` command: the built CLI in out/cli/ (which `npm install` makes through
// the prepare script, and `npm run build:cli` remakes), else the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1 and later keep V8's compiled code of the modules loaded from here on in a cache on
// disk (in the system's temporary folder), so a later start parses less; Node 20 has no such
// cache and starts as before. (TypeScript's own `tsc` does the same.)
module.enableCompileCache?.();

const built = new URL('../out/cli/convolab.mjs', import.meta.url);
if (existsSync(built)) {
  const { runProcess } = await import(built.href);
  runProcess(process.argv.slice(2));
} else {
  await import('../src-main/cli/convolab.mjs');
}
