#!/usr/bin/env node
// The installed `convolab` command: runs the CLI from its TypeScript source through tsx.
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('./main.ts');
runProcess(process.argv.slice(2));
