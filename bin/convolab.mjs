#!/usr/bin/env node
// The installed `convolab` command: the built CLI in out/cli/ (which `npm install` makes through
// the prepare script, and `npm run build:cli` remakes), else the TypeScript source through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../out/cli/convolab.mjs', import.meta.url);
if (existsSync(built)) {
  const { runProcess } = await import(built.href);
  runProcess(process.argv.slice(2));
} else {
  await import('../src-main/cli/convolab.mjs');
}
