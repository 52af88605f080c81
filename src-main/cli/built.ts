/**
 * The built CLI's entry: scripts/build-cli.mjs bundles it into out/cli/convolab.mjs, beside the
 * engine worker and the DSP band worker it starts. Nothing is compiled when it starts, which is
 * what makes `convolab --version` and a small `convolab run` quick. bin/convolab.mjs runs it.
 */
import './built-workers';

export { runProcess } from './main';
