#!/usr/bin/env node
// The installed `convolab` command: runs the CLI from its TypeScript source through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
