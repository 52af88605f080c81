/**
 * The built CLI's entry: scripts/build-cli.mjs bundles it into out/cli/convolab.mjs, beside the
 * engine worker and the DSP band worker it starts. Nothing is compiled when it starts, which is
 * what makes `convolab --version` and a small `convolab run` quick. bin/convolab.mjs imports it
 * and calls runProcess; `node out/cli/convolab.mjs …` runs it directly.
 */
import './built-workers';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './main';

export { runProcess };

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) runProcess(process.argv.slice(2));
